// Train a network live: controls → TrainerScene; one rAF loop trains a few minibatches per
// frame and redraws the decision boundary, the curves and the per-layer read-outs. No math here.

import { t } from '../i18n.js';
import { el, slider, select, checkbox, button, fmt, pct, fitCanvas, showError, clearError, errorText, setLabel, fieldSlider } from '../ui.js';
import { createLoop } from '../loop.js';
import { exportControls } from '../export.js';

const CHART_LABELS = ['epoch', 'loss_log', 'accuracy', 'train', 'validation', 'update_ratio', 'layer', 'predicted', 'true_class', 'dead_saturated', 'output'];

/** The digits set's bytes (fetched once; 2D datasets do not need them). */
let digitsBytes = null;
async function loadDigits() {
  digitsBytes ??= globalThis.GRADSCOPE_EMBEDDED?.digits ?? null; // inlined by `cargo xtask dist`
  if (digitsBytes) return digitsBytes;
  const response = await fetch('static/data/digits8x8.bin');
  if (!response.ok) throw new Error(`static/data/digits8x8.bin: ${response.status}`);
  digitsBytes = new Uint8Array(await response.arrayBuffer());
  return digitsBytes;
}

export function mount(root, { wasm, encodedState, commit }) {
  const T = wasm.TrainerScene;
  const catalog = T.catalog();
  // The scene exists once the digits (if asked for) have loaded; until then, and after unmount,
  // controls and shortcuts do nothing and late promises are dropped (`live`).
  let scene = null;
  let config = T.configFromHash('');
  let live = true;
  let stepsPerFrame = 4;
  let frame = 0;

  const build = (encoded) => {
    const needsDigits = /(^|&)ds=digits(&|$)/.test(encoded);
    return T.fromHash(encoded, needsDigits ? digitsBytes : undefined);
  };

  // --- controls ---
  const c = {};
  const optionsOf = (names, prefix) => names.map((n) => [n, `${prefix}.${n}`]);
  c.dataset = select({ id: 'train-dataset', i18n: 'train.dataset', value: 'spiral', options: optionsOf(catalog.datasets, 'dataset'), onChange: (v) => rebuild({ dataset: v, points: v === 'digits' ? 1797 : Math.min(config.points, 1000) }) });
  c.classes = slider({ id: 'train-classes', ...fieldSlider(catalog, 'k'), value: 3, format: String, onChange: (v) => rebuild({ classes: v }) });
  c.points = slider({ id: 'train-points', ...fieldSlider(catalog, 'n'), value: 300, format: String, onChange: (v) => rebuild({ points: v }) });
  c.noise = slider({ id: 'train-noise', ...fieldSlider(catalog, 'noise'), value: 0.2, onChange: (v) => rebuild({ noise: v }) });
  c.valFraction = slider({ id: 'train-val', ...fieldSlider(catalog, 'val'), value: 0.2, format: (v) => `${Math.round(v * 100)} %`, onChange: (v) => rebuild({ valFraction: v }) });
  c.preprocess = select({ id: 'train-prep', i18n: 'train.preprocess', value: 'normalize', options: optionsOf(catalog.preprocess, 'prep'), onChange: (v) => rebuild({ preprocess: v }) });
  c.layers = slider({ id: 'train-layers', ...fieldSlider(catalog, 'layers'), value: 2, format: String, onChange: (v) => rebuild({ layers: v }) });
  c.width = slider({ id: 'train-width', ...fieldSlider(catalog, 'width'), value: 32, format: String, onChange: (v) => rebuild({ width: v }) });
  c.activation = select({ id: 'train-act', i18n: 'train.activation', value: 'relu', options: optionsOf(catalog.activations, 'act'), onChange: (v) => rebuild({ activation: v }) });
  c.init = select({ id: 'train-init', i18n: 'train.init', value: 'he', options: optionsOf(catalog.inits, 'initname'), onChange: (v) => rebuild({ init: v === 'custom' ? { custom: 0.1 } : v }) });
  c.batchNorm = checkbox({ id: 'train-bn', i18n: 'train.batch_norm', checked: false, onChange: (v) => rebuild({ batchNorm: v, layerNorm: v ? false : config.layerNorm }) });
  c.layerNorm = checkbox({ id: 'train-ln', i18n: 'train.layer_norm', checked: false, onChange: (v) => rebuild({ layerNorm: v, batchNorm: v ? false : config.batchNorm }) });
  c.dropout = slider({ id: 'train-dropout', ...fieldSlider(catalog, 'drop'), value: 0, onInput: (v) => hot({ dropout: v }) });
  c.l2 = slider({ id: 'train-l2', ...fieldSlider(catalog, 'l2'), value: 1e-6, onInput: (v) => hot({ l2: v <= 1.1e-6 ? 0 : v }) });
  c.optimizer = select({ id: 'train-opt', i18n: 'train.optimizer', value: 'adam', options: catalog.optimizers.map((n) => [n, null, Object.fromEntries(catalog.labels)[n]]), onChange: (v) => hot({ optimizer: v }) });
  c.lr = slider({ id: 'train-lr', ...fieldSlider(catalog, 'lr'), value: 0.01, onInput: (v) => hot({ hyper: { ...config.hyper, lr: v } }) });
  const setHyper = (key) => (v) => hot({ hyper: { ...config.hyper, [key]: v } });
  c.momentum = slider({ id: 'train-momentum', ...fieldSlider(catalog, 'mom'), value: 0.9, onChange: setHyper('momentum') });
  c.beta1 = slider({ id: 'train-beta1', ...fieldSlider(catalog, 'b1'), value: 0.9, onChange: setHyper('beta1') });
  c.beta2 = slider({ id: 'train-beta2', ...fieldSlider(catalog, 'b2'), value: 0.999, onChange: setHyper('beta2') });
  c.schedule = select({ id: 'train-sched', i18n: 'train.schedule', value: 'constant', options: catalog.schedules.map((n) => [n, `schedule.${n}`]), onChange: (v) => hot({ schedule: v }) });
  c.batch = slider({ id: 'train-batch', ...fieldSlider(catalog, 'batch'), value: 32, format: String, onChange: (v) => hot({ batch: v }) });
  c.tiny = checkbox({ id: 'train-tiny', i18n: 'train.tiny', checked: false, onChange: (v) => rebuild({ tiny: v }) });
  c.speed = slider({ id: 'train-speed', i18n: 'train.speed', min: 1, max: 50, step: 1, value: stepsPerFrame, format: String, onInput: (v) => { stepsPerFrame = v; } });
  for (const key of ['dataset', 'lr', 'batchNorm', 'dropout', 'l2']) c[key].root.classList.add('keep');

  const playButton = button({ i18n: 'train.play', primary: true, onClick: () => (loop.running ? pause() : play()) });
  const panel = el('section', { class: 'controls', i18nAria: 'train.controls' }, [
    el('div', { class: 'buttons keep' }, [
      playButton,
      button({ i18n: 'train.step_epoch', onClick: stepEpoch }),
      button({ i18n: 'train.reset', onClick: () => reset() }),
    ]),
    c.speed.root,
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'train.data' }), c.dataset.root, c.classes.root, c.points.root, c.noise.root, c.valFraction.root, c.preprocess.root, c.tiny.root]),
    el('fieldset', {}, [el('legend', { i18n: 'train.network' }), c.layers.root, c.width.root, c.activation.root, c.init.root, c.batchNorm.root, c.layerNorm.root]),
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'train.training' }), c.optimizer.root, c.lr.root, c.momentum.root, c.beta1.root, c.beta2.root, c.schedule.root, c.batch.root, c.dropout.root, c.l2.root]),
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
  function adopt(next, encoded) {
    scene?.free();
    scene = next;
    config = scene.config();
    syncControls();
    draw(true);
    commit(encoded ?? scene.toHash());
  }
  function rebuild(change) {
    if (!scene) return;
    const next = { ...config, ...change };
    const load = next.dataset === 'digits' ? loadDigits() : Promise.resolve();
    load.then(() => {
      if (!live) return;
      try {
        scene.set(next);
        config = scene.config();
        clearError();
        syncControls();
        draw(true);
        commit(scene.toHash());
      } catch (err) {
        showError(errorText(err));
        syncControls();
      }
    }, (err) => live && showError(errorText(err)));
  }
  function hot(change) {
    if (!scene) return;
    try {
      scene.set({ ...config, ...change });
      config = scene.config();
      clearError();
      if ('optimizer' in change) syncControls();
      draw(false);
      commit(scene.toHash());
    } catch (err) {
      showError(errorText(err));
      syncControls();
    }
  }
  function reset() {
    if (!scene) return;
    pause();
    scene.reset();
    draw(true);
  }
  function stepEpoch() {
    if (!scene) return;
    pause();
    scene.epoch();
    draw(true);
  }

  function syncControls() {
    c.dataset.set(config.dataset);
    c.classes.set(config.classes);
    c.classes.root.hidden = !['spiral', 'blobs'].includes(config.dataset);
    c.noise.root.hidden = config.dataset === 'digits';
    for (const key of ['points', 'noise', 'layers', 'width', 'dropout', 'batch']) c[key].set(config[key]);
    c.l2.set(Math.max(config.l2, 1e-6));
    c.valFraction.set(config.valFraction);
    c.preprocess.set(config.preprocess);
    c.activation.set(config.activation);
    c.init.set(typeof config.init === 'string' ? config.init : 'custom');
    c.batchNorm.set(config.batchNorm);
    c.layerNorm.set(config.layerNorm);
    c.optimizer.set(config.optimizer);
    c.lr.set(config.hyper.lr);
    for (const key of ['momentum', 'beta1', 'beta2']) c[key].set(config.hyper[key]);
    // Only the hyperparameters the chosen optimizer reads (the catalog says which).
    const uses = Object.fromEntries(catalog.hyperparameters)[config.optimizer] ?? [];
    for (const [key, control] of [['mom', 'momentum'], ['b1', 'beta1'], ['b2', 'beta2']]) c[control].root.hidden = !uses.includes(key);
    c.schedule.set(config.schedule);
    c.tiny.set(config.tiny);
  }

  // --- drawing ---
  function draw(full) {
    const planar = scene.isPlanar();
    decision.hidden = !planar;
    for (const node of [digits, confusion, digitsTitle, confusionTitle]) node.hidden = planar;
    for (const canvas of [decision, curves, ratios, fractions, hists, digits, confusion]) if (full || canvas.width <= 1) fitCanvas(canvas);
    if (full) {
      const patternLabels = ['lr_too_high', 'lr_too_low', 'plateau_then_drop', 'overfitting'].map((p) => [`pattern_${p}`, t(`pattern_short.${p}`)]);
      scene.setLabels(Object.fromEntries([...CHART_LABELS.map((k) => [k, t(`chart.${k}`)]), ...patternLabels]));
    }
    if (planar) scene.drawDecision(decision);
    else if (full || frame % 10 === 0) {
      scene.drawDigits(digits);
      scene.drawConfusion(confusion);
    }
    scene.drawCurves(curves);
    scene.drawRatios(ratios);
    scene.drawFractions(fractions);
    const snap = scene.snapshot(); // once per frame: it carries the whole history
    if (full || frame % 10 === 0) {
      scene.drawHistograms(hists);
      const stats = scene.layerStats();
      tableBody.replaceChildren(...stats.map((s, i) => el('tr', {}, [
        el('th', { scope: 'row', text: String(i + 1) }),
        el('td', { class: 'num', text: pct(s.deadFraction) }),
        el('td', { class: 'num', text: pct(s.saturatedFraction) }),
        el('td', { class: 'num', text: fmt(snap.updateToWeightRatio?.[i] ?? NaN) }),
      ])));
    }
    const last = snap.history[snap.history.length - 1];
    counters.textContent = t('train.counters', {
      epoch: snap.epochs, examples: snap.examplesSeen, lr: fmt(snap.lr),
      train: last ? pct(last.trainAcc) : '—', val: last ? pct(last.valAcc) : '—',
    }) + (snap.divergedAt != null ? ` ${t('train.diverged_at', { step: snap.divergedAt })}` : '');
    const s = snap.sanity;
    sanity.textContent = t(s.looksRight ? 'train.sanity_ok' : 'train.sanity_off', {
      initial: s.initialLoss.toFixed(3), expected: s.expectedLoss.toFixed(3),
    });
    bnLine.hidden = !(last && last.valAccBatchStats != null);
    if (!bnLine.hidden) {
      bnLine.textContent = t('train.bn_difference', { eval: pct(last.valAcc), batch: pct(last.valAccBatchStats) });
    }
    patterns.replaceChildren(...snap.patterns.map((p) => el('li', { class: 'diverged', text: t(`pattern.${p}`) })));
    return snap;
  }

  // --- playback ---
  const loop = createLoop(() => {
    frame += 1;
    const taken = scene.step(stepsPerFrame);
    const snap = draw(false);
    if (taken < stepsPerFrame || snap.epochs >= config.epochs) {
      pause();
      return false;
    }
    return true;
  });
  function play() {
    if (!scene) return;
    loop.start();
    setLabel(playButton, 'train.pause');
  }
  function pause() {
    loop.stop();
    setLabel(playButton, 'train.play');
  }

  const onResize = () => scene && draw(true);
  window.addEventListener('resize', onResize);

  const start = (encoded) => (/(^|&)ds=digits(&|$)/.test(encoded) ? loadDigits() : Promise.resolve())
    .then(() => live && adopt(build(encoded)));
  start(encodedState).catch((err) => {
    if (!live) return;
    showError(t('error.hash', { message: errorText(err) }));
    adopt(build(''));
  });

  return {
    unmount() {
      live = false;
      loop.stop();
      window.removeEventListener('resize', onResize);
      scene?.free();
      scene = null;
    },
    relabel() {
      if (scene) draw(true);
    },
    encoded: () => scene?.toHash() ?? encodedState,
    actions: {
      playPause: () => (loop.running ? pause() : play()),
      step: stepEpoch,
      reset: () => reset(),
      scaleLearningRate: (f) => {
        const { min, max } = fieldSlider(catalog, 'lr');
        hot({ hyper: { ...config.hyper, lr: Math.min(max, Math.max(min, config.hyper.lr * f)) } });
        c.lr.set(config.hyper.lr);
      },
      toggleBatchNorm: () => rebuild({ batchNorm: !config.batchNorm, layerNorm: false }),
    },
  };
}
