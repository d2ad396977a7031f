// Loss-landscape scene: the same data and architecture trained as a plain, a batch-norm and a
// residual network from the same initial weights, every training and every band of every 2D
// slice on a pool worker (all cores) — the slices on one colour scale with the trajectories, the
// loss along the line from the initial to the trained weights, and smoothness and a layer's
// input percentiles along training. The math and charts live in Rust (LandscapeScene,
// LandscapeWorker).

import { t } from '../shell/i18n.js';
import { el, slider, select, checkbox, button, fmt, pct, fitCanvas, showError, errorText, fieldSlider, setChartLabels, oncePerFrame, fromLink, tableScroll } from '../shell/ui.js';
import { exportControls } from '../charts/export.js';
import { workerPool, onEveryWorker } from '../workers/pool.js';
import { comparisonRuns, trainAll, trainedShare, timeLeft } from './comparison.js';
import { loadDigits } from './digits.js';
import { attempt } from './kit.js';

const CHART_LABELS = ['alpha', 'loss', 'initial', 'trained', 'solid_dashed', 'net_plain', 'net_bn', 'net_residual', 'loss_range',
  'grad_change', 'layer_inputs', 'step', 'training', 'pca'];
/** Minibatches per worker call: a newer comparison waits at most one chunk for an older one. */
const CHUNK_STEPS = 40;

