// Regularization & ensembles scene: one overfitting setup trained once per method from the
// same initial weights, every training on a pool worker (all cores), shown as each finishes —
// small multiples of the decision boundaries (or the digits' accuracy per class), one loss
// chart per method with the generalization gap shaded, a table, the ensembles' members against
// their average, and fractional max pooling's random regions. The math and charts live in Rust
// (RegularizeScene, RegularizeWorker).

import { t } from '../shell/i18n.js';
import { el, slider, select, checkbox, button, fmt, pct, fitCanvas, showError, clearError, errorText, fieldSlider, setChartLabels, oncePerFrame, fromLink, tableScroll } from '../shell/ui.js';
import { exportControls } from '../charts/export.js';
import { workerPool } from '../workers/pool.js';
import { comparisonRuns, trainAll, trainedShare, timeLeft } from './comparison.js';
import { loadDigits } from './digits.js';

const CHART_LABELS = ['train', 'validation', 'val_short', 'training', 'gap', 'best_epoch', 'members', 'members_mean', 'ensemble_bar',
  'val_accuracy', 'pool_2x2', 'pool_fmp', 'output'];
/** Minibatches per worker call: a newer comparison waits at most one chunk for an older one. */
const CHUNK_STEPS = 60;
/** The pooling picture's digit (a 3 of the bundled set). */
const POOL_DIGIT = 3;

