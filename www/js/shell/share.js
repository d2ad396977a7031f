// Share with the class: a dialog with a large QR code of the exact state on screen and its
// link, as short as the state allows (fields at their defaults left out), to scan from the back
// of a lecture hall. Made in the page (the wasm's QR encoder): works offline and from the
// single file.

import { t } from './i18n.js';
import { flushHash } from './state.js';

/** Blank modules around the code, as the QR standard asks (readers need the margin). */
const QUIET = 4;

/** The link to the state on screen: a scene's fields shortened, a lecture step as it is, the
 * language and `hide=` kept. */
export function sharedLink(wasm) {
  flushHash();
  const url = new URL(location.href);
  const params = new URLSearchParams(url.hash.replace(/^#/, ''));
  const scene = params.get('scene');
  if (scene && !params.has('lecture')) {
    const hide = params.get('hide');
    params.delete('scene');
    params.delete('hide');
    let fields = params.toString();
    try {
      fields = wasm.shortLink(scene, fields);
    } catch {
      // A state the scene refuses is not on screen (its last good state is): share it whole.
    }
    url.hash = [`scene=${scene}`, fields, hide === null ? '' : `hide=${hide}`].filter(Boolean).join('&');
  }
  return url.href;
}

/** Draw `text`'s QR code on `canvas`, `px` CSS pixels square, whole pixels per module. */
function drawCode(canvas, wasm, text, px) {
  const modules = wasm.qrModules(text);
  const width = Math.round(Math.sqrt(modules.length));
  const side = width + 2 * QUIET;
  const ratio = window.devicePixelRatio || 1;
  const scale = Math.max(1, Math.floor((px * ratio) / side));
  canvas.width = canvas.height = side * scale;
  canvas.style.width = canvas.style.height = `${(side * scale) / ratio}px`;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  for (let r = 0; r < width; r += 1) {
    for (let c = 0; c < width; c += 1) {
      if (modules[r * width + c]) ctx.fillRect((c + QUIET) * scale, (r + QUIET) * scale, scale, scale);
    }
  }
}

/** Wire the Share button to its dialog. */
export function installShare(wasm, { button, dialog, copy }) {
  const canvas = dialog.querySelector('canvas');
  const linkText = dialog.querySelector('.share-link');
  const open = () => {
    const link = sharedLink(wasm);
    linkText.textContent = link;
    linkText.href = link;
    dialog.showModal();
    // As large as the screen leaves below the title and above the link.
    const px = Math.min(window.innerWidth * 0.8, window.innerHeight - 16 * 16);
    drawCode(canvas, wasm, link, Math.max(160, px));
    canvas.setAttribute('aria-label', t('share.code_alt', { link }));
  };
  button.addEventListener('click', open);
  dialog.querySelector('.share-copy').addEventListener('click', () => copy(linkText.textContent));
  return { open };
}
