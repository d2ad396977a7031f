// The in-page half of `cargo xtask bench`: workloads timed inside Chromium (browser.mjs imports
// this module into a blank page) and, for the init lab, inside Node too (node_wasm.mjs), so
// both measure exactly the same calls (bench/init_lab.mjs). Every export returns a plain
// JSON-able object.

import { RUNS, median, round, localPool, gradscopeInitLab, gradscopeInitFirstChange } from './init_lab.mjs';

/** Seconds of training per examples/second figure: long enough to span many epochs. */
const TRAIN_SECONDS = 1.5;
/** Both nets train with plain SGD at this rate, ReLU hidden units, softmax cross-entropy. */
const LR = 0.1;
/** Hash keys for the same nets in gradscope's trainer: 2→8→8→2 (batch 10), 64→100→10 (batch 32). */
const PLAYGROUND_HASH = `ds=spiral&k=2&n=300&layers=2&width=8&act=relu&init=he&opt=sgd&lr=${LR}&batch=10`;
const DIGITS_HASH = `ds=digits&n=1797&layers=1&width=100&act=relu&init=he&opt=sgd&lr=${LR}&batch=32`;
/** Optimizers raced (every one but L-BFGS): 10 paths of 500 steps. */
/** The same training as bench/numpy_ensemble.py: Adam 1e-3, He init, batch 32, half the digits held out. */
/** The landscape scene's bench: one 2→64→64→3 ReLU net on the 3-class spiral (240 training points). */
const LANDSCAPE_HASH = 'nets=plain&layers=2&width=64&grid=41';
const ENSEMBLE_HASH = 'ds=digits&n=1797&layers=1&width=100&act=relu&lr=0.001&epochs=20&batch=32&m=ensemble&k=10&seeds=1';
const RACE_HASH = 'opt=sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw,nadam,adadelta,newton&steps=500';

/** Time `phases` (functions run in order) `RUNS` times after a warm-up; median ms of each phase. */
function timePhases(phases) {
  const samples = phases.map(() => []);
  for (let run = 0; run <= RUNS; run += 1) {
    phases.forEach((phase, i) => {
      const t0 = performance.now();
      phase();
      if (run > 0) samples[i].push(performance.now() - t0);
    });
  }
  return samples.map((s) => round(median(s)));
}

/** Examples per second of `trainEpoch` (returns the examples it trained on) over TRAIN_SECONDS. */
function examplesPerSecond(trainEpoch) {
  trainEpoch(); // warm-up (JIT, caches; gradscope: also lands on an epoch boundary)
  let examples = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < TRAIN_SECONDS * 1000) examples += trainEpoch();
  return Math.round(examples / ((performance.now() - t0) / 1000));
}

/** Throughput of gradscope's trainer (the worker's object): the training loop alone, an
 * epoch's minibatches at a time (as ConvNetJS is timed), and whole `epoch()`s, which also
 * evaluate both splits for the live curves, as on the page. */
function gradscopeTrain(wasm, hash, digits) {
  const trainer = new wasm.TrainerWorker(wasm.TrainerScene.configFromHash(hash), digits);
  // The read-outs as the page gets them: the worker's frame through a view.
  const view = wasm.TrainerScene.fromHash(hash);
  const snapshot = () => view.setFrame(trainer.frame(false), new Uint8Array(0)).snapshot;
  const { trainSize } = snapshot();
  const batch = Number(/batch=(\d+)/.exec(hash)[1]);
  const stepsPerEpoch = Math.ceil(trainSize / batch);
  const trainOnly = examplesPerSecond(() => {
    trainer.trainOnly(stepsPerEpoch);
    return trainSize;
  });
  const withEvaluation = examplesPerSecond(() => {
    trainer.epoch();
    return trainSize;
  });
  if (snapshot().divergedAt != null) throw new Error(`gradscope diverged training ${hash}`);
  trainer.free();
  view.free();
  return { trainOnly, withEvaluation };
}

/** A canvas in the page. Its 2D context is made here with willReadFrequently, which `flush`'s
 * readback wants (Chromium warns otherwise); without a GPU it is a CPU canvas either way. */
function canvas(width, height) {
  const c = document.createElement('canvas');
  Object.assign(c, { width, height });
  c.getContext('2d', { willReadFrequently: true });
  document.body.append(c);
  return c;
}

