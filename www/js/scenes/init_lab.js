// Activations & init lab scene: controls → InitLabScene.set(config) (validation only) → the
// worker pool computes the experiment, its batch split across the workers (InitLabSplit
// combines their rounds) → the report is drawn. No math here, and none on the main thread.

import { t } from '../shell/i18n.js';
import { el, slider, select, checkbox, button, fmt, pct, fitCanvas, showError, errorText, setBusy, setChartLabels, fromLink, tableScroll } from '../shell/ui.js';
import { exportControls } from '../charts/export.js';
import { workerPool, latestOnly } from '../workers/pool.js';
import { runInitLab, PREVIEW_ROWS } from './init_lab/split.js';
import { initMaths } from './init_lab/maths.js';
import { attempt } from './kit.js';

const CHART_LABELS = ['layer', 'std_log', 'activation_std', 'gradient_std', 'f', 'df', 'positive_inputs', 'zero_centred_inputs'];

export function mount(root, { wasm, encodedState, commit, crashed }) {
  const Lab = wasm.InitLabScene;
  const catalog = Lab.catalog();
  const pool = workerPool();
  let forwardMs = 0;
  let gradientMs = 0;
  let previewing = false; // the histograms on screen are the preview's (X's first rows)
  const scene = fromLink((hash) => Lab.fromHash(hash), encodedState);
  let config = scene.config();

  function apply(change) {
    if (!attempt(() => scene.set({ ...config, ...change }), syncControls)) return false;
    config = scene.config();
    syncControls();
    drawConfigCharts();
    commit(scene.toHash());
    compute.run(config);
    return true;
  }

  /** One run of `cfg` on the pool: the activations are drawn as soon as they are combined,
   * the weight gradients follow. Superseded runs stop between rounds and draw nothing. */
  async function run(cfg, isCurrent) {
    const started = performance.now();
    await runInitLab(wasm, pool, cfg, {
      isCurrent,
      // Answer first: the first rows' histograms at once, the whole batch's after.
      onPreview: (report) => {
        scene.setReport(report);
        previewing = true;
        drawReport();
      },
      onReport: (report) => {
        const now = performance.now() - started;
        previewing = false;
        scene.setReport(report);
        if (scene.gradientsPending()) forwardMs = now;
        else gradientMs = now - forwardMs;
        drawReport();
      },
    });
  }
  const compute = latestOnly(run, (on) => {
    setBusy('init', on);
    stage.dataset.computing = String(on); // the tests wait for the newest result
  });
  compute.onError((err) => (err.panic ? crashed(err.panic) : showError(errorText(err))));
  // Every worker holds part of the batch: one replaced mid-run has lost its part.
  const stopWatching = pool.onReplaced((_, message) => crashed(message));
  const applyHash = (fields) => apply(Lab.configFromHash(`${scene.toHash()}&${fields}`));

  // --- controls ---
  const c = {};
  c.activation = select({
    id: 'init-activation', i18n: 'init.activation', value: config.activation,
    options: catalog.activations.map((a) => [a, `act.${a}`]), onChange: (activation) => apply({ activation }),
  });
  c.slope = slider({ id: 'init-slope', i18n: 'init.leaky_slope', min: 0, max: 0.5, step: 0.01, value: config.leakySlope, onChange: (v) => apply({ leakySlope: v }) });
  c.init = select({
    id: 'init-init', i18n: 'init.init', value: config.init,
    options: catalog.inits.map((i) => [i, `initname.${i}`]),
    onChange: (name) => applyHash(`init=${name}&std=${customStd()}`),
  });
  c.std = slider({ id: 'init-std', i18n: 'init.custom_std', min: 1e-3, max: 10, step: 0.01, scale: 'log', value: customStd(), onInput: (v) => applyHash(`init=custom&std=${v}`) });
  c.batchNorm = checkbox({ id: 'init-bn', i18n: 'init.batch_norm', checked: config.batchNorm, onChange: (on) => apply({ batchNorm: on, layerNorm: on ? false : config.layerNorm }) });
  c.layerNorm = checkbox({ id: 'init-ln', i18n: 'init.layer_norm', checked: config.layerNorm, onChange: (on) => apply({ layerNorm: on, batchNorm: on ? false : config.batchNorm }) });
  c.residual = checkbox({ id: 'init-res', i18n: 'init.residual', checked: config.residual, onChange: (on) => apply({ residual: on }) });
  c.warm = slider({ id: 'init-warm', i18n: 'init.bn_eval', min: 0, max: 20, step: 1, value: config.bnEvalWarmup ?? 0, format: String, onChange: (v) => apply({ bnEvalWarmup: v > 0 ? v : null }) });
  c.bias = slider({ id: 'init-bias', i18n: 'init.bias', min: -5, max: 5, step: 0.1, value: config.bias, onInput: (bias) => apply({ bias }) });
  c.layers = slider({ id: 'init-layers', i18n: 'init.layers', min: 1, max: 50, step: 1, value: config.layers, format: String, onChange: (layers) => apply({ layers }) });
  c.width = slider({ id: 'init-width', i18n: 'init.width', min: 10, max: 1000, step: 10, value: config.width, format: String, onChange: (width) => apply({ width }) });
  c.batch = slider({ id: 'init-batch', i18n: 'init.batch', min: 10, max: 2000, step: 10, value: config.batch, format: String, onChange: (batch) => apply({ batch }) });
  c.inputDim = slider({ id: 'init-dim', i18n: 'init.input_dim', min: 10, max: 1000, step: 10, value: config.inputDim, format: String, onChange: (v) => apply({ inputDim: v }) });

  function customStd() {
    return config?.std ?? 0.1; // set only with a custom init
  }

  const presets = catalog.presets.map(({ id, link }) => button({ i18n: `init_preset.${id}`, onClick: () => applyHash(link) }));
  const verdictLine = el('span', { class: 'verdict', 'aria-live': 'polite' }); // healthy, or where the scale breaks
  const status = el('p', { class: 'status timing', 'aria-live': 'polite' });

  for (const key of ['activation', 'init']) c[key].root.classList.add('keep');
  const panel = el('section', { class: 'controls', i18nAria: 'init.controls' }, [
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'init.presets' }), el('div', { class: 'presets' }, presets)]),
    c.activation.root, c.slope.root, c.init.root, c.std.root,
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'init.normalization' }), c.batchNorm.root, c.layerNorm.root, c.warm.root, c.residual.root]),
    c.bias.root,
    el('fieldset', { class: 'secondary' }, [
      el('legend', { i18n: 'init.sizes' }),
      c.layers.root, c.width.root, c.batch.root, c.inputDim.root,
      el('div', { class: 'buttons' }, [
        button({ i18n: 'init.fast_size', onClick: () => applyHash(catalog.fastSize) }),
        button({ i18n: 'init.lecture_size', onClick: () => applyHash('width=500&batch=1000&dim=500&layers=10') }),
      ]),
    ]),
  ]);

  // --- stage ---
  const activationCanvas = el('canvas', { class: 'chart', role: 'img', i18nAria: 'init.activation_alt' });
  const stdCanvas = el('canvas', { class: 'chart', role: 'img', i18nAria: 'init.std_alt' });
  const maths = initMaths();
  const actHist = el('canvas', { class: 'chart hist', role: 'img', i18nAria: 'init.act_hist_alt' });
  const gradHist = el('canvas', { class: 'chart hist', role: 'img', i18nAria: 'init.grad_hist_alt' });
  const activationNote = el('p', { class: 'note' });
  const zeroCanvas = el('canvas', { class: 'chart square', role: 'img', i18nAria: 'init.zero_alt' });
  const tableHead = el('thead');
  const tableBody = el('tbody');
  const table = el('table', { class: 'legend-table layer-table' }, [el('caption', { i18n: 'init.table_caption' }), tableHead, tableBody]);
  const notes = el('details', { class: 'notes', open: true }, [
    el('summary', { i18n: 'init.notes_title' }),
    el('ul', {}, ['init.note_small', 'init.note_large', 'init.note_xavier', 'init.note_relu', 'init.note_bn'].map((k) => el('li', { i18n: k }))),
  ]);
  const stage = el('section', { class: 'stage init-stage', i18nAria: 'init.stage' }, [
    el('div', { class: 'stage-main' }, [
      status,
      el('h2', {}, [el('span', { i18n: 'init.act_hist_title' }), ' ', verdictLine]), actHist,
      el('h2', { i18n: 'init.grad_hist_title' }), gradHist,
      tableScroll(table, 'init.table_caption'),
    ]),
    el('div', { class: 'stage-side' }, [
      el('h2', { i18n: 'init.std_title' }), stdCanvas, maths.root,
      el('h2', { i18n: 'init.activation_title' }), activationCanvas, activationNote,
      el('h2', { i18n: 'init.zero_title' }), zeroCanvas, el('p', { class: 'hint', i18n: 'init.zero_hint' }),
      el('p', { class: 'hint' }, [el('a', { href: '#scene=preprocess&ds=positive&st=0', i18n: 'init.zero_link' })]),
      exportControls({
        scene: 'init',
        canvases: () => [
          [actHist, 'activations', (c) => scene.drawHistograms(c, false)], [gradHist, 'gradients', (c) => scene.drawHistograms(c, true)],
          [stdCanvas, 'std', (c) => scene.drawStds(c)], [activationCanvas, 'activation', (c) => scene.drawActivation(c)],
          [zeroCanvas, 'zero-centred', (c) => scene.drawZeroCentered(c)],
        ],
        csv: () => scene.csv(),
      }),
      notes,
    ]),
  ]);
  root.append(el('div', { class: 'scene-grid' }, [panel, stage]));

  function syncControls() {
    c.activation.set(config.activation);
    c.slope.set(config.leakySlope);
    c.slope.root.hidden = config.activation !== 'leaky_relu';
    c.init.set(config.init);
    c.std.set(customStd());
    c.std.root.hidden = config.init !== 'custom';
    c.batchNorm.set(config.batchNorm);
    c.layerNorm.set(config.layerNorm);
    c.residual.set(config.residual);
    c.warm.set(config.bnEvalWarmup ?? 0);
    c.warm.root.hidden = !config.batchNorm;
    for (const key of ['bias', 'layers', 'width', 'batch']) c[key].set(config[key]);
    c.inputDim.set(config.inputDim);
  }

  /** The charts that depend on the config alone (no computation). */
  function drawConfigCharts() {
    for (const canvas of [activationCanvas, zeroCanvas]) fitCanvas(canvas);
    setChartLabels(scene, CHART_LABELS);
    scene.drawActivation(activationCanvas);
    scene.drawZeroCentered(zeroCanvas);
    activationNote.textContent = t(`act_note.${config.activation}`);
  }

  /** The charts and read-outs of the workers' latest report. */
  function drawReport() {
    for (const canvas of [stdCanvas, actHist, gradHist]) fitCanvas(canvas);
    scene.drawStds(stdCanvas);
    scene.drawHistograms(actHist, false);
    scene.drawHistograms(gradHist, true);
    const report = scene.report();
    const pending = scene.gradientsPending();
    const verdict = report.layers.length ? scene.verdict() : null;
    verdictLine.textContent = verdict ? t(`init.verdict.${verdict.kind}`, { ...verdict, share: verdict.share === undefined ? '' : pct(verdict.share) }) : '';
    verdictLine.dataset.kind = verdict?.kind ?? '';
    maths.update(scene, report.layers.length);
    status.textContent = previewing ? t('init.status_preview', { rows: PREVIEW_ROWS, n: config.batch }) : t(pending ? 'init.status_pending' : 'init.status_line', {
      ms: Math.round(forwardMs), gms: Math.round(gradientMs), n: config.batch, d: config.inputDim, layers: config.layers, width: config.width,
      workers: pool.size,
    });
    const evalLayers = report.evalLayers;
    const headers = ['init.col_layer', 'init.col_mean', 'init.col_std', 'init.col_saturated', 'init.col_zero', 'init.col_dead', 'init.col_grad_std'];
    if (evalLayers) headers.push('init.col_eval_std');
    tableHead.replaceChildren(el('tr', {}, headers.map((k) => el('th', { scope: 'col', i18n: k }))));
    tableBody.replaceChildren(...report.layers.map((layer, i) => {
      const a = layer.activations;
      const gradStd = layer.weightGrad ? fmt(layer.weightGrad.std) : '…';
      const cells = [fmt(a.mean), fmt(a.std), pct(a.saturatedFraction), pct(a.zeroFraction), pct(a.deadFraction), gradStd];
      if (evalLayers) cells.push(fmt(evalLayers[i].std));
      return el('tr', {}, [el('th', { scope: 'row', text: String(i + 1) }), ...cells.map((text) => el('td', { class: 'num', text }))]);
    }));
  }

  syncControls();
  drawConfigCharts();
  commit(scene.toHash());
  compute.run(config);

  return {
    draw() {
      drawConfigCharts();
      drawReport();
    },
    unmount() {
      stopWatching();
      compute.cancel();
      setBusy('init', false);
      maths.detach();
    },
    view: () => scene,
    actions: {
      preset: (i) => presets[i]?.click(),
      toggleBatchNorm: () => apply({ batchNorm: !config.batchNorm, layerNorm: false }),
    },
  };
}
