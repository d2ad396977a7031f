// Train a network live: the network trains in a pool worker (TrainerWorker); each animation
// frame asks it for a few minibatches and gets back a frame of read-outs and the decision
// boundary's pixels, which TrainerScene (the main thread's view) draws. No math here.

import { t } from '../shell/i18n.js';
import { el, button, fmt, pct, fitCanvas, showError, errorText, fieldSlider, setBusy, inTasks, setChartLabels } from '../shell/ui.js';
import { playback } from '../shell/motion.js';
import { exportControls } from '../charts/export.js';
import { workerPool, latestOnly } from '../workers/pool.js';
import { loadDigits } from './digits.js';
import { bnPercentilePanel } from './trainer/bn_percentiles.js';
import { ownPoints } from './trainer/own_points.js';
import { trainerControls } from './trainer/controls.js';
import { attempt } from './kit.js';

const CHART_LABELS = ['epoch', 'loss_log', 'accuracy', 'train', 'validation', 'update_ratio', 'layer', 'predicted', 'true_class', 'dead_saturated', 'output', 'best_epoch', 'no_epochs'];

export function mount(root, kit) {
  const { wasm, encodedState, commit, crashed, live } = kit;
  const T = wasm.TrainerScene;
  const catalog = T.catalog();
  const pool = workerPool();
  const WORKER = pool.size - 1; // the trainer's worker
  // The view exists once the worker has built the trainer; until then controls and shortcuts
  // do nothing, and late answers (also after unmount) are dropped (`live()`, `generation`).
  let scene = null;
  let config = T.configFromHash('');
  let generation = 0; // bumped by every (re)build: frames of an older trainer are dropped
  let stepsPerFrame = 4;
  let frame = 0;
  let inFlight = false; // a step request is out
  let fresh = false; // a frame arrived that is not drawn yet
  let readouts = null; // the latest frame's read-outs: { snapshot, layerStats, predictions }
  let layerStats = [];

  /** Worker calls whose answer the page waits for (not playback's): the top bar's
   * "Computing…" after 150 ms, and `data-computing` for the tests. */
  let waiting = 0;
  const wait = (delta) => {
    waiting += delta;
    setBusy('train', waiting > 0);
    stage.dataset.computing = String(waiting > 0);
  };
  const tracked = (promise) => {
    wait(1);
    return promise.finally(() => wait(-1));
  };

  /** Ask the trainer's worker; a panic there stops the scene, a refusal shows in the banner. */
  const ask = (kind, payload = {}) => pool.call(WORKER, kind, payload).catch((err) => {
    if (live() && err.panic) crashed(err.panic);
    throw err;
  });
  // The network lives in its worker: a replaced worker has lost it.
  const stopWatching = pool.onReplaced((index, message) => index === WORKER && crashed(message));
  const needsDigits = (cfg) => cfg.dataset === 'digits';
  const digitsFor = async (cfg) => (needsDigits(cfg) ? loadDigits() : undefined);

  /** Build the trainer for `encoded` in the worker and the view here. */
  async function build(encoded) {
    const view = T.fromHash(encoded);
    try {
      const cfg = view.config();
      const scenery = await ask('train.build', { config: cfg, digits: await digitsFor(cfg) });
      if (!live()) return;
      view.setScenery(scenery);
      scene?.free();
      scene = view;
      generation += 1;
      config = scene.config();
      syncControls();
      commit(scene.toHash());
      await refresh(true);
    } catch (err) {
      if (scene !== view) view.free();
      throw err;
    }
  }

  /** One request to the worker: train (`batches` or an `epoch`), then the frame to draw. */
  async function advance({ batches = 0, epoch = false, full = false }) {
    const mine = generation;
    const answer = await ask('train.step', { batches, epoch, full, planar: scene.isPlanar() });
    if (!live() || mine !== generation) return null;
    // The view keeps the frame for the charts; the read-outs carry only the latest epoch.
    readouts = scene.setFrame(answer.frame, answer.pixels);
    if (readouts.layerStats) layerStats = readouts.layerStats;
    fresh = true;
    return { taken: answer.taken, readouts };
  }
  /** A new frame without training, drawn at once (paused changes, resets). */
  async function refresh(full) {
    if (await advance({ full })) drawNewest(full);
  }

  // --- controls ---
  const { c, regularizers, lbfgsHint, presetButtons } = trainerControls(catalog, {
    config: () => config, apply, reset: () => reset(), restoreBest: () => restoreBest(), presetConfig: (link) => T.configFromHash(link),
    speed: stepsPerFrame, setSpeed: (v) => { stepsPerFrame = v; },
  });

  // Under reduced motion Play trains one epoch per press.
  const playing = playback({ playKey: 'train.play', pauseKey: 'train.pause', frame: trainFrame, start: () => Boolean(scene), stepAhead: stepEpoch });
  const { pause } = playing;
  const panel = el('section', { class: 'controls', i18nAria: 'train.controls' }, [
    el('div', { class: 'buttons keep' }, [
      playing.button,
      button({ i18n: 'train.step_epoch', onClick: stepEpoch }),
      button({ i18n: 'train.reset', onClick: () => reset() }),
    ]),
    c.speed.root,
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'train.data' }), c.dataset.root, c.classes.root, c.points.root, c.noise.root, c.valFraction.root, c.preprocess.root, c.tiny.root]),
    el('fieldset', {}, [el('legend', { i18n: 'train.network' }), c.layers.root, c.width.root, c.activation.root, c.init.root, c.batchNorm.root, c.layerNorm.root]),
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'train.training' }), c.optimizer.root, lbfgsHint, c.lr.root, c.momentum.root, c.beta1.root, c.beta2.root, c.schedule.root, c.batch.root, c.fullBatch.root, c.dropout.root, c.l2.root, ...regularizers.roots]),
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'train.presets' }), el('div', { class: 'presets' }, presetButtons)]),
  ]);

  // --- stage ---
  const decision = el('canvas', { class: 'chart square', role: 'img', i18nAria: 'train.decision_alt' });
  const curves = el('canvas', { class: 'chart', role: 'img', i18nAria: 'train.curves_alt' });
  const ratios = el('canvas', { class: 'chart', role: 'img', i18nAria: 'train.ratios_alt' });
  const fractions = el('canvas', { class: 'chart', role: 'img', i18nAria: 'train.fractions_alt' });
  const hists = el('canvas', { class: 'chart hist', role: 'img', i18nAria: 'train.hist_alt' });
  const digits = el('canvas', { class: 'chart digits', role: 'img', i18nAria: 'train.digits_alt' });
  const confusion = el('canvas', { class: 'chart square', role: 'img', i18nAria: 'train.confusion_alt' });
  const digitsTitle = el('h2', { i18n: 'train.digits_title' });
  const confusionTitle = el('h2', { i18n: 'train.confusion_title' });
  const counters = el('p', { class: 'status' });
  const sanity = el('p', { class: 'note' });
  const bnLine = el('p', { class: 'note', 'aria-live': 'polite' });
  const patterns = el('ul', { class: 'patterns', 'aria-live': 'polite' });
  const tableHead = el('thead', {}, [el('tr', {}, ['train.col_layer', 'train.col_dead', 'train.col_saturated', 'train.col_ratio'].map((k) => el('th', { scope: 'col', i18n: k })))]);
  const tableBody = el('tbody');
  const bnPanel = bnPercentilePanel(wasm, () => config, () => loadDigits());
  const stage = el('section', { class: 'stage', i18nAria: 'train.stage' }, [
    el('div', { class: 'stage-main' }, [
      counters, decision, digitsTitle, digits, confusionTitle, confusion, el('h2', { i18n: 'train.hist_title' }), hists,
    ]),
    el('div', { class: 'stage-side' }, [
      sanity, bnLine, patterns,
      el('h2', { i18n: 'train.curves_title' }), curves,
      el('h2', { i18n: 'train.ratios_title' }), ratios,
      el('h2', { i18n: 'train.fractions_title' }), fractions,
      el('table', { class: 'legend-table layer-table' }, [el('caption', { i18n: 'train.table_caption' }), tableHead, tableBody]),
      bnPanel.root,
      exportControls({
        scene: 'train',
        canvases: () => [
          [decision, 'boundary', (c) => scene.drawDecision(c)], [digits, 'digits', (c) => scene.drawDigits(c)], [confusion, 'confusion', (c) => scene.drawConfusion(c)],
          [curves, 'curves', (c) => scene.drawCurves(c)], [ratios, 'ratios', (c) => scene.drawRatios(c)], [fractions, 'dead-saturated', (c) => scene.drawFractions(c)],
          [hists, 'activations', (c) => scene.drawHistograms(c)],
        ],
        csv: () => scene?.csv() ?? '',
      }),
      el('details', { class: 'notes', open: true }, [
        el('summary', { i18n: 'train.notes_title' }),
        el('ul', {}, ['train.note_sanity', 'train.note_tiny', 'train.note_ratio', 'train.note_dropout', 'train.note_bn'].map((k) => el('li', { i18n: k }))),
      ]),
    ]),
  ]);
  root.append(el('div', { class: 'scene-grid' }, [panel, stage]));

  // --- state changes ---
  /** Check a change here at once (a refusal keeps the last good config), then send the
   * newest config to the worker: hot fields apply while training, others rebuild. */
  function apply(change) {
    if (!scene) return;
    if (!attempt(() => scene.set({ ...config, ...change }), syncControls)) return;
    config = scene.config();
    syncControls();
    commit(scene.toHash());
    send.run(config);
  }
  const send = latestOnly(async (cfg, isCurrent) => {
    const { change, scenery, own: kept } = await ask('train.set', { config: cfg, digits: await digitsFor(cfg) });
    if (!live()) return;
    if (scenery) {
      generation += 1;
      scene.setScenery(scenery);
      own.rebuilt(kept);
    }
    if (isCurrent() && (scenery || !playing.running)) await refresh(Boolean(scenery));
  }, (on) => wait(on ? 1 : -1));
  send.onError((err) => !err.panic && showError(errorText(err)));
  /** Ask for a new scenery (`kind`: a reset, own points, back to the generated data) and draw it. */
  const newScenery = (kind, payload) => tracked(ask(kind, payload).then((scenery) => {
    if (!live()) return undefined;
    generation += 1;
    scene.setScenery(scenery);
    return refresh(true);
  }));
  function reset() {
    if (!scene) return;
    pause();
    // Tracked to the end: the tests (and the indicator) wait for the fresh frame, not the reset.
    newScenery('train.reset').catch((err) => live() && showError(errorText(err)));
  }
  const own = ownPoints({
    canvas: decision, view: () => scene, classes: () => scene?.classCount() ?? config.classes, colors: catalog.classColors,
    parse: (text, k) => T.parsePoints(text, k), send: (points, refit) => newScenery('train.points', { points: new Float64Array(points), refit }),
    clear: () => newScenery('train.clearPoints'), problem: showError,
  });
  panel.querySelector('fieldset').after(own.root);
  /** Early stopping's best epoch's weights back, then a fresh frame. */
  function restoreBest() {
    if (!scene) return;
    pause();
    tracked(ask('train.restore').then(() => live() && refresh(true))).catch((err) => live() && showError(errorText(err)));
  }
  function stepEpoch() {
    if (!scene) return;
    pause();
    tracked(advance({ epoch: true, full: true })).then((answer) => answer && drawNewest(true)).catch((err) => live() && showError(errorText(err)));
  }

  function syncControls() {
    own.relabel(); // the class choices follow the dataset's classes
    c.dataset.set(config.dataset);
    c.classes.set(config.classes);
    c.classes.root.hidden = !['spiral', 'blobs'].includes(config.dataset);
    c.noise.root.hidden = config.dataset === 'digits';
    for (const key of ['points', 'noise', 'layers', 'width', 'dropout']) c[key].set(config[key]);
    c.fullBatch.set(config.batch === 'full');
    c.batch.root.hidden = config.batch === 'full';
    if (config.batch !== 'full') c.batch.set(Number(config.batch));
    lbfgsHint.hidden = config.optimizer !== 'lbfgs';
    c.l2.set(Math.max(config.l2, 1e-6));
    c.valFraction.set(config.valFraction);
    c.preprocess.set(config.preprocess);
    c.activation.set(config.activation);
    c.init.set(config.init);
    c.batchNorm.set(config.batchNorm);
    c.layerNorm.set(config.layerNorm);
    c.optimizer.set(config.optimizer);
    for (const key of ['lr', 'momentum', 'beta1', 'beta2']) c[key].set(config[key]);
    // Only the hyperparameters the chosen optimizer reads (the catalog says which).
    const uses = Object.fromEntries(catalog.hyperparameters)[config.optimizer] ?? [];
    for (const [key, control] of [['mom', 'momentum'], ['b1', 'beta1'], ['b2', 'beta2']]) c[control].root.hidden = !uses.includes(key);
    c.schedule.set(config.schedule);
    c.tiny.set(config.tiny);
    regularizers.sync(config, readouts?.snapshot);
  }

  // --- drawing ---
  /** Draw the newest frame. A full draw (new sizes, labels, or data after a rebuild) runs
   * chart by chart in separate tasks, so the page stays responsive while it happens. */
  function drawNewest(full) {
    if (!scene || !readouts) return;
    fresh = false;
    if (!full) {
      drawCharts(false);
      drawLayers();
      drawText();
      return;
    }
    const planar = scene.isPlanar();
    decision.hidden = own.root.hidden = !planar;
    for (const node of [digits, confusion, digitsTitle, confusionTitle]) node.hidden = planar;
    for (const canvas of [decision, curves, ratios, fractions, hists, digits, confusion]) fitCanvas(canvas);
    const patternLabels = ['lr_too_high', 'lr_too_low', 'plateau_then_drop', 'overfitting'].map((p) => [`pattern_${p}`, t(`pattern_short.${p}`)]);
    setChartLabels(scene, CHART_LABELS, patternLabels);
    drawText();
    const view = scene;
    tracked(inTasks(() => live() && scene === view, [() => drawCharts(true), () => drawLayers(true), drawText]));
  }
  function drawCharts(full) {
    if (scene.isPlanar()) scene.drawDecision(decision);
    else if (full || readouts.predictions) {
      scene.drawDigits(digits);
      scene.drawConfusion(confusion);
    }
    scene.drawCurves(curves);
    scene.drawRatios(ratios);
    scene.drawFractions(fractions);
  }
  function drawLayers(full = false) {
    if (!full && !readouts.layerStats) return;
    scene.drawHistograms(hists);
    const snap = readouts.snapshot;
    tableBody.replaceChildren(...layerStats.map((s, i) => el('tr', {}, [
      el('th', { scope: 'row', text: String(i + 1) }),
      el('td', { class: 'num', text: pct(s.deadFraction) }),
      el('td', { class: 'num', text: pct(s.saturatedFraction) }),
      el('td', { class: 'num', text: fmt(snap.updateToWeightRatio?.[i] ?? NaN) }),
    ])));
  }
  function drawText() {
    const snap = readouts.snapshot;
    const last = snap.history[snap.history.length - 1];
    counters.textContent = t('train.counters', {
      epoch: snap.epochs, examples: snap.examplesSeen, lr: fmt(snap.lr),
      train: last ? pct(last.trainAcc) : '—', val: last ? pct(last.valAcc) : '—',
    }) + (snap.divergedAt != null ? ` ${t('train.diverged_at', { step: snap.divergedAt })}` : '')
      + (snap.stoppedEarly != null ? ` ${t('train.stopped_early', { epoch: snap.stoppedEarly, best: snap.bestEpoch })}` : '');
    regularizers.sync(config, snap);
    const s = snap.sanity;
    sanity.textContent = t(s.looksRight ? 'train.sanity_ok' : 'train.sanity_off', {
      initial: s.initialLoss.toFixed(3), expected: s.expectedLoss.toFixed(3),
    });
    bnLine.hidden = !(last && last.valAccBatchStats != null);
    if (!bnLine.hidden) {
      bnLine.textContent = t('train.bn_difference', { eval: pct(last.valAcc), batch: pct(last.valAccBatchStats) });
    }
    patterns.replaceChildren(...snap.patterns.map((p) => el('li', { class: 'diverged', text: t(`pattern.${p}`) })));
  }

  // --- playback ---
  // Each animation frame draws the newest frame the worker sent, and asks for the next
  // `stepsPerFrame` minibatches unless a request is still out (the worker never queues up).
  function trainFrame() {
    if (fresh) drawNewest(false);
    if (inFlight) return true;
    frame += 1;
    inFlight = true;
    const mine = generation;
    advance({ batches: stepsPerFrame, full: frame % 10 === 0 }).then((answer) => {
      inFlight = false;
      if (!answer || mine !== generation) return;
      if (answer.taken < stepsPerFrame || answer.readouts.snapshot.epochs >= config.epochs) {
        pause();
        drawNewest(true);
      }
    }, (err) => {
      inFlight = false;
      pause();
      if (live() && !err.panic) showError(errorText(err));
    });
    return true;
  }

  tracked(build(encodedState).catch((err) => {
    if (!live() || err.panic) return undefined;
    showError(t('error.hash', { message: errorText(err) }));
    return build('');
  })).catch((err) => live() && !err.panic && showError(errorText(err)));

  return {
    draw: () => scene && drawNewest(true), // every chart at its new size, words included
    relabel() {
      bnPanel.relabel();
      own.relabel();
    },
    unmount() {
      stopWatching();
      pause();
      send.cancel();
      setBusy('train', false);
      bnPanel.unmount();
    },
    view: () => scene,
    actions: {
      // A lecture step's claims are about the trained network: train when the step is revealed.
      arrive: () => playing.running || playing.play(),
      playPause: playing.toggle,
      motionChanged: pause,
      step: stepEpoch,
      reset: () => reset(),
      scaleLearningRate: (f) => {
        const { min, max } = fieldSlider(catalog, 'lr');
        apply({ lr: Math.min(max, Math.max(min, config.lr * f)) });
        c.lr.set(config.lr);
      },
      toggleBatchNorm: () => apply({ batchNorm: !config.batchNorm, layerNorm: false }),
    },
  };
}
