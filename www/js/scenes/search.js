// Hyperparameter search scene: every trial is a short real training run on a pool worker (all
// cores), shown as it finishes — trials on the parameter axes coloured by validation accuracy,
// accuracy against each parameter, a sortable table whose rows open in the trainer; drag a
// region to search it finer. The learning-rate finder sweeps the rate and draws the lecture's
// fixed-rate loss curves. The plans, results and charts live in Rust (SearchScene).

import { t } from '../shell/i18n.js';
import { el, slider, select, button, fmt, pct, fitCanvas, showError, errorText, fieldSlider, setChartLabels, oncePerFrame, fromLink, tableScroll } from '../shell/ui.js';
import { exportControls } from '../charts/export.js';
import { workerPool, onEveryWorker } from '../workers/pool.js';
import { comparisonRuns, timeLeft } from './comparison.js';
import { loadDigits } from './digits.js';
import { attempt } from './kit.js';

const CHART_LABELS = ['val_accuracy', 'accuracy', 'learning_rate_log', 'loss', 'epoch', 'smoothed_loss', 'suggested_range',
  'rate_too_low', 'rate_good', 'rate_high', 'rate_very_high', 'search_grid', 'search_random'];
const MAX_PARAMS = 3;
/** Minibatches per worker call: a newer search waits at most one chunk for an older trial. */
const CHUNK_STEPS = 100;

