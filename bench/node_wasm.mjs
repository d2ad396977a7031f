// gradscope's init lab in Node: the same wasm as the page, built with
// `wasm-bindgen --target nodejs`, timed by the same code as in Chromium (page.mjs).
// The facade touches web-sys only when drawing, so the nodejs target instantiates as is.
// Usage: node bench/node_wasm.mjs --pkg <dir with gradscope.js + gradscope_bg.wasm>
// Prints one JSON object: {"init_lab_ms", "init_forward_ms", "init_backward_ms"} (one thread).

import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gradscopeInitLab, localPool } from './init_lab.mjs';
import { runInitLab } from '../www/js/scenes/init_lab/split.js';
import { JOBS } from '../www/js/workers/jobs.js';

const { values } = parseArgs({ options: { pkg: { type: 'string' } } });
if (!values.pkg) {
  console.error('usage: node bench/node_wasm.mjs --pkg <wasm-bindgen --target nodejs dir>');
  process.exit(2);
}
// The nodejs target is CommonJS and instantiates the wasm synchronously on require.
const wasm = createRequire(import.meta.url)(path.resolve(values.pkg, 'gradscope.js'));
console.log(JSON.stringify(await gradscopeInitLab(wasm, runInitLab, localPool(wasm, JOBS))));
