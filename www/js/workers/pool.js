// The worker pool: heavy computation runs in dedicated Web Workers, each with its own instance
// of the gradscope wasm (no SharedArrayBuffer, so any static host and file:// work). The main
// thread keeps the DOM and the canvases and draws what the workers send back.
//
// One pool per page, navigator.hardwareConcurrency workers (at least 2, at most 8), started
// on first use. A worker that panics or dies is replaced by a fresh one; the calls it had in
// flight fail with the message, so nothing waits for it forever.

const MIN_WORKERS = 2;
const MAX_WORKERS = 8;

let wasmModule = null; // the compiled module, shared with every worker
let pool = null;

/** Keep the page's compiled wasm module for the workers (main.js compiles it once). */
export function setWasmModule(module) {
  wasmModule = module;
}

/** The page's worker pool. */
export function workerPool() {
  pool ??= createPool(poolSize());
  return pool;
}

function poolSize() {
  // `?workers=N` pins the size (tests compare 1 worker with several).
  const asked = Number(new URLSearchParams(location.search).get('workers'));
  const cores = navigator.hardwareConcurrency || MIN_WORKERS;
  return Math.min(MAX_WORKERS, Math.max(1, Number.isInteger(asked) && asked > 0 ? asked : Math.max(MIN_WORKERS, cores)));
}

/** A worker from the inlined script of the single file, or js/workers/worker.js as a module. */
function spawnWorker() {
  const embedded = globalThis.GRADSCOPE_EMBEDDED?.worker;
  if (embedded) {
    const url = URL.createObjectURL(new Blob([embedded], { type: 'text/javascript' }));
    const worker = new Worker(url);
    URL.revokeObjectURL(url);
    return worker;
  }
  return new Worker(new URL('js/workers/worker.js', document.baseURI), { type: 'module' });
}

function createPool(size) {
  const slots = [];
  let nextId = 1;
  let started = 0; // workers ever started (replacements included), for the read-out
  const listeners = new Set();

  function start(index) {
    const worker = spawnWorker();
    started += 1;
    const slot = { worker, pending: new Map(), alive: true };
    worker.onmessage = ({ data }) => {
      const call = slot.pending.get(data.id);
      if (!call) return;
      slot.pending.delete(data.id);
      if (data.ok) {
        call.resolve(data.value);
        return;
      }
      const error = new Error(data.error);
      error.refusal = data.refusal ?? null;
      error.panic = data.panic ?? null;
      call.reject(error);
      if (data.panic) replace(index, data.panic); // its wasm state is undefined after a panic
    };
    worker.onerror = (event) => {
      event.preventDefault();
      replace(index, event.message || 'worker failed');
    };
    worker.postMessage({ id: 0, kind: 'init', payload: { module: wasmModule } });
    slots[index] = slot;
  }

  /** Replace worker `index`: its calls in flight fail with `message`, a fresh one takes over. */
  function replace(index, message) {
    const slot = slots[index];
    if (!slot?.alive) return;
    slot.alive = false;
    slot.worker.terminate();
    for (const call of slot.pending.values()) {
      const error = new Error(message);
      error.panic = message;
      call.reject(error);
    }
    slot.pending.clear();
    start(index);
    for (const listener of listeners) listener(index, message);
  }

  for (let i = 0; i < size; i += 1) start(i);

  return {
    size,
    /** Run `kind` with `payload` on worker `index`; resolves with its value. */
    call(index, kind, payload, transfer = []) {
      const slot = slots[index % size];
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, kind, payload }, transfer);
      });
    },
    /** Called with (index, message) whenever a worker is replaced. */
    onReplaced(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Workers ever started, replacements included (the page's read-out and the tests). */
    get started() {
      return started;
    },
    /** Kill worker `index` as a crash would (for the end-to-end test of the recovery path). */
    kill(index) {
      replace(index, 'worker killed');
    },
  };
}

/**
 * Latest value wins: `run(value)` starts `work(value, isCurrent)` unless work is in flight, in
 * which case only the newest value waits and the ones in between are never sent. `isCurrent()`
 * turns false once a newer value arrived, so superseded results are dropped, never drawn.
 * `onPending(true)` fires when a value arrives with nothing in flight, `onPending(false)` once
 * the newest value's work is done.
 */
export function latestOnly(work, onPending = () => {}) {
  let generation = 0;
  let running = false;
  let waiting = null; // { value } of the newest request not yet started
  let reportError = () => {};

  async function drain() {
    running = true;
    onPending(true);
    while (waiting) {
      const { value } = waiting;
      waiting = null;
      const mine = generation;
      try {
        await work(value, () => mine === generation);
      } catch (err) {
        if (mine === generation) reportError(err);
      }
    }
    running = false;
    onPending(false);
  }
  return {
    run(value) {
      generation += 1;
      waiting = { value };
      if (!running) drain();
    },
    /** Where errors of the current value go (superseded ones are dropped). */
    onError(handler) {
      reportError = handler;
    },
    /** Drop whatever is in flight or waiting (the scene is unmounted). */
    cancel() {
      generation += 1;
      waiting = null;
    },
  };
}

/**
 * `total` independent jobs on every worker of `pool`: each worker takes the next job index and
 * awaits `job(worker, index)` until none is left or `current()` turns false (a newer run
 * started). Resolves when all are done; rejects with the first error of a current run.
 */
export async function onEveryWorker(pool, total, current, job) {
  let next = 0;
  const work = async (w) => {
    while (current() && next < total) {
      const index = next;
      next += 1;
      await job(w, index);
    }
  };
  await Promise.all(Array.from({ length: pool.size }, (_, w) => work(w)));
}