export function mount(root, kit) {
  const { wasm, encodedState, commit, crashed, live } = kit;
  const R = wasm.RegularizeScene;
  const catalog = R.catalog();
  const trainerCatalog = wasm.TrainerScene.catalog();
  const pool = workerPool();
  const field = (key) => catalog.fields.find((f) => f.key === key);
  let config = fromLink((hash) => R.configFromHash(hash), encodedState);
  let scene = null;
  let digits = null;
  let began = 0;
  let epochsDone = [];

  // --- stage ---
  const canvas = (aria, cls = 'chart') => el('canvas', { class: cls, role: 'img', i18nAria: aria });
  const boundaries = canvas('reg.boundaries_alt', 'chart reg-tiles');
  const gaps = canvas('reg.gaps_alt', 'chart reg-tiles');
  const ensembles = canvas('reg.ensembles_alt', 'chart strip');
  const pooling = canvas('reg.pooling_alt', 'chart strip');
  const progress = el('p', { class: 'status readout', 'aria-live': 'polite' });
  const tableBody = el('tbody');
  const columns = ['reg.col_method', 'reg.col_strength', 'search.col_train_acc', 'reg.col_val_seeds', 'reg.col_vs_none', 'reg.col_gap', 'reg.col_note'];
  const caption = el('caption');
  const table = el('table', { class: 'legend-table reg-table' }, [caption,
    el('thead', {}, [el('tr', {}, columns.map((k) => el('th', { scope: 'col', i18n: k })))]), tableBody]);
  const ensembleBlock = el('div', { hidden: true }, [el('h2', { i18n: 'reg.ensembles_title' }), ensembles]);
  const stage = el('section', { class: 'stage reg-stage', i18nAria: 'reg.stage_region' }, [
    el('div', { class: 'reg-pair' }, [boundaries, gaps]),
    progress,
    tableScroll(table, 'reg.col_val_seeds'),
    ensembleBlock,
    el('h2', { i18n: 'reg.pooling_title' }),
    pooling,
    el('div', { class: 'buttons' }, [button({ i18n: 'reg.resample', onClick: () => { scene?.resample(); drawPooling(); } })]),
    el('p', { class: 'hint', i18n: 'reg.pooling_hint' }),
    exportControls({ scene: 'regularize', canvases: () => [
      [boundaries, 'boundaries', (x) => scene?.drawBoundaries(x)], [gaps, 'loss-gaps', (x) => scene?.drawGaps(x)],
      [ensembles, 'ensembles', (x) => scene?.drawEnsembles(x)], [pooling, 'pooling', (x) => scene?.drawPooling(x, POOL_DIGIT)],
    ], csv: () => scene?.csv() ?? '' }),
    el('details', { class: 'notes', open: true }, [
      el('summary', { i18n: 'reg.notes_title' }),
      el('ul', {}, ['reg.note_pattern', 'reg.note_dropout', 'reg.note_dropconnect', 'reg.note_depth', 'reg.note_early', 'reg.note_ensemble', 'reg.note_pooling']
        .map((k) => el('li', { i18n: k }))),
    ]),
  ]);

  // --- controls ---
  const c = {};
  const number = (key, format = fmt) => slider({ id: `reg-${key}`, ...fieldSlider(catalog, key), value: config[field(key).name], format, onChange: (v) => apply({ [field(key).name]: v }) });
  for (const key of ['l2', 'drop', 'dc', 'aug', 'sd']) c[key] = number(key);
  for (const key of ['es', 'k', 'cycles', 'n', 'layers', 'width', 'epochs', 'batch', 'seeds']) c[key] = number(key, String);
  c.noise = number('noise');
  c.lr = number('lr');
  c.ds = select({ id: 'reg-ds', i18n: field('ds').label, value: config.dataset, options: trainerCatalog.datasets.map((n) => [n, `dataset.${n}`]),
    onChange: (v) => apply({ dataset: v }) });
  c.act = select({ id: 'reg-act', i18n: field('act').label, value: config.activation, options: trainerCatalog.activations.map((n) => [n, `act.${n}`]),
    onChange: (v) => apply({ activation: v }) });
  const methodBoxes = catalog.methods.map((m) => checkbox({ id: `reg-m-${m}`, i18n: `reg.method.${m}`, checked: config.methods.includes(m),
    onChange: () => apply({ methods: catalog.methods.filter((n) => document.getElementById(`reg-m-${n}`).checked) }) }));
  c.raw = checkbox({ id: 'reg-raw', i18n: 'reg.uncorrected', checked: config.uncorrected, onChange: (v) => apply({ uncorrected: v }) });
  const presets = catalog.presets.map(({ id, link }) => button({ i18n: `reg_preset.${id}`, onClick: () => apply(R.configFromHash(link)) }));
  const panel = el('section', { class: 'controls', i18nAria: 'reg.controls' }, [
    el('div', { class: 'presets keep' }, presets),
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'reg.methods' }), ...methodBoxes.map((b) => b.root), c.raw.root,
      c.seeds.root, el('div', { class: 'buttons' }, [button({ i18n: 'reg.run', primary: true, onClick: () => start() })])]),
    el('fieldset', {}, [el('legend', { i18n: 'reg.strengths' }), ...['l2', 'drop', 'dc', 'aug', 'sd', 'es', 'k', 'cycles'].map((k) => c[k].root)]),
    el('fieldset', {}, [el('legend', { i18n: 'reg.network' }), c.ds.root, c.n.root, c.noise.root, c.layers.root, c.width.root, c.act.root, c.lr.root, c.epochs.root, c.batch.root]),
  ]);
  root.append(el('div', { class: 'scene-grid' }, [panel, stage]));

  // The pooling picture needs a digit whatever the dataset, so the scene always has the digits.
  const digitsFor = async () => (digits ??= await loadDigits());

  /** Take `change`: retrain unless only the evaluation switch moved; a refusal keeps the last
   * good comparison and its controls. */
  async function apply(change) {
    if (!scene) return;
    const next = { ...config, ...change };
    let retrain;
    try {
      const loaded = await digitsFor();
      if (!live()) return; // the scene left while the digits loaded
      retrain = scene.set(next, loaded);
    } catch (err) {
      showError(errorText(err));
      syncControls();
      return;
    }
    clearError();
    config = scene.config();
    syncControls();
    commit(scene.toHash());
    if (retrain) start();
    else drawResults(true);
  }

  function syncControls() {
    for (const key of ['l2', 'drop', 'dc', 'aug', 'sd', 'es', 'k', 'cycles', 'n', 'layers', 'width', 'epochs', 'batch', 'noise', 'lr', 'seeds']) c[key].set(config[field(key).name]);
    c.ds.set(config.dataset);
    c.act.set(config.activation);
    c.raw.set(config.uncorrected);
    methodBoxes.forEach((b, i) => b.set(config.methods.includes(catalog.methods[i])));
    c.noise.root.hidden = config.dataset === 'digits';
  }

  // --- the trainings on the workers ---
  // Late outputs of an older comparison are dropped.
  const runs = comparisonRuns({ owner: 'regularize', stage, alive: live, crashed });
  async function start() {
    if (!scene) return; // still building: the first build starts the comparison
    const total = scene.jobCount();
    epochsDone = new Array(total).fill(0);
    began = performance.now();
    layout();
    const finished = runs.run(async (current) => {
      const data = config.dataset === 'digits' ? await digitsFor() : undefined;
      await trainAll({
        pool, kind: 'regularize.train', steps: CHUNK_STEPS, current, epochsDone, epochs: config.epochs,
        payload: (job) => ({ config, job, digits: data }),
        onProgress: () => { progress.textContent = progressText(); },
        accept: (job, output) => {
          scene.accept(job, output);
          scheduleDraw();
        },
      });
    });
    drawResults(true);
    if (await finished) drawResults(true);
  }

  /** "k / N trainings · about s left", the time from the epochs trained so far. */
  function progressText() {
    const total = scene.jobCount();
    const done = scene.done();
    const fraction = trainedShare(epochsDone, config.epochs);
    const left = done < total ? timeLeft(began, fraction) : '';
    return `${t('reg.progress', { done, total })}${left ? ` · ${left}` : ''}`;
  }

  const scheduleDraw = oncePerFrame(() => live() && drawResults(true));

  /** Size the comparison's charts (refitting clears a canvas: the pooling picture sizes itself). */
  function layout() {
    for (const node of [boundaries, gaps, ensembles]) fitCanvas(node);
  }

  function drawResults(full) {
    scene.drawBoundaries(boundaries);
    scene.drawGaps(gaps);
    progress.textContent = progressText();
    stage.dataset.done = String(scene.done());
    ensembleBlock.hidden = !scene.hasEnsembles();
    if (!ensembleBlock.hidden) {
      fitCanvas(ensembles);
      scene.drawEnsembles(ensembles);
    }
    if (full) fillTable();
  }

  function drawPooling() {
    fitCanvas(pooling);
    scene?.drawPooling(pooling, POOL_DIGIT);
  }

  function fillTable() {
    caption.textContent = t('reg.table_caption', { seeds: config.seeds });
    const note = (r) => [
      r.bestEpoch ? t('reg.best_epoch', { epoch: r.bestEpoch }) : '',
      r.members ? t('reg.note_members', { count: r.members }) : '',
      r.uncorrected ? t('reg.uncorrected_short') : '',
      r.divergedAt ? t('reg.diverged', { step: r.divergedAt }) : '',
    ].filter(Boolean).join(' · ');
    tableBody.replaceChildren(...scene.rows().map((r) => el('tr', { class: r.divergedAt ? 'diverged' : undefined }, [
      el('td', { i18n: `reg.method.${r.method}` }), el('td', { text: r.strength }),
      el('td', { class: 'num', text: pct(r.trainAcc) }), el('td', { class: 'num', text: overSeeds(r.valMean) }),
      el('td', { class: difference(r.vsNone).kind, text: difference(r.vsNone).text }),
      el('td', { class: 'num', text: pct(r.gap) }), el('td', { text: note(r) }),
    ])));
  }

  /** "81.1% ± 1.9 (5)": the mean over the seeds in so far and its 95% interval. */
  function overSeeds(m) {
    if (m.runs < 2) return pct(m.mean);
    return t('reg.over_seeds', { mean: pct(m.mean), half: (100 * m.halfWidth).toFixed(1), runs: m.runs });
  }

  /** The paired difference from no regularization, worded: clearly better or worse only when its
   * 95% interval excludes 0, else "no clear difference". */
  function difference(d) {
    if (!d || d.runs < 2) return { kind: 'num', text: '—' };
    const points = `${d.mean >= 0 ? '+' : '−'}${Math.abs(100 * d.mean).toFixed(1)} ± ${(100 * d.halfWidth).toFixed(1)}`;
    const kind = d.mean - d.halfWidth > 0 ? 'better' : d.mean + d.halfWidth < 0 ? 'worse' : 'unclear';
    return { kind: `diff ${kind}`, text: `${points} ${t(`reg.diff_${kind}`)}` };
  }

  function setLabels() {
    setChartLabels(scene, CHART_LABELS, catalog.methods.map((m) => [`method_${m}`, t(`reg.method.${m}`)]));
  }
  stage.dataset.computing = 'true'; // the first comparison starts in a later task
  kit.inTasks([async () => {
    try {
      const loaded = await digitsFor();
      if (!live()) return;
      scene = new R(config, loaded);
    } catch (err) {
      if (!live()) return;
      showError(errorText(err));
      scene = new R(R.configFromHash(''), digits);
    }
    config = scene.config();
    syncControls();
    setLabels();
    layout();
    drawPooling();
    start();
  }]);

  return {
    draw() {
      if (!scene) return; // not built yet (a resize in the scene's first task)
      layout();
      drawResults(false);
      drawPooling();
    },
    relabel() {
      if (!scene) return;
      setLabels();
      fillTable();
    },
    unmount: () => runs.stop(),
    view: () => scene,
    actions: { playPause: () => start(), step: () => start(), reset: () => apply(R.configFromHash('')) },
  };
}
