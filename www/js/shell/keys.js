// Keyboard shortcuts for the lecture hall: space play/pause, → step, r reset, 1–9 presets,
// [ and ] learning rate ÷/× √10, b batch norm, p presenter mode, c its controls drawer,
// f fullscreen, s share (the QR code), ? this list.
// Keys typed into a field, or space/Enter on a focused button, keep their usual meaning.

const SQRT10 = Math.sqrt(10);

/** Whether the key belongs to the focused control rather than to the page. */
function controlOwnsKey(event) {
  const target = event.target;
  if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) && target.type !== 'checkbox') return true;
  return ['BUTTON', 'SUMMARY', 'INPUT'].includes(target.tagName) && [' ', 'Enter'].includes(event.key);
}

/** Install the shortcuts; `actions()` returns the mounted scene's actions (any may be missing). */
export function installShortcuts({ actions, togglePresenter, toggleHelp, toggleControls, share }) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || controlOwnsKey(event)) return;
    const a = actions() ?? {};
    const run = (fn, ...args) => {
      if (!fn) return;
      event.preventDefault();
      fn(...args);
    };
    switch (event.key) {
      case ' ': return run(a.playPause);
      case 'ArrowRight': return run(a.step);
      case 'r': return run(a.reset);
      case '[': return run(a.scaleLearningRate, 1 / SQRT10);
      case ']': return run(a.scaleLearningRate, SQRT10);
      case 'b': return run(a.toggleBatchNorm);
      case 'p': return run(togglePresenter);
      case 'c': return run(toggleControls);
      case 'f': return run(toggleFullscreen);
      case 's': return run(share);
      case '?': return run(toggleHelp);
      default:
        if (/^[1-9]$/.test(event.key)) run(a.preset, Number(event.key) - 1);
    }
  });
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen?.().catch(() => {});
}
