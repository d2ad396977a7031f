// Which wasm build the page runs, and compiling it once (the page instantiates the module, and
// so does every pool worker).

/** A module whose one function uses f32x4.relaxed_madd: it validates where relaxed SIMD runs. */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  ...[0, 0, 0].flatMap(() => [253, 12, ...new Array(16).fill(0)]), 253, 133, 2, 11,
]);

/** A module whose one function returns a v128 constant: it validates where WebAssembly SIMD
 * runs, the feature that sets the page's browser floor (README, "Browsers"). */
const SIMD128_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, ...new Array(16).fill(0), 11,
]);

/** Whether this browser can run the page at all (both builds need simd128). */
export function hasSimd() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD128_PROBE);
}

/** Which build runs: the relaxed-SIMD one (fused multiply-add kernels) where the browser has
 * it, else the simd128 one; `?wasm=simd128` forces the latter (the tests run both). */
export function wasmBuild() {
  const asked = new URLSearchParams(location.search).get('wasm');
  return asked !== 'simd128' && WebAssembly.validate(RELAXED_SIMD_PROBE) ? 'relaxed' : 'simd128';
}

/** The wasm module compiled once: the page instantiates it, and so does every pool worker.
 * The single file carries the bytes inline; the served page fetches them. */
export async function compileWasm() {
  const embedded = globalThis.GRADSCOPE_EMBEDDED?.wasm; // the single file carries the simd128 build
  const build = embedded ? 'simd128' : wasmBuild();
  const file = build === 'relaxed' ? 'pkg/gradscope_relaxed_bg.wasm' : 'pkg/gradscope_bg.wasm';
  const bytes = embedded ?? (await (await fetch(new URL(file, document.baseURI))).arrayBuffer());
  document.documentElement.dataset.wasm = build;
  return WebAssembly.compile(bytes);
}
