// The scene lifecycle every scene module fills in, and the part of it the kit drives, so no scene
// repeats it: a module's `mount(root, kit)` builds its DOM and state and returns
//   { draw, relabel?, unmount?, view, actions? }
// — `draw()` paints the canvases at their current size, `relabel()` rewrites what the language
// changes besides them, `unmount()` releases what the scene started (loops, runs, panels), and
// `view()` is its wasm object of the moment (null while it is built), whose link the page keeps.
// The kit redraws on resize, runs relabel then draw on a new language, stops both once the scene
// is gone (`kit.live()`), and frees the view on unmount.

import { showError, clearError, errorText, inTasks } from '../shell/ui.js';

/** Mount `module` in `root`; the handle main.js keeps: `{ unmount, relabel, encoded, actions }`. */
export function mountSceneModule(module, root, { wasm, encodedState, commit, crashed }) {
  let live = true;
  const alive = () => live;
  const kit = {
    wasm,
    encodedState,
    commit,
    crashed,
    live: alive,
    /** `steps` one task each while the scene is on screen (see ui.js `inTasks`). */
    inTasks: (steps) => inTasks(alive, steps),
  };
  const scene = module.mount(root, kit);
  const redraw = () => live && scene.draw();
  window.addEventListener('resize', redraw);
  return {
    unmount() {
      if (!live) return;
      live = false;
      window.removeEventListener('resize', redraw);
      scene.unmount?.();
      scene.view?.()?.free(); // may throw after a panic: main.js drops the scene either way
    },
    relabel() {
      if (!live) return;
      scene.relabel?.();
      scene.draw();
    },
    // Until a scene has built its view (in a later task or a worker) its link is the one it came with.
    encoded: () => scene.view?.()?.toHash() ?? encodedState,
    actions: scene.actions,
  };
}

/** Take a change with `set()`: a refusal shows in the banner and `refused()` puts the last good
 * values back in the controls; else the banner's old refusal goes. Whether the change was taken. */
export function attempt(set, refused = () => {}) {
  try {
    set();
  } catch (err) {
    showError(errorText(err));
    refused();
    return false;
  }
  clearError();
  return true;
}
