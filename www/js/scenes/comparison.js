// What the comparison scenes (search, regularization, landscape) share: runs on the worker
// pool where only the newest counts, trainings advanced in chunks, and the time-left estimate.

import { t } from '../shell/i18n.js';
import { setBusy, showError, errorText } from '../shell/ui.js';
import { onEveryWorker } from '../workers/pool.js';

/**
 * Runs of a comparison, the newest only. `run(body)` starts one: it marks `stage` computing
 * and the top bar busy, awaits `body(current)` (`current()` turns false once a newer run
 * starts or the scene is gone) and reports a current run's error: a worker's panic stops the
 * scene (`crashed`), a refusal shows in the banner. Resolves true if the run ended current.
 */
export function comparisonRuns({ owner, stage, alive, crashed }) {
  let generation = 0;
  /** True until a newer run starts or the scene is gone. */
  const watch = () => {
    const mine = generation;
    return () => alive() && mine === generation;
  };
  return {
    watch,
    async run(body) {
      generation += 1;
      const current = watch();
      stage.dataset.computing = 'true';
      setBusy(owner, true);
      try {
        await body(current);
      } catch (err) {
        if (!current()) return false;
        if (err.panic) crashed(err.panic);
        else showError(errorText(err));
      }
      if (!current()) return false;
      stage.dataset.computing = 'false';
      setBusy(owner, false);
      return true;
    },
    /** Drop the run in flight (the scene is unmounted). */
    stop() {
      generation += 1;
      setBusy(owner, false);
    },
  };
}

/**
 * One training on worker `w`, `steps` minibatches per call: `kind` with `payload` first, then
 * `{ steps }` until an answer carries the `output`; `onEpochs(epochs)` hears the progress.
 * The output, or undefined once `current()` turns false (a newer run waits at most a chunk).
 */
async function trainInChunks({ pool, w, kind, payload, steps, current, onEpochs }) {
  let answer = await pool.call(w, kind, { ...payload, steps });
  while (answer.output === undefined && current()) {
    onEpochs(answer.epochs);
    answer = await pool.call(w, kind, { steps });
  }
  return current() ? answer.output : undefined;
}

/**
 * Every training of a comparison on the pool's workers, one per entry of `epochsDone`, each in
 * chunks (trainInChunks): `payload(job)` starts job `job`, `epochsDone[job]` follows its epochs
 * (`onProgress()` after each chunk, `epochs` once it is done), `accept(job, output)` takes it.
 */
export function trainAll({ pool, kind, steps, current, epochsDone, epochs, payload, onProgress, accept }) {
  return onEveryWorker(pool, epochsDone.length, current, async (w, job) => {
    const onEpochs = (done) => {
      epochsDone[job] = done;
      onProgress();
    };
    const output = await trainInChunks({ pool, w, kind, payload: payload(job), steps, current, onEpochs });
    if (output === undefined) return;
    epochsDone[job] = epochs;
    accept(job, output);
  });
}

/** The share of the epochs `epochsDone` counts of `epochs` for each job. */
export function trainedShare(epochsDone, epochs) {
  return epochsDone.reduce((a, b) => a + b, 0) / Math.max(1, epochsDone.length * epochs);
}

/** "about s left" from the time since `began` (ms) and the share of the work done; '' before
 * 2 % (too early to tell) and once all is done. */
export function timeLeft(began, fraction) {
  if (!(fraction > 0.02 && fraction < 1)) return '';
  const elapsed = (performance.now() - began) / 1000;
  return t('search.time_left', { seconds: Math.max(1, Math.round((elapsed / fraction) * (1 - fraction))) });
}
