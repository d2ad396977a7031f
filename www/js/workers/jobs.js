// What a pool worker can be asked to do, by kind. Each job gets the worker's wasm module, its
// long-lived objects and the payload, and returns `{ value, transfer }` (ArrayBuffers in
// `transfer` move to the main thread without a copy). No DOM here: this runs in workers.

/** The worker's init-lab object (shard of a split run, or a whole run); `slot: 'preview'` is a
 * second one for previews, so the split's shard keeps its rows and draws. */
const initLab = (wasm, state, slot) => (state[slot === 'preview' ? 'preview' : 'initLab'] ??= new wasm.InitLabWorker());

export const JOBS = {
  'init.shardSet': (wasm, state, { config, start, end, slot }) => {
    initLab(wasm, state, slot).shardSet(config, start, end);
    return { value: null };
  },
  'init.shardHandle': (wasm, state, { request, slot }) => {
    const lab = initLab(wasm, state, slot);
    const reply = lab.shardHandle(request);
    const grad = lab.shardGrad();
    return { value: { reply, grad }, transfer: [reply.buffer, grad.buffer] };
  },
  'init.wholeForward': (wasm, state, { config }) => ({ value: initLab(wasm, state).wholeForward(config) }),
  'init.wholeGradients': (wasm, state) => ({ value: initLab(wasm, state).wholeGradients() }),
  /** A fresh trainer (the digits' bytes come once and stay in the worker). */
  'train.build': (wasm, state, { config, digits }) => {
    if (digits) state.digits = digits;
    state.trainer?.free();
    state.trainer = null; // a refused build leaves no stale trainer behind
    state.trainer = new wasm.TrainerWorker(config, config.dataset === 'digits' ? state.digits : undefined);
    return { value: state.trainer.scenery() };
  },
  /** Apply a config change (hot or a rebuild); the scenery comes along after a rebuild. */
  'train.set': (wasm, state, { config, digits }) => {
    const change = state.trainer.set(config, digits);
    const own = state.trainer.hasOwnPoints();
    return { value: { change, own, scenery: change === 'rebuilt' ? state.trainer.scenery() : null } };
  },
  'train.reset': (wasm, state) => {
    state.trainer.reset();
    return { value: state.trainer.scenery() };
  },
  /** Own points (`[x, y, class, held_out]` each) in place of the generated data; training goes on. */
  'train.points': (wasm, state, { points, refit }) => {
    state.trainer.setPoints(points, refit);
    return { value: state.trainer.scenery() };
  },
  /** Back to the generated data (the trainer rebuilt from its config). */
  'train.clearPoints': (wasm, state) => {
    state.trainer.clearPoints();
    return { value: state.trainer.scenery() };
  },
  /** Early stopping's "restore best weights": whether there was a best epoch to restore. */
  'train.restore': (wasm, state) => ({ value: state.trainer.restoreBest() }),
  /** Train `batches` minibatches (or to the end of the epoch) and return the frame to draw. */
  'train.step': (wasm, state, { batches, epoch, full, planar }) => {
    const trainer = state.trainer;
    const taken = epoch ? trainer.epoch() : trainer.step(batches);
    const frame = trainer.frame(full);
    const pixels = planar ? trainer.pixels() : new Uint8Array(0);
    return { value: { taken, frame, pixels }, transfer: [frame.buffer, pixels.buffer] };
  },
  /** A chunk of a search trial (a `config` starts one): its six numbers once it is over, else null. */
  'search.trial': (wasm, state, { config, digits, steps }) => {
    state.search ??= new wasm.SearchWorker();
    if (config) state.search.start(config, digits);
    return { value: state.search.advance(steps) ?? null };
  },
  /** The learning-rate sweep of a config: `{lr, loss, smoothed, suggested}`. */
  'search.sweep': (wasm, state, { config, digits }) => ({ value: wasm.SearchWorker.sweep(config, digits) }),
  /** Training loss per epoch at a fixed rate. */
  'search.curve': (wasm, state, { config, lr, digits }) => ({ value: wasm.SearchWorker.curve(config, lr, digits) }),
  /** A chunk of one regularization training (a `config` starts training `job`): its epochs so
   * far, or its output's bytes once it is over. */
  'regularize.train': (wasm, state, { config, job, digits, steps }) => {
    state.regularize ??= new wasm.RegularizeWorker();
    if (config) state.regularize.start(config, job, digits);
    const epochs = state.regularize.advance(steps);
    if (epochs !== undefined) return { value: { epochs } };
    const output = state.regularize.finish();
    return { value: { output }, transfer: [output.buffer] };
  },
  /** A chunk of one landscape network's training (a `config` starts network `net`): its epochs
   * so far, or its output's bytes once it is over. */
  'landscape.train': (wasm, state, { config, net, digits, steps }) => {
    state.landscape ??= new wasm.LandscapeWorker();
    if (config) state.landscape.start(config, net, digits);
    const epochs = state.landscape.advance(steps);
    if (epochs !== undefined) return { value: { epochs } };
    const output = state.landscape.finish();
    return { value: { output }, transfer: [output.buffer] };
  },
  /** A chunk of the trainer page's with/without-batch-norm runs (a `config` starts one): the
   * followed layer's percentiles so far, its epochs, and whether it is over. */
  'landscape.percentiles': (wasm, state, { config, layer, digits, steps }) => {
    state.percentiles ??= new wasm.LandscapeWorker();
    if (config) state.percentiles.startTrainer(config, layer, digits);
    const epochs = state.percentiles.advance(steps);
    const percentiles = state.percentiles.percentiles();
    return { value: { percentiles, epochs: epochs ?? 0, over: epochs === undefined }, transfer: [percentiles.buffer] };
  },
  /** Rows `start..end` of a network's slice around its trained weights, as bytes. */
  'landscape.band': (wasm, state, { config, net, digits, input, start, end }) => {
    const rows = wasm.LandscapeWorker.band(config, net, digits, input, start, end);
    return { value: rows, transfer: [rows.buffer] };
  },
  /** The worker's wasm memory in bytes (the memory test watches the workers too). */
  memory: (wasm) => ({ value: wasm.wasmMemoryBytes() }),
  /** A deliberate panic (the end-to-end test of a worker's crash and replacement). */
  panic: (wasm) => {
    wasm.panicForTest();
    return { value: null };
  },
};
