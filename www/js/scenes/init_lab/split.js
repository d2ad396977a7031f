// One run of the init-lab experiment on a worker pool: the batch split across the workers
// (InitLabSplit sends every worker the same round and combines their replies), or whole in one
// worker for what the split does not do (the batch-norm eval pass). Answer first: a preview
// from X's first rows, in one worker, comes before the whole batch (the same draws, so the
// same network). Shared by the scene and the bench. `pool` is the page's worker pool or
// anything with its `size` and `call`.

/** Rows of the preview; batches up to four times this run whole at once. */
export const PREVIEW_ROWS = 100;

/**
 * Run `config`; `onPreview(report)` gets the preview's activations (when `onPreview` is given
 * and the batch is large), `onReport(report)` the whole batch's activations as soon as they are
 * combined, then the whole report (each as bytes for `InitLabScene.setReport`). Stops between
 * rounds once `isCurrent()` turns false (a newer config came).
 */
export async function runInitLab(wasm, pool, config, { isCurrent = () => true, onReport, onPreview }) {
  const show = (report) => isCurrent() && report != null && onReport(report);
  if (onPreview && config.batch >= 4 * PREVIEW_ROWS) {
    const preview = wasm.InitLabSplit.preview(config, PREVIEW_ROWS);
    const report = await rounds(pool, preview, config, isCurrent, [pool.size - 1], 'preview');
    if (isCurrent() && report) onPreview(report);
  }
  const split = isCurrent() ? wasm.InitLabSplit.plan(config, pool.size) : null;
  if (!split) {
    if (!isCurrent()) return;
    show(await pool.call(0, 'init.wholeForward', { config }));
    if (isCurrent()) show(await pool.call(0, 'init.wholeGradients'));
    return;
  }
  await rounds(pool, split, config, isCurrent, split.rows().map((_, i) => i), undefined, show);
}

/** Drive `split` (freed at the end) over `workers` (one per part, in `slot`) until it is done
 * or superseded; `show(report)` when the activations are combined. Returns the last report. */
async function rounds(pool, split, config, isCurrent, workers, slot, show = () => {}) {
  try {
    const rows = split.rows();
    await Promise.all(rows.map(([start, end], i) => pool.call(workers[i], 'init.shardSet', { config, start, end, slot })));
    const round = (request) => Promise.all(rows.map((_, i) => pool.call(workers[i], 'init.shardHandle', { request, slot })));
    let replies = await round(split.request());
    while (isCurrent()) {
      const measuring = split.report() == null;
      const gradLayers = replies.map(({ reply }) => split.accept(reply));
      const request = split.request();
      // The workers start the next round while the gradients are added and the activations drawn here.
      const next = request && round(request);
      replies.forEach(({ grad }, i) => gradLayers[i] != null && split.addGrad(gradLayers[i], grad));
      if (measuring && split.report() != null) show(split.report());
      if (!next) break;
      replies = await next;
    }
    const report = split.report();
    show(report);
    return report;
  } finally {
    split.free();
  }
}
