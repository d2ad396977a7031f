// Page entry: load wasm and the language, build the scene tabs, mount the scene named in the
// hash (or the first one), and keep language and hash in sync. Scenes live in scenes/*.js and
// are mounted through the kit (scenes/kit.js); the page around them is shell/, the pool workers/.

import init, * as wasm from '../pkg/gradscope.js';
import { initialLanguage, loadLanguage, applyTranslations, currentLanguage, t } from './shell/i18n.js';
import { readHash, writeHash, writeLectureHash, flushHash, setHidden, hiddenControls } from './shell/state.js';
import { el, showError, clearError, errorText, setRefusalSource } from './shell/ui.js';
import { installShortcuts } from './shell/keys.js';
import { SCENES } from './scenes/index.js';
import { mountSceneModule } from './scenes/kit.js';
import { setWasmModule, workerPool } from './workers/pool.js';
import { hasSimd } from './workers/wasm_build.js';
import { booted } from './boot.js';
import { createLecture } from './shell/lecture.js';
import { installPathEditor } from './shell/path_editor.js';
import { checkPath, unpackPath } from './shell/path.js';
import { installShare } from './shell/share.js';
import { installMotionSwitch } from './shell/motion.js';

let mounted = null; // { id, handle } of the scene on screen
let lecture = null; // the lecture path (its steps mount scenes; while it is open the hash holds the step)
let editor = null; // the own path's editor

function mountScene(id, encodedState) {
  mounted?.handle.unmount();
  const root = document.getElementById('scene');
  root.replaceChildren();
  root.inert = false;
  const scene = SCENES.find((s) => s.id === id);
  const commit = (encoded) => lecture?.active || writeHash(id, encoded);
  const handle = mountSceneModule(scene.module, root, { wasm, encodedState, commit, crashed: stopScene });
  mounted = { id, handle };
  hideControls(id);
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.dataset.scene === id;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
}

