// Start what the page waits for longest — the wasm module and the reader's language — as soon
// as these two small modules have loaded, not after the whole module graph (index.html runs
// this script first; main.js awaits the same promises; the single file bundles it in).

import { compileWasm, hasSimd } from './workers/wasm_build.js';
import { initialLanguage, loadLanguage } from './shell/i18n.js';

/** `{ wasm, language }` promises, or null below the browser floor (main.js says so). */
export const booted = hasSimd() ? { wasm: compileWasm(), language: loadLanguage(initialLanguage()) } : null;
// main.js awaits them; until it does, a failure must not count as unhandled.
booted?.wasm.catch(() => {});
booted?.language.catch(() => {});