/** Read one pixel back: makes Chromium finish the pending drawing inside the timed region. */
function flush(...canvases) {
  for (const c of canvases) c.getContext('2d').getImageData(0, 0, 1, 1);
}

/** The page's wasm build for this browser (relaxed SIMD where it validates), compiled. */
async function compileBuild(file) {
  return WebAssembly.compile(await (await fetch(`/pkg/${file}`)).arrayBuffer());
}

/** The regularization scene's 10-member ensemble of 64→100→10 on the digits for 20 epochs, the
 * page's way: one training per member on every worker of the pool, each in one call; median
 * ms until every member's output is in the scene, and the ensemble's validation accuracy. */
async function gradscopeEnsemble(wasm, pool, digits) {
  const { onEveryWorker } = await import('/js/workers/pool.js');
  const R = wasm.RegularizeScene;
  const config = R.configFromHash(ENSEMBLE_HASH);
  const times = [];
  let rows = [];
  for (let run = 0; run < 3; run += 1) {
    const scene = new R(config, digits);
    const start = performance.now();
    await onEveryWorker(pool, scene.jobCount(), () => true, async (w, job) => {
      const answer = await pool.call(w, 'regularize.train', { config, job, digits, steps: 1e9 });
      scene.accept(job, answer.output);
    });
    times.push(performance.now() - start);
    rows = scene.rows();
    scene.free();
  }
  return { ensemble_ms: round(median(times)), ensemble_val_acc: rows[0].valAcc, ensemble_workers: pool.size };
}

/** The landscape scene's way for one network: its training in one worker call, then the 41×41
 * slice's row bands on every worker; median ms of the slice alone and of the whole. */
async function gradscopeLandscape(wasm, pool) {
  const { onEveryWorker } = await import('/js/workers/pool.js');
  const L = wasm.LandscapeScene;
  const config = L.configFromHash(LANDSCAPE_HASH);
  const [slice, total] = [[], []];
  for (let run = 0; run < 3; run += 1) {
    const scene = new L(config);
    const start = performance.now();
    const answer = await pool.call(0, 'landscape.train', { config, net: 0, steps: 1e9 });
    scene.acceptNet(0, answer.output);
    const trained = performance.now();
    const bands = scene.bandJobs();
    const input = scene.bandInput(0);
    await onEveryWorker(pool, bands.length, () => true, async (w, i) => {
      const [net, from, to] = bands[i];
      scene.acceptBand(net, from, await pool.call(w, 'landscape.band', { config, net, input, start: from, end: to }));
    });
    const end = performance.now();
    if (scene.bandsDone() !== bands.length || !Number.isFinite(scene.rows()[0].sliceMax)) throw new Error('landscape: the slice is incomplete');
    slice.push(end - trained);
    total.push(end - start);
    scene.free();
  }
  return { landscape_slice_ms: round(median(slice)), landscape_total_ms: round(median(total)) };
}

