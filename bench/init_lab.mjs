// The init lab's bench workloads, timed in Chromium (page.mjs) and in Node (node_wasm.mjs) on
// exactly the same calls, and the timing helpers every workload shares.

/** Timed runs per measurement, after one warm-up run. */
export const RUNS = 5;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const round = (x) => Math.round(x * 100) / 100;

/** A pool of one "worker" that is this thread: the workers' own jobs (www/js/workers/jobs.js), called
 * directly, so a single-threaded run takes exactly the page's code path. */
export function localPool(wasm, jobs) {
  const state = {};
  return { size: 1, call: async (_, kind, payload) => jobs[kind](wasm, state, payload).value };
}

/**
 * gradscope's init lab at the lecture size (InitLabScene's defaults: tanh, W = 0.01·N(0,1),
 * X 1000×500, 10 layers of 500, 50 bins), run as the page runs it (`runInitLab` of
 * www/js/scenes/init_lab/split.js) on `pool`: median ms until the activations are combined (forward +
 * histograms) and until the whole report (the backward follows). X and the weights are drawn
 * once; every run recomputes both passes.
 */
export async function gradscopeInitLab(wasm, runInitLab, pool) {
  const config = wasm.InitLabScene.fromHash('').config();
  const [forward, total] = [[], []];
  for (let run = 0; run <= RUNS; run += 1) {
    const t0 = performance.now();
    let activations = null;
    await runInitLab(wasm, pool, config, { onReport: () => { activations ??= performance.now(); } });
    if (run > 0) {
      forward.push(activations - t0);
      total.push(performance.now() - t0);
    }
  }
  const [f, all] = [median(forward), median(total)];
  return { init_lab_ms: round(all), init_forward_ms: round(f), init_backward_ms: round(all - f) };
}

/**
 * Answer first: a class toggles batch norm at the lecture size; median ms (of 4 toggles, after a
 * warm-up) until the preview's histograms are drawn (the first rows, in one worker), and until
 * the whole batch's activations are combined.
 */
export async function gradscopeInitFirstChange(wasm, runInitLab, pool) {
  const base = wasm.InitLabScene.fromHash('').config();
  const view = wasm.InitLabScene.fromHash('');
  const canvas = document.createElement('canvas');
  canvas.width = 1200;
  canvas.height = 600;
  const [first, whole] = [[], []];
  for (let run = 0; run <= 4; run += 1) {
    const config = { ...base, batchNorm: run % 2 === 1 };
    const t0 = performance.now();
    let drawn = null;
    let activations = null;
    await runInitLab(wasm, pool, config, {
      onPreview: (report) => {
        view.setReport(report);
        view.drawHistograms(canvas, false);
        drawn = performance.now();
      },
      onReport: () => { activations ??= performance.now(); },
    });
    if (run > 0) {
      first.push(drawn - t0);
      whole.push(activations - t0);
    }
  }
  view.free();
  return { init_first_change_ms: round(median(first)), init_whole_forward_ms: round(median(whole)) };
}