function buildTabs() {
  const nav = document.querySelector('.tabs');
  for (const scene of SCENES) {
    // The short name on the tab (one row of tabs on a projector), the full one as its name.
    const tab = el('button', { type: 'button', role: 'tab', id: `tab-${scene.id}`, 'aria-controls': 'scene', i18n: `${scene.i18n}.short`, i18nAria: scene.i18n });
    tab.dataset.scene = scene.id;
    tab.addEventListener('click', () => {
      clearError();
      lecture.close(false);
      mountScene(scene.id, '');
    });
    nav.append(tab);
  }
  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  nav.addEventListener('keydown', (event) => {
    const tabs = [...nav.querySelectorAll('[role="tab"]')];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0 || !['ArrowLeft', 'ArrowRight'].includes(event.key)) return;
    const next = tabs[(i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    next.click();
  });
}

/** Hide the controls a `hide=` link names by their link keys (`hide=lr,act`): each key's field
 * (the scene's field table, as the registry lists it) names the control by its label; keys this
 * scene does not have are simply absent here. */
function hideControls(sceneId) {
  const fields = wasm.sceneFields(sceneId);
  const root = document.getElementById('scene');
  for (const key of hiddenControls()) {
    const field = fields.find((f) => f.key === key);
    if (!field) continue;
    for (const label of root.querySelectorAll(`.controls [data-i18n="${CSS.escape(field.label)}"]`)) {
      label.closest('.control, .check, fieldset')?.classList.add('presenter-hidden');
    }
  }
}

/** Mount from the hash; an unknown scene is refused with a message and the first scene is shown. */
function mountFromHash() {
  clearError(); // a new link: the previous link's refusal no longer applies
  const { scene, rest, hide, lecture: lectureNumber, path, step } = readHash();
  const refused = setHidden(hide?.split(',').filter(Boolean) ?? []);
  if (refused.length) showError(t('error.hide', { names: refused.join(', ').slice(0, 80) }));
  if (path !== null) {
    openPathLink(path, Number(step) || 1);
    return;
  }
  if (lectureNumber !== null) {
    if (!lecture.open(Number(lectureNumber), Number(step ?? 1))) showError(t('lecture.unknown', { lecture: lectureNumber.slice(0, 10), step: String(step).slice(0, 10) }));
    return;
  }
  lecture.close(false);
  if (scene === null || SCENES.some((s) => s.id === scene)) {
    mountScene(scene ?? SCENES[0].id, rest);
  } else {
    mountScene(SCENES[0].id, '');
    showError(t('error.unknown_scene', { scene: scene.slice(0, 40), shown: t(`${SCENES[0].i18n}.short`) }));
  }
}

/** Play the own path a link packs (`#path=…&step=2`); a damaged or refused one is named, and the
 * first scene shown. */
async function openPathLink(packed, step) {
  let checked;
  try {
    checked = checkPath(wasm, await unpackPath(packed));
  } catch (err) {
    checked = { message: t('path.damaged', { message: errorText(err).slice(0, 120) }) };
  }
  if (checked.path) {
    lecture.play(checked.path, step, packed);
    return;
  }
  lecture.close(false);
  mountScene(SCENES[0].id, '');
  showError(t('path.refused_link', { reason: checked.message }));
}

/**
 * A Rust panic traps the wasm call in progress, leaving that scene's objects mid-update. Stop
 * the scene, freeze its controls, say what happened, and offer to rebuild it from its defaults
 * without a reload (the other scenes and the page keep working).
 */
function reportCrash(err) {
  if (err instanceof WebAssembly.RuntimeError && mounted) stopScene(wasm.takePanic() ?? errorText(err));
}

/** Stop the mounted scene after a panic (here or in a worker), with `message` and "Reset scene". */
function stopScene(message) {
  if (!mounted) return;
  const { id, handle } = mounted;
  mounted = null;
  try {
    handle.unmount();
  } catch {
    // The object that panicked is still marked as borrowed and refuses to be freed; it goes
    // with the scene.
  }
  document.getElementById('scene').inert = true;
  const reset = () => {
    clearError();
    mountScene(id, '');
  };
  showError(t('error.crash', { message }), { i18n: 'app.reset_scene', run: reset });
}

/** The height above the scene (top bar and lecture caption, as laid out now): presenter mode
 * sizes its figures to the screen's height left below it (`--chrome` in style.css). */
function measureChrome() {
  const bar = document.getElementById('lecture-bar');
  const used = document.querySelector('header.top').offsetHeight + (bar && !bar.hidden ? bar.offsetHeight : 0);
  document.documentElement.style.setProperty('--chrome', `${used + 16}px`);
}

/** Tell screen readers `text` (a polite status line). */
function announce(text) {
  document.getElementById('announce').textContent = text;
}

/** Copy `url`; if the browser refuses, show it to copy by hand. */
async function copy(url) {
  try {
    await navigator.clipboard.writeText(url);
    announce(t('app.link_copied'));
  } catch {
    showError(t('app.copy_failed', { url }));
  }
}

/** Share (QR code and link), presenter mode, the shortcut list, the keyboard shortcuts and the motion switch. */
function installClassroomTools() {
  const presenterButton = document.getElementById('presenter');
  const controlsButton = document.getElementById('controls-toggle');
  const root = document.documentElement;
  // Presenter mode keeps the controls in a drawer: "Controls" (or c) opens and closes it.
  const toggleControls = (open = !root.classList.contains('controls-open')) => {
    root.classList.toggle('controls-open', open);
    controlsButton.setAttribute('aria-expanded', String(open));
  };
  const togglePresenter = () => {
    const on = root.classList.toggle('presenter');
    presenterButton.setAttribute('aria-pressed', String(on));
    toggleControls(false);
    wasm.setPresenter(on);
    measureChrome();
    window.dispatchEvent(new Event('resize')); // scenes redraw their canvases at the new size
  };
  controlsButton.addEventListener('click', () => toggleControls());
  const help = document.getElementById('help');
  const toggleHelp = () => (help.open ? help.close() : help.showModal());
  presenterButton.addEventListener('click', togglePresenter);
  document.getElementById('help-button').addEventListener('click', toggleHelp);
  const share = installShare(wasm, { button: document.getElementById('share-button'), dialog: document.getElementById('share'), copy });
  document.getElementById('share-to-path').addEventListener('click', () => {
    document.getElementById('share').close();
    editor.open();
  });
  installShortcuts({
    share: () => !document.querySelector('dialog[open]') && share.open(),
    actions: () => mounted?.handle.actions,
    togglePresenter,
    toggleHelp,
    toggleControls: () => root.classList.contains('presenter') && toggleControls(),
  });
  // A Play that now animates (or steps) says so on its button.
  installMotionSwitch(document.getElementById('motion'), () => mounted?.handle.actions?.motionChanged?.());
  return { presenter: (on) => root.classList.contains('presenter') !== on && togglePresenter() };
}

async function setLanguage(lang) {
  await loadLanguage(lang);
  applyTranslations(document);
  document.getElementById('lang').value = lang;
  mounted?.handle.relabel();
  lecture.relabel();
  editor.relabel();
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(null, '', url);
}

/** Resolves once the page and its stylesheet have loaded (canvases are sized from the layout). */
function pageLoaded() {
  return document.readyState === 'complete' ? Promise.resolve() : new Promise((r) => window.addEventListener('load', r, { once: true }));
}

/** Below the browser floor: say so in the reader's language, with the versions that work,
 * instead of a page that never starts. */
async function showUnsupported() {
  await loadLanguage(initialLanguage()).catch(() => {});
  applyTranslations(document);
  const note = el('section', { class: 'placeholder unsupported', role: 'alert' },
    [el('h2', { i18n: 'app.unsupported_title' }), el('p', { i18n: 'app.unsupported' })]);
  document.getElementById('scene').replaceChildren(note);
  document.querySelector('.top-tools').hidden = true; // none of them works without the wasm
  document.documentElement.dataset.ready = 'unsupported';
}

/** `?embed=1`: the scene alone for a frame in slides or a course page (no top bar, no tabs):
 * the projector view, its controls' drawer behind one corner button. */
function embedMode(tools) {
  if (new URLSearchParams(location.search).get('embed') !== '1') return;
  document.documentElement.classList.add('embed');
  document.body.append(document.getElementById('controls-toggle'));
  tools.presenter(true);
}

async function main() {
  if (!hasSimd()) {
    await showUnsupported();
    return;
  }
  try {
    const [module] = await Promise.all([booted.wasm, booted.language, pageLoaded()]);
    await init({ module_or_path: module });
    setWasmModule(module);
  } catch (err) {
    showError(t('app.start_failed', { message: errorText(err) }));
    return;
  }
  setRefusalSource(wasm.takeRefusal);
  const pixelRatio = () => wasm.setPixelRatio(window.devicePixelRatio || 1);
  pixelRatio();
  window.addEventListener('resize', pixelRatio); // zooming changes the ratio and fires resize
  document.getElementById('lang').value = currentLanguage();
  document.getElementById('lang').addEventListener('change', (e) => setLanguage(e.target.value));
  document.getElementById('banner-close').addEventListener('click', clearError);
  applyTranslations(document);
  window.addEventListener('error', (event) => reportCrash(event.error));
  window.addEventListener('unhandledrejection', (event) => reportCrash(event.reason));
  buildTabs();
  const tools = installClassroomTools();
  embedMode(tools);
  // The lecture path is shown as the projector view; leaving it restores the view it found.
  let presenterBefore = false;
  const shown = (on) => {
    if (on) presenterBefore = document.documentElement.classList.contains('presenter');
    tools.presenter(on || presenterBefore);
  };
  lecture = createLecture({
    builtIn: wasm.lecturePath(),
    edit: () => editor.open(),
    shown,
    mount: mountScene,
    writeStep: writeLectureHash,
    leave: () => {
      if (!mounted) return;
      writeHash(mounted.id, mounted.handle.encoded());
      flushHash();
    },
    arrive: () => mounted?.handle.actions?.arrive?.(),
    measured: () => {
      measureChrome();
      window.dispatchEvent(new Event('resize')); // the figures take the height the caption leaves
    },
  });
  editor = installPathEditor(wasm, {
    current: () => ({ scene: mounted?.id ?? SCENES[0].id, link: mounted?.handle.encoded() ?? '' }),
    sceneName: (id) => t(`${SCENES.find((s) => s.id === id)?.i18n}.short`),
    shortLink: (id, link) => {
      try {
        return wasm.shortLink(id, link);
      } catch {
        return link;
      }
    },
    play: (path, packed) => lecture.play(path, 1, packed),
    copy,
    announce,
  });
  window.addEventListener('resize', measureChrome);
  document.getElementById('lecture-button').addEventListener('click', () => lecture.start());
  mountFromHash();
  window.addEventListener('hashchange', () => {
    const { scene, rest, lecture: lectureNumber, path } = readHash();
    if (lectureNumber !== null || path !== null || scene !== mounted?.id || rest !== mounted.handle.encoded()) mountFromHash();
  });
  // Ready once the first frame is painted; a page opened in the background gets no animation
  // frames until it is shown, so a timer marks it too (the scene has drawn by then either way).
  const markReady = () => {
    document.documentElement.dataset.ready = 'true';
  };
  requestAnimationFrame(markReady);
  // The tests read how many workers run and were ever started (replacements included).
  globalThis.gradscopePool = workerPool;
  setTimeout(markReady, 500);
}

main();