/** Everything for gradscope in the page; the facade is served at /pkg/ as on the real page. */
export async function gradscope() {
  const wasm = await import('/pkg/gradscope.js');
  const { wasmBuild } = await import('/js/workers/wasm_build.js');
  const relaxed = wasmBuild() === 'relaxed';
  const module = await compileBuild(relaxed ? 'gradscope_relaxed_bg.wasm' : 'gradscope_bg.wasm');
  await wasm.default({ module_or_path: module });
  const digits = new Uint8Array(await (await fetch('/static/data/digits8x8.bin')).arrayBuffer());
  const { runInitLab } = await import('/js/scenes/init_lab/split.js');
  const { JOBS } = await import('/js/workers/jobs.js');
  const { setWasmModule, workerPool } = await import('/js/workers/pool.js');
  setWasmModule(module);
  const pool = workerPool();
  const result = { wasm_build: relaxed ? 'relaxed' : 'simd128', workers: pool.size };
  Object.assign(result, await gradscopeInitLab(wasm, runInitLab, pool));
  Object.assign(result, await gradscopeInitFirstChange(wasm, runInitLab, pool));
  const single = await gradscopeInitLab(wasm, runInitLab, localPool(wasm, JOBS));
  result.init_lab_single_ms = single.init_lab_ms;
  // The other build, in this thread too: what relaxed SIMD's fused multiply-add is worth.
  const simd128 = await import('/pkg/gradscope.js?simd128');
  await simd128.default({ module_or_path: await compileBuild('gradscope_bg.wasm') });
  result.init_lab_single_simd128_ms = (await gradscopeInitLab(simd128, runInitLab, localPool(simd128, JOBS))).init_lab_ms;

  Object.assign(result, await gradscopeEnsemble(wasm, pool, digits));
  Object.assign(result, await gradscopeLandscape(wasm, pool));
  const playground = gradscopeTrain(wasm, PLAYGROUND_HASH);
  result.train_playground_eps = playground.trainOnly;
  result.train_playground_eval_eps = playground.withEvaluation;
  const digitsRun = gradscopeTrain(wasm, DIGITS_HASH, digits);
  result.train_digits_eps = digitsRun.trainOnly;
  result.train_digits_eval_eps = digitsRun.withEvaluation;

  // A κ drag on the race: all paths recomputed, heatmap + contours, paths and loss chart redrawn
  // (what race.js's apply() does for a surface change, minus the legend's DOM).
  // Tuned rates: at the shared rate some optimizers diverge and stop early, doing less work.
  const race = wasm.RaceScene.fromHash(RACE_HASH);
  const config = race.rateConfig(true);
  race.set(config);
  race.seek(config.steps);
  const [base, overlay, losses] = [canvas(400, 400), canvas(400, 400), canvas(400, 250)];
  let kappa = config.kappa;
  [result.race_recompute_ms] = timePhases([() => {
    kappa = kappa === config.kappa ? config.kappa + 1 : config.kappa; // a real change every run
    race.set({ ...config, kappa });
    race.drawSurface(base);
    race.drawPaths(overlay);
    race.drawLosses(losses);
    flush(base, overlay, losses);
  }]);
  if (race.snapshot().runs.some((r) => r.divergedAt != null)) throw new Error('a race run diverged: fewer than 10×500 steps');
  race.free();

  // The trainer's per-frame decision-boundary update: the worker's 100×100 grid of predictions
  // as pixels, then the main thread's redraw with the points.
  const view = wasm.TrainerScene.fromHash(PLAYGROUND_HASH);
  const trainer = new wasm.TrainerWorker(view.config());
  trainer.epoch();
  view.setScenery(trainer.scenery());
  view.setFrame(trainer.frame(false), trainer.pixels());
  const decision = canvas(200, 200);
  [result.decision_pixels_ms, result.decision_redraw_ms] = timePhases([
    () => view.setFrame(trainer.frame(false), trainer.pixels()),
    () => {
      view.drawDecision(decision);
      flush(decision);
    },
  ]);
  trainer.free();
  view.free();

  // Preprocessing: PCA of the 1797×64 digits (parse, centre, covariance, symmetric
  // eigendecomposition, whitening), and one frame of the stage animation (the moving cloud and
  // the loss surface of linear regression on it, both redrawn).
  const P = wasm.PreprocessScene;
  [result.preprocess_pca_ms] = timePhases([() => new P(P.configFromHash('ds=digits'), digits).free()]);
  const stages = new P(P.configFromHash('ds=positive'), undefined);
  const [cloud, fit] = [canvas(450, 450), canvas(450, 450)];
  let t = 0;
  [result.preprocess_frame_ms] = timePhases([() => {
    t = (t + 1 / 48) % 4; // between two stages: the fit is recomputed on the moving points
    stages.setView(t, 10, 0);
    stages.drawCloud(cloud);
    stages.drawFit(fit);
    flush(cloud, fit);
  }]);
  stages.free();
  return result;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src, onload: resolve, onerror: () => reject(new Error(`cannot load ${src}`)) });
    document.head.append(script);
  });
}

/**
 * The same init-lab workload in tfjs on its wasm backend (single-threaded: the bench page is not
 * cross-origin isolated, as gradscope's page is not). Histograms are tf ops (bin index, then
 * `tf.bincount`); only the 50 counts per histogram come back to JS. tf-core's UMD bundle has no
 * chained ops (`t.mul`), hence the functional calls.
 */
