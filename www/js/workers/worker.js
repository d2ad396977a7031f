// A pool worker: its own instance of the gradscope wasm and the scenes' computing objects.
// Messages are `{ id, kind, payload }`; each is answered `{ id, ok, value }` or
// `{ id, ok: false, error, refusal, panic }` (a refusal as data, for the page to word; a
// panic's message, after which the pool replaces this worker).

import init, * as wasm from '../../pkg/gradscope.js';
import { JOBS } from './jobs.js';

let ready = null;
const state = {}; // per-job-family objects (e.g. one InitLabWorker), created on first use

self.onmessage = async ({ data: { id, kind, payload } }) => {
  if (kind === 'init') {
    ready = init({ module_or_path: payload.module });
    return;
  }
  try {
    await ready;
    const job = JOBS[kind];
    if (!job) throw new Error(`unknown job ${kind}`);
    const { value, transfer } = job(wasm, state, payload);
    self.postMessage({ id, ok: true, value }, transfer ?? []);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const panic = err instanceof WebAssembly.RuntimeError ? (wasm.takePanic() ?? message) : null;
    const refusal = panic ? null : wasm.takeRefusal();
    self.postMessage({ id, ok: false, error: message, refusal, panic });
  }
};
