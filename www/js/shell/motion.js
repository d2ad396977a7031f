// Reduced motion (WCAG 2.3.3): when the system asks for it, a scene's Play steps ahead and
// draws once per press instead of animating, until the viewer asks for animation with the top
// bar's "Animate" switch (remembered in this browser; shown only under that setting).

import { button, setLabel } from './ui.js';
import { createLoop } from './loop.js';

const query = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
const STORE_KEY = 'gradscope.animate';

function stored() {
  try {
    return localStorage.getItem(STORE_KEY) === 'yes';
  } catch {
    return false; // storage refused (a private window, a file:// policy): follow the system
  }
}

let asked = stored();

/** Whether Play animates (false: it steps ahead once per press). */
export function animate() {
  return !query?.matches || asked;
}

/**
 * A scene's Play button and its animation loop. `frame()` runs every animation frame (false:
 * the animation is over), `start()` before playing (e.g. rewind at the end; false: not now), `stepAhead()` is
 * one press under reduced motion, `stopped()` runs when a running animation ends or pauses.
 */
export function playback({ playKey, pauseKey, frame, start = () => {}, stepAhead, stopped = () => {} }) {
  const idleLabel = () => setLabel(node, animate() ? playKey : 'motion.step_ahead');
  const loop = createLoop(() => {
    if (frame() !== false) return true;
    idleLabel();
    stopped();
    return false;
  });
  const play = () => {
    if (start() === false) return; // not ready (e.g. the network is still being built)
    loop.start();
    setLabel(node, pauseKey);
  };
  const pause = () => {
    const wasRunning = loop.running;
    loop.stop();
    idleLabel();
    if (wasRunning) stopped();
  };
  const toggle = () => {
    if (loop.running) pause();
    else if (animate()) play();
    else stepAhead();
  };
  const node = button({ i18n: playKey, primary: true, onClick: toggle });
  idleLabel();
  return { button: node, play, pause, toggle, get running() { return loop.running; } };
}

/** Wire the top bar's switch; `changed()` runs after every change (the system's or the viewer's). */
export function installMotionSwitch(switchButton, changed) {
  const show = () => {
    switchButton.hidden = !query?.matches;
    switchButton.setAttribute('aria-pressed', String(asked));
  };
  switchButton.addEventListener('click', () => {
    asked = !asked;
    try {
      localStorage.setItem(STORE_KEY, asked ? 'yes' : 'no');
    } catch {
      // not remembered; it still holds for this page
    }
    show();
    changed();
  });
  query?.addEventListener('change', () => {
    show();
    changed();
  });
  show();
}