export function mount(root, kit) {
  const { wasm, encodedState, commit, crashed, live } = kit;
  const L = wasm.LandscapeScene;
  const catalog = L.catalog();
  const trainerCatalog = wasm.TrainerScene.catalog();
  const pool = workerPool();
  const field = (key) => catalog.fields.find((f) => f.key === key);
  let config = fromLink((hash) => L.configFromHash(hash), encodedState);
  let scene = null;
  let digits = null;
  let began = 0;
  let epochsDone = [];
  let bandTotal = 0;

  // --- stage ---
  const canvas = (aria, cls) => el('canvas', { class: `chart ${cls}`, role: 'img', i18nAria: aria });
  const slices = canvas('land.slices_alt', 'land-slices');
  const lines = canvas('land.lines_alt', 'land-lines');
  const measures = canvas('land.measures_alt', 'land-measures');
  const progress = el('p', { class: 'status readout timing', 'aria-live': 'polite' });
  const tableBody = el('tbody');
  const columns = ['land.col_net', 'search.col_val_acc', 'search.col_val_loss', 'land.col_centre', 'land.col_slice_max', 'land.col_range', 'land.col_grad'];
  const table = el('table', { class: 'legend-table land-table' }, [el('caption', { i18n: 'land.table_caption' }),
    el('thead', {}, [el('tr', {}, columns.map((k) => el('th', { scope: 'col', i18n: k })))]), tableBody]);
  const stage = el('section', { class: 'stage land-stage', i18nAria: 'land.stage_region' }, [
    slices, lines, progress,
    tableScroll(table, 'land.table_caption'),
    el('h2', { i18n: 'land.measures_title' }), measures,
    el('p', { class: 'hint', i18n: 'land.measures_hint' }),
    exportControls({ scene: 'landscape', canvases: () => [
      [slices, 'slices', (x) => scene?.drawSlices(x)], [lines, 'interpolation', (x) => scene?.drawLines(x)],
      [measures, 'smoothness', (x) => scene?.drawMeasures(x)],
    ], csv: () => scene?.csv() ?? '' }),
    el('details', { class: 'notes', open: true }, [
      el('summary', { i18n: 'land.notes_title' }),
      el('ul', {}, ['land.note_line', 'land.note_slice', 'land.note_residual', 'land.note_bn'].map((k) => el('li', { i18n: k }))),
    ]),
  ]);

  // --- controls ---
  const c = {};
  const number = (key, format = String) => slider({ id: `land-${key}`, ...fieldSlider(catalog, key), value: config[field(key).name], format, onChange: (v) => apply({ [field(key).name]: v }) });
  for (const key of ['n', 'layers', 'width', 'epochs', 'batch', 'grid', 'layer']) c[key] = number(key);
  c.noise = number('noise', fmt);
  c.lr = number('lr', fmt);
  const choice = (key, options) => select({ id: `land-${key}`, i18n: field(key).label, value: config[field(key).name],
    options, onChange: (v) => apply({ [field(key).name]: v }) });
  const optimizerLabels = Object.fromEntries(trainerCatalog.labels);
  c.ds = choice('ds', trainerCatalog.datasets.map((n) => [n, `dataset.${n}`]));
  c.act = choice('act', trainerCatalog.activations.map((n) => [n, `act.${n}`]));
  c.opt = choice('opt', trainerCatalog.optimizers.map((n) => [n, null, optimizerLabels[n]]));
  c.plane = choice('plane', catalog.planes.map((n) => [n, `land.plane.${n}`]));
  const netBoxes = catalog.nets.map((n) => checkbox({ id: `land-net-${n}`, i18n: `land.net.${n}`, checked: config.nets.includes(n),
    onChange: () => apply({ nets: catalog.nets.filter((m) => document.getElementById(`land-net-${m}`).checked) }) }));
  const presets = catalog.presets.map(({ id, link }) => button({ i18n: `land_preset.${id}`, onClick: () => apply(L.configFromHash(link)) }));
  const panel = el('section', { class: 'controls', i18nAria: 'land.controls' }, [
    el('div', { class: 'presets keep' }, presets),
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'land.nets' }), ...netBoxes.map((b) => b.root),
      el('div', { class: 'buttons' }, [button({ i18n: 'reg.run', primary: true, onClick: () => start() })])]),
    el('fieldset', {}, [el('legend', { i18n: 'land.network' }), c.ds.root, c.n.root, c.noise.root, c.layers.root, c.width.root, c.act.root,
      c.opt.root, c.lr.root, c.epochs.root, c.batch.root]),
    el('fieldset', {}, [el('legend', { i18n: 'land.measured' }), c.plane.root, el('p', { class: 'hint', i18n: 'land.plane_hint' }), c.grid.root, c.layer.root]),
  ]);
  root.append(el('div', { class: 'scene-grid' }, [panel, stage]));

  const digitsFor = async () => (config.dataset === 'digits' ? (digits ??= await loadDigits()) : undefined);

  /** Take `change` and train again; a refusal keeps the last good comparison and its controls. */
  async function apply(change) {
    if (!scene) return;
    const next = { ...config, ...change };
    let fresh;
    if (!attempt(() => { fresh = new L(next); }, syncControls)) return;
    scene.free();
    scene = fresh;
    config = scene.config();
    setLabels();
    syncControls();
    commit(scene.toHash());
    start();
  }

  function syncControls() {
    for (const key of ['n', 'layers', 'width', 'epochs', 'batch', 'grid', 'layer', 'noise', 'lr']) c[key].set(config[field(key).name]);
    c.ds.set(config.dataset);
    c.act.set(config.activation);
    c.opt.set(config.optimizer);
    c.plane.set(config.plane);
    netBoxes.forEach((b, i) => b.set(config.nets.includes(catalog.nets[i])));
    c.noise.root.hidden = config.dataset === 'digits';
  }

  // --- the trainings, then the slices' bands, on the workers ---
  // Late answers of an older comparison are dropped.
  const runs = comparisonRuns({ owner: 'landscape', stage, alive: live, crashed });
  async function start() {
    if (!scene) return; // still building: the first build starts the comparison
    const nets = scene.trainCount();
    epochsDone = new Array(nets).fill(0);
    bandTotal = 0;
    began = performance.now();
    layout();
    const finished = runs.run(async (current) => {
      const data = await digitsFor();
      await trainAll({
        pool, kind: 'landscape.train', steps: CHUNK_STEPS, current, epochsDone, epochs: config.epochs,
        payload: (net) => ({ config, net, digits: data }),
        onProgress: () => { progress.textContent = progressText(); },
        accept: (net, output) => {
          scene.acceptNet(net, output);
          scheduleDraw();
        },
      });
      if (!current()) return;
      const bands = scene.bandJobs();
      bandTotal = bands.length;
      const inputs = new Map(bands.map(([net]) => [net, scene.bandInput(net)]));
      await onEveryWorker(pool, bands.length, current, async (w, i) => {
        const [net, from, to] = bands[i];
        const rows = await pool.call(w, 'landscape.band', { config, net, digits: data, input: inputs.get(net), start: from, end: to });
        if (!current()) return;
        scene.acceptBand(net, from, rows);
        scheduleDraw();
      });
    });
    drawResults();
    if (!(await finished)) return;
    stage.dataset.seconds = ((performance.now() - began) / 1000).toFixed(2);
    drawResults();
  }

  /** "Training k / N · slices j / M · about s left" (the time from the work done so far). */
  function progressText() {
    const nets = scene.trainCount();
    const bandsShare = bandTotal ? scene.bandsDone() / bandTotal : 0;
    const fraction = 0.3 * trainedShare(epochsDone, config.epochs) + 0.7 * bandsShare; // the slices take most of the time
    const finished = bandTotal > 0 && scene.bandsDone() === bandTotal;
    const left = finished ? '' : timeLeft(began, fraction);
    const parts = [t('land.progress_train', { done: scene.trained(), total: nets })];
    if (bandTotal) parts.push(t('land.progress_slices', { done: scene.bandsDone(), total: bandTotal }));
    if (finished) parts.push(t('land.seconds', { seconds: ((performance.now() - began) / 1000).toFixed(1) }));
    if (left) parts.push(left);
    return parts.join(' · ');
  }

  const scheduleDraw = oncePerFrame(() => live() && drawResults());

  function layout() {
    for (const node of [slices, lines, measures]) fitCanvas(node);
  }

  function drawResults() {
    scene.drawSlices(slices);
    scene.drawLines(lines);
    scene.drawMeasures(measures);
    progress.textContent = progressText();
    stage.dataset.trained = String(scene.trained());
    stage.dataset.bands = String(scene.bandsDone());
    fillTable();
  }

  function fillTable() {
    const num = (v) => (Number.isFinite(v) ? fmt(v) : '—');
    tableBody.replaceChildren(...scene.rows().map((r) => el('tr', { class: r.divergedAt ? 'diverged' : undefined }, [
      el('td', { text: t(`land.net.${r.net}`) + (r.divergedAt ? ` · ${t('reg.diverged', { step: r.divergedAt })}` : '') }),
      el('td', { class: 'num', text: pct(r.valAcc) }), el('td', { class: 'num', text: num(r.valLoss) }),
      el('td', { class: 'num', text: num(r.centreLoss) }), el('td', { class: 'num', text: num(r.sliceMax) }),
      el('td', { class: 'num', text: num(r.lossRange) }), el('td', { class: 'num', text: num(r.gradChange) }),
    ])));
  }

  function setLabels() {
    setChartLabels(scene, CHART_LABELS);
  }
  stage.dataset.computing = 'true'; // the first comparison starts in a later task
  kit.inTasks([() => {
    try {
      scene = new L(config);
    } catch (err) {
      showError(errorText(err));
      scene = new L(L.configFromHash(''));
    }
    config = scene.config();
    syncControls();
    setLabels();
    start();
  }]);

  return {
    draw() {
      if (!scene) return; // not built yet (a resize in the scene's first task)
      layout();
      drawResults();
    },
    relabel() {
      if (scene) setLabels();
    },
    unmount: () => runs.stop(),
    view: () => scene,
    actions: { playPause: () => start(), step: () => start(), reset: () => apply(L.configFromHash('')) },
  };
}