export function mount(root, kit) {
  const { wasm, encodedState, commit, crashed, live } = kit;
  const S = wasm.SearchScene;
  const catalog = S.catalog();
  const trainerCatalog = wasm.TrainerScene.catalog();
  const pool = workerPool();
  const scene = fromLink((hash) => S.fromHash(hash), encodedState);
  let config = scene.config();
  let began = 0; // when the current search started
  let sort = { key: 'valAcc', descending: true };
  const digitsFor = async (cfg) => (cfg.dataset === 'digits' ? loadDigits() : undefined);

  // --- stage ---
  const canvas = (aria, cls = 'chart') => el('canvas', { class: cls, role: 'img', i18nAria: aria });
  const scatters = [0, 1].map(() => canvas('search.scatter_alt', 'chart search-scatter'));
  const marginals = [0, 1].map(() => canvas('search.marginals_alt', 'chart strip'));
  const sweepCanvas = canvas('search.sweep_alt');
  const patternsCanvas = canvas('search.patterns_alt');
  // Until the finder runs its charts have nothing to show: a line says what will appear.
  const finderPlaceholder = el('p', { class: 'placeholder', i18n: 'search.finder_placeholder' });
  sweepCanvas.hidden = patternsCanvas.hidden = true;
  const finder = el('div', { class: 'search-finder', 'data-computing': 'false' }, [sweepCanvas, patternsCanvas]);
  const progress = el('p', { class: 'status readout', 'aria-live': 'polite' });
  const edge = el('p', { class: 'note', hidden: true });
  const tableHead = el('thead');
  const tableBody = el('tbody');
  const table = el('table', { class: 'legend-table search-table' }, [el('caption', { i18n: 'search.table_caption' }), tableHead, tableBody]);
  const sweepStatus = el('p', { class: 'status' });
  const useRange = button({ i18n: 'search.use_range', onClick: () => useSuggested(), hidden: true });
  const finderBlock = el('div', { class: 'finder-block' }, [
    el('h2', { i18n: 'search.finder_title' }),
    el('div', { class: 'buttons' }, [button({ i18n: 'search.find_lr', primary: true, onClick: () => findRate() }), useRange]),
    sweepStatus,
    finderPlaceholder,
    finder,
    el('p', { class: 'hint', i18n: 'search.finder_hint' }),
  ]);
  const searchBlock = el('div', { class: 'search-block' }, [
    el('div', { class: 'search-scatters' }, scatters.map((c) => el('div', { class: 'zoomable' }, [c]))),
    progress, edge,
    el('p', { class: 'hint', i18n: 'search.zoom_hint' }),
    ...marginals,
    tableScroll(table, 'search.table_caption'),
  ]);
  // A link that opens on the finder (finder=1, the lecture's step) shows it first.
  const stage = el('section', { class: 'stage search-stage', i18nAria: 'search.stage_region' }, [
    ...(config.finder ? [finderBlock, searchBlock] : [searchBlock, finderBlock]),
    exportControls({ scene: 'search', canvases: () => [
      ...scatters.slice(0, scene.plans()).map((c, p) => [c, `trials-${p + 1}`, (x) => scene.drawScatter(x, p)]),
      ...marginals.slice(0, scene.plans()).map((c, p) => [c, `marginals-${p + 1}`, (x) => scene.drawMarginals(x, p)]),
      [sweepCanvas, 'lr-sweep', (x) => scene.drawSweep(x)],
      [patternsCanvas, 'lr-patterns', (x) => scene.drawPatterns(x)],
    ], csv: () => scene.csv() }),
    el('details', { class: 'notes', open: true }, [
      el('summary', { i18n: 'search.notes_title' }),
      el('ul', {}, ['search.note_coarse', 'search.note_random', 'search.note_log', 'search.note_edge', 'search.note_babysit'].map((k) => el('li', { i18n: k }))),
    ]),
  ]);

  // --- controls ---
  const c = {};
  const choice = (id, key, names, prefix, labelOf) => select({
    id, i18n: catalog.fields.find((f) => f.key === key).label, value: config[catalog.fields.find((f) => f.key === key).name],
    options: names.map((n) => [n, labelOf ? null : `${prefix}.${n}`, labelOf?.(n)]),
    onChange: (v) => apply(key === 'ds' ? { dataset: v, points: v === 'digits' ? 1797 : Math.min(config.points, 1000) } : { [catalog.fields.find((f) => f.key === key).name]: v }),
  });
  const optimizerLabels = Object.fromEntries(trainerCatalog.labels);
  c.dataset = choice('search-dataset', 'ds', trainerCatalog.datasets, 'dataset');
  c.activation = choice('search-act', 'act', trainerCatalog.activations, 'act');
  c.optimizer = choice('search-opt', 'opt', trainerCatalog.optimizers, null, (n) => optimizerLabels[n]);
  c.strategy = choice('search-strategy', 'strat', catalog.strategies, 'search.strategy');
  const count = (id, key, name) => slider({ id, ...fieldSlider(catalog, key), value: config[name], format: String, onChange: (v) => apply({ [name]: v }) });
  c.layers = count('search-layers', 'layers', 'layers');
  c.width = count('search-width', 'width', 'width');
  c.epochs = count('search-epochs', 'epochs', 'epochs');
  c.trials = count('search-trials', 'trials', 'trials');
  c.lr = slider({ id: 'search-lr', ...fieldSlider(catalog, 'lr'), value: config.lr, onChange: (lr) => apply({ lr }) });
  // Up to three searched parameters, each a name (or none), bounds and a scale.
  const paramRows = Array.from({ length: MAX_PARAMS }, (_, i) => {
    const name = el('select', { id: `search-p${i}`, 'aria-label': t('search.param_name', { n: i + 1 }) },
      [el('option', { value: '', text: '—' }), ...catalog.params.map((p) => el('option', { value: p, text: p }))]);
    const lo = el('input', { type: 'text', class: 'bound', inputmode: 'decimal', 'aria-label': t('search.param_lo', { n: i + 1 }) });
    const hi = el('input', { type: 'text', class: 'bound', inputmode: 'decimal', 'aria-label': t('search.param_hi', { n: i + 1 }) });
    const scale = el('select', { 'aria-label': t('search.param_scale', { n: i + 1 }) },
      [el('option', { value: 'log', i18n: 'search.scale_log' }), el('option', { value: 'lin', i18n: 'search.scale_lin' })]);
    for (const node of [name, lo, hi, scale]) node.addEventListener('change', () => applyParams());
    return { name, lo, hi, scale, root: el('div', { class: 'param-row' }, [name, lo, el('span', { text: '…' }), hi, scale]) };
  });
  const presetButtons = catalog.presets.map(({ id, link }) => button({ i18n: `search_preset.${id}`, onClick: () => apply(S.configFromHash(link)) }));
  const panel = el('section', { class: 'controls', i18nAria: 'search.controls' }, [
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'search.searched' }), ...paramRows.map((r) => r.root), c.strategy.root, c.trials.root,
      el('div', { class: 'buttons' }, [button({ i18n: 'search.run', primary: true, onClick: () => apply({}) })])]),
    el('div', { class: 'presets keep' }, presetButtons),
    el('fieldset', {}, [el('legend', { i18n: 'search.network' }), c.dataset.root, c.layers.root, c.width.root, c.activation.root, c.optimizer.root, c.lr.root, c.epochs.root]),
  ]);
  root.append(el('div', { class: 'scene-grid' }, [panel, stage]));

  function applyParams() {
    const text = paramRows.filter((r) => r.name.value).map((r) => `${r.name.value}:${r.lo.value.trim()}:${r.hi.value.trim()}:${r.scale.value}`).join(',');
    apply({ params: text });
  }

  /** A new search from `change` (a refusal keeps the last good one and its controls). */
  function apply(change) {
    if (!attempt(() => scene.set({ ...config, ...change }), syncControls)) return;
    config = scene.config();
    syncControls();
    commit(scene.toHash());
    start();
  }

  function syncControls() {
    for (const key of ['dataset', 'activation', 'optimizer', 'strategy']) c[key].set(config[key]);
    for (const key of ['layers', 'width', 'epochs', 'trials', 'lr']) c[key].set(config[key]);
    const params = config.params.split(',').filter(Boolean).map((p) => p.split(':'));
    paramRows.forEach((row, i) => {
      const [name = '', lo = '', hi = '', scale = 'log'] = params[i] ?? [];
      Object.assign(row.name, { value: name });
      Object.assign(row.lo, { value: lo });
      Object.assign(row.hi, { value: hi });
      Object.assign(row.scale, { value: scale });
    });
  }

  // --- the search on the workers ---
  // Late trials of an older search are dropped.
  const runs = comparisonRuns({ owner: 'search', stage, alive: live, crashed });
  async function start() {
    const total = scene.trialCount();
    began = performance.now();
    layout();
    const finished = runs.run((current) => onEveryWorker(pool, total, current, async (w, g) => {
      const cfg = scene.trialConfig(g);
      let numbers = await pool.call(w, 'search.trial', { config: cfg, digits: await digitsFor(cfg), steps: CHUNK_STEPS });
      while (numbers === null && current()) numbers = await pool.call(w, 'search.trial', { steps: CHUNK_STEPS });
      if (!current()) return;
      scene.accept(g, numbers);
      progress.textContent = progressText();
      scheduleDraw();
    }));
    drawResults(true);
    if (await finished) drawResults(true);
  }

  /** "k / N trials · about s left", the time from the pace of this search so far. */
  function progressText() {
    const total = scene.trialCount();
    const done = scene.done();
    const left = timeLeft(began, done / total);
    return `${t('search.progress', { done, total })}${left ? ` · ${left}` : ''}`;
  }

  const scheduleDraw = oncePerFrame(() => live() && drawResults(false));

  function layout() {
    const plans = scene.plans();
    scatters.forEach((node, p) => { node.parentElement.hidden = p >= plans; });
    marginals.forEach((node, p) => { node.hidden = p >= plans; });
    stage.classList.toggle('two-plans', plans > 1);
    for (const node of [...scatters.slice(0, plans), ...marginals.slice(0, plans), sweepCanvas, patternsCanvas]) fitCanvas(node);
  }

  function drawResults(full) {
    const plans = scene.plans();
    for (let p = 0; p < plans; p += 1) {
      scene.drawScatter(scatters[p], p);
      scene.drawMarginals(marginals[p], p);
    }
    progress.textContent = progressText();
    const edges = [...new Set(Array.from({ length: plans }, (_, p) => scene.edge(p)).flat())];
    edge.hidden = edges.length === 0 || scene.done() < scene.trialCount();
    edge.textContent = t('search.edge_warning', { names: edges.join(', ') });
    stage.dataset.done = String(scene.done());
    if (full) fillTable();
  }

  function fillTable() {
    const loss = (v) => (v == null ? '—' : fmt(v));
    const names = config.params.split(',').filter(Boolean).map((p) => p.split(':')[0]);
    const plans = scene.plans();
    const columns = [
      ...(plans > 1 ? [['strategy', 'search.col_strategy', (r) => t(`search.strategy.${r.strategy}`)]] : []),
      ...names.map((n, k) => [`p${k}`, null, (r) => fmt(r.result.params[k][1]), n]),
      ['trainAcc', 'search.col_train_acc', (r) => pct(r.result.trainAcc)], ['valAcc', 'search.col_val_acc', (r) => pct(r.result.valAcc)],
      ['trainLoss', 'search.col_train_loss', (r) => loss(r.result.trainLoss)], ['valLoss', 'search.col_val_loss', (r) => loss(r.result.valLoss)],
      ['epochs', 'search.col_epochs', (r) => String(r.result.epochs)], ['exploded', 'search.col_exploded', (r) => (r.result.exploded ? t('search.exploded') : '')],
    ];
    const value = (r, key) => (key.startsWith('p') && key.length === 2 ? r.result.params[Number(key[1])][1] : key === 'strategy' ? r.strategy : r.result[key]);
    const rows = scene.rows().sort((a, b) => {
      const [x, y] = [value(a, sort.key), value(b, sort.key)];
      const order = (x ?? -Infinity) < (y ?? -Infinity) ? -1 : (x ?? -Infinity) > (y ?? -Infinity) ? 1 : 0;
      return sort.descending ? -order : order;
    });
    tableHead.replaceChildren(el('tr', {}, [
      ...columns.map(([key, i18n, , text]) => {
        const th = el('th', { scope: 'col', 'aria-sort': sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none' });
        const b = el('button', { type: 'button', class: 'sort', ...(i18n ? { i18n } : { text }) });
        b.addEventListener('click', () => {
          sort = { key, descending: sort.key === key ? !sort.descending : true };
          fillTable();
        });
        th.append(b);
        return th;
      }),
      el('th', { scope: 'col', i18n: 'search.col_open' }),
    ]));
    tableBody.replaceChildren(...rows.map((r) => el('tr', { class: r.result.exploded ? 'diverged' : undefined }, [
      ...columns.map(([, , cell]) => el('td', { class: 'num', text: cell(r) })),
      el('td', {}, [el('a', { href: `#scene=train&${scene.trialLink(r.trial)}`, i18n: 'search.open' })]),
    ])));
  }

  // --- the learning-rate finder ---
  let finderRuns = 0; // a newer run of the finder drops an older one's late answers
  async function findRate() {
    const mine = (finderRuns += 1);
    const current = () => mine === finderRuns && live();
    const base = scene.baseConfig();
    sweepStatus.textContent = t('search.sweeping');
    stage.dataset.sweep = 'running';
    finder.dataset.computing = 'true';
    try {
      const digits = await digitsFor(base);
      const s = await pool.call(0, 'search.sweep', { config: base, digits });
      if (!current()) return;
      scene.setSweep(s.lr, s.loss, s.smoothed, s.suggested[0], s.suggested[1]);
      sweepCanvas.hidden = patternsCanvas.hidden = false;
      finderPlaceholder.hidden = true;
      fitCanvas(sweepCanvas);
      fitCanvas(patternsCanvas);
      scene.drawSweep(sweepCanvas);
      const rates = Array.from(scene.patternRates()); // a Float64Array cannot map to promises
      const curves = await Promise.all(rates.map((lr, k) => pool.call(k, 'search.curve', { config: base, lr, digits })));
      if (!current()) return;
      curves.forEach((curve, k) => scene.setCurve(k, curve));
      scene.drawPatterns(patternsCanvas);
      sweepStatus.textContent = t('search.suggested', { lo: fmt(s.suggested[0]), hi: fmt(s.suggested[1]) });
      useRange.hidden = false;
      useRange.dataset.lo = s.suggested[0];
      useRange.dataset.hi = s.suggested[1];
      stage.dataset.sweep = 'done';
    } catch (err) {
      if (err.panic) crashed(err.panic);
      else showError(errorText(err));
    } finally {
      if (current()) finder.dataset.computing = 'false';
    }
  }

  /** Search the finder's suggested rates (the lr row, added first if absent). */
  function useSuggested() {
    const rest = config.params.split(',').filter((p) => p && !p.startsWith('lr:'));
    apply({ params: [`lr:${useRange.dataset.lo}:${useRange.dataset.hi}:log`, ...rest].slice(0, MAX_PARAMS).join(',') });
  }

  // --- drag a region on a scatter: a finer search; click a trial: open it in the trainer ---
  scatters.forEach((node, p) => {
    const box = el('div', { class: 'zoom-box', hidden: true });
    node.parentElement.append(box);
    let from = null;
    const at = (event) => {
      const rect = node.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top, ratio: node.width / rect.width };
    };
    node.addEventListener('pointerdown', (event) => {
      from = at(event);
      node.setPointerCapture?.(event.pointerId);
    });
    node.addEventListener('pointermove', (event) => {
      if (!from) return;
      const to = at(event);
      box.hidden = false;
      Object.assign(box.style, { left: `${Math.min(from.x, to.x)}px`, top: `${Math.min(from.y, to.y)}px`, width: `${Math.abs(to.x - from.x)}px`, height: `${Math.abs(to.y - from.y)}px` });
    });
    node.addEventListener('pointerup', (event) => {
      if (!from) return;
      const [a, b] = [from, at(event)];
      from = null;
      box.hidden = true;
      if (Math.hypot(b.x - a.x, b.y - a.y) < 6) {
        const g = scene.nearest(p, a.x * a.ratio, a.y * a.ratio, 14 * a.ratio);
        if (g !== undefined) window.location.hash = `#scene=train&${scene.trialLink(g)}`;
        return;
      }
      try {
        const next = scene.zoom(p, a.x * a.ratio, a.y * a.ratio, b.x * b.ratio, b.y * b.ratio);
        if (next) apply(next);
      } catch (err) {
        showError(errorText(err));
      }
    });
  });

  function setLabels() {
    setChartLabels(scene, CHART_LABELS);
  }
  syncControls();
  stage.dataset.computing = 'true'; // the first search starts in the next task
  // A link with finder=1 (the lecture's learning-rate step) runs the finder on arrival too.
  kit.inTasks([() => { setLabels(); start(); if (config.finder) findRate(); }]);

  return {
    draw() {
      layout();
      drawResults(false);
      if (sweepCanvas.hidden) return;
      scene.drawSweep(sweepCanvas);
      scene.drawPatterns(patternsCanvas);
    },
    relabel() {
      setLabels();
      fillTable();
    },
    unmount: () => runs.stop(),
    view: () => scene,
    actions: {
      playPause: () => apply({}),
      step: () => apply({}),
      reset: () => apply(S.configFromHash('')),
    },
  };
}