export async function tfjsWasm() {
  const dist = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
  await loadScript('/node_modules/@tensorflow/tfjs-core/dist/tf-core.min.js');
  await loadScript(`${dist}tf-backend-wasm.min.js`);
  const tf = globalThis.tf;
  tf.wasm.setWasmPaths(new URL(dist, location.href).href);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not start');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');

  const [batch, dim, layers, width, bins] = [1000, 500, 10, 500, 50];
  const x = tf.randomNormal([batch, dim], 0, 1, 'float32', 1);
  const ws = Array.from({ length: layers }, (_, l) => tf.tidy(() => tf.mul(tf.randomNormal([l ? width : dim, width], 0, 1, 'float32', l + 2), 0.01)));
  const upstream = tf.randomNormal([batch, width], 0, 1, 'float32', 99);
  const histogram = (t, lo, hi) => {
    const index = tf.cast(tf.clipByValue(tf.floor(tf.mul(tf.div(tf.sub(t, lo), tf.sub(hi, lo)), bins)), 0, bins - 1), 'int32');
    return tf.bincount(tf.reshape(index, [-1]), [], bins);
  };

  let hs = [];
  const [forward, backward] = timePhases([
    () => {
      tf.dispose(hs);
      hs = [];
      const counts = [];
      let h = x;
      for (const w of ws) {
        h = tf.tidy(() => tf.tanh(tf.matMul(h, w)));
        hs.push(h);
        counts.push(tf.tidy(() => histogram(h, -1, 1)));
      }
      counts.forEach((c) => c.dataSync());
      tf.dispose(counts);
    },
    () => tf.tidy(() => {
      let dh = upstream;
      for (let l = layers - 1; l >= 0; l -= 1) {
        const dz = tf.mul(dh, tf.sub(1, tf.square(hs[l])));
        // Explicit transposes (timed): matMul's transpose flags run ~10× slower on this backend.
        const dw = tf.matMul(tf.transpose(l ? hs[l - 1] : x), dz);
        histogram(dw, tf.min(dw), tf.max(dw)).dataSync();
        if (l > 0) dh = tf.matMul(dz, tf.transpose(ws[l])); // the input's dX is not needed
      }
    }),
  ]);
  tf.dispose([...hs, x, ...ws, upstream]);
  return { init_lab_ms: round(forward + backward), init_forward_ms: forward, init_backward_ms: backward, simd, threads, version: tf.version_core };
}

/** The CS231n spiral: `perClass` points per class along K arms, noise 0.2 (fixed seed). */
function spiral(classes, perClass) {
  let seed = 1;
  const uniform = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const points = [];
  for (let k = 0; k < classes; k += 1) {
    for (let i = 0; i < perClass; i += 1) {
      const r = i / (perClass - 1);
      const t = 4 * k + 4 * r + 0.2 * normal();
      points.push({ x: [r * Math.sin(t), r * Math.cos(t)], label: k });
    }
  }
  return points;
}

/** ConvNetJS trains one example at a time (its Trainer sums gradients over `batch`, then steps). */
function convnetTrain(convnetjs, inputs, hidden, classes, batch, data) {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 1, out_sy: 1, out_depth: inputs },
    ...hidden.map((n) => ({ type: 'fc', num_neurons: n, activation: 'relu' })),
    { type: 'softmax', num_classes: classes },
  ]);
  const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: LR, momentum: 0, l2_decay: 0, batch_size: batch });
  const vols = data.map(({ x, label }) => ({ vol: new convnetjs.Vol(1, 1, inputs, 0), label, x }));
  for (const v of vols) v.vol.w.set(v.x);
  return examplesPerSecond(() => {
    for (const { vol, label } of vols) trainer.train(vol, label);
    return vols.length;
  });
}

/** The same two nets in ConvNetJS: 240 spiral points (gradscope's training split size) and all
 * 1797 real digits, pixels scaled to [0, 1]. */
export async function convnet() {
  await loadScript('/node_modules/convnetjs/build/convnet-min.js');
  const { convnetjs } = globalThis;
  const bytes = new Uint8Array(await (await fetch('/static/data/digits8x8.bin')).arrayBuffer());
  const digits = [];
  for (let at = 0; at < bytes.length; at += 65) {
    digits.push({ x: Array.from(bytes.subarray(at, at + 64), (p) => p / 16), label: bytes[at + 64] });
  }
  return {
    train_playground_eps: convnetTrain(convnetjs, 2, [8, 8], 2, 10, spiral(2, 120)),
    train_digits_eps: convnetTrain(convnetjs, 64, [100], 10, 32, digits),
  };
}
