// One run of the init-lab experiment on a worker pool: the batch split across the workers
// (InitLabSplit sends every worker the same round and combines their replies), or whole in one
// worker for what the split does not do (the batch-norm eval pass). Shared by the scene and
// the bench. `pool` is the page's worker pool or anything with its `size` and `call`.

/**
 * Run `config`; `onReport(report)` gets the activations as soon as they are combined, then the
 * whole report (as bytes for `InitLabScene.setReport`). Stops between rounds once `isCurrent()`
 * turns false (a newer config came).
 */
export async function runInitLab(wasm, pool, config, { isCurrent = () => true, onReport }) {
  const show = (report) => isCurrent() && report != null && onReport(report);
  const split = wasm.InitLabSplit.plan(config, pool.size);
  if (!split) {
    show(await pool.call(0, 'init.wholeForward', { config }));
    if (isCurrent()) show(await pool.call(0, 'init.wholeGradients'));
    return;
  }
  try {
    const rows = split.rows();
    await Promise.all(rows.map(([start, end], i) => pool.call(i, 'init.shardSet', { config, start, end })));
    const round = (request) => Promise.all(rows.map((_, i) => pool.call(i, 'init.shardHandle', { request })));
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
    show(split.report());
  } finally {
    split.free();
  }
}
