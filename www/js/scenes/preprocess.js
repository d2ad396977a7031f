// Data preprocessing scene: a 2D cloud through raw → zero-centred → normalized → decorrelated →
// whitened, with the loss surface of linear regression on each stage's data; or PCA on the 8×8
// digits. The pipeline runs in Rust (PreprocessScene) on the main thread; this module animates
// the stage position and draws. No math here.

import { t } from '../shell/i18n.js';
import { el, slider, select, button, fmt, fitCanvas, showError, clearError, errorText, fieldSlider, inTasks, nextTask, setChartLabels, fromLink, tableScroll } from '../shell/ui.js';
import { playback } from '../shell/motion.js';
import { exportControls } from '../charts/export.js';
import { loadDigits } from './digits.js';

const STAGE_NAMES = ['raw', 'center', 'normalize', 'pca', 'whiten'];
const CHART_LABELS = [
  ...STAGE_NAMES.map((s) => `stage_${s}`), 'component', 'variance_share', 'per_component', 'cumulative',
  'mean_image', 'std_image', 'original', 'centred_image', 'whitened_image',
];
/** Animation frames from one stage to the next (about 0.8 s at 60 fps). */
const FRAMES_PER_STAGE = 48;

export function mount(root, kit) {
  const { wasm, encodedState, commit, live } = kit;
  const P = wasm.PreprocessScene;
  const catalog = P.catalog();
  const digitsFor = async (cfg) => (cfg.dataset === 'digits' ? loadDigits() : undefined);
  let scene = null;
  let snap = null; // the scene's read-outs, taken once per dataset (the view does not change them)
  let config = fromLink((hash) => P.configFromHash(hash), encodedState);

  // --- stage ---
  const canvas = (aria, cls = 'chart') => el('canvas', { class: cls, role: 'img', i18nAria: aria });
  const cloud = canvas('preprocess.cloud_alt', 'chart square');
  const fit = canvas('preprocess.fit_alt', 'chart square');
  const clouds = canvas('preprocess.clouds_alt', 'chart strip');
  const fits = canvas('preprocess.fits_alt', 'chart strip');
  const summary = canvas('preprocess.summary_alt', 'chart strip');
  const rebuild = canvas('preprocess.rebuild_alt', 'chart strip');
  const spectrum = canvas('preprocess.spectrum_alt');
  const readout = el('p', { class: 'status readout', 'aria-live': 'polite' });
  const tableBody = el('tbody');
  const table = el('table', { class: 'legend-table' }, [
    el('caption', { i18n: 'preprocess.table_caption' }),
    el('thead', {}, [el('tr', {}, ['preprocess.col_stage', 'preprocess.col_mean', 'preprocess.col_cov', 'preprocess.col_kappa', 'preprocess.col_steps'].map((k) => el('th', { scope: 'col', i18n: k })))]),
    tableBody,
  ]);
  const planar = el('div', { class: 'preprocess-planar' }, [
    el('div', { class: 'pair' }, [
      el('figure', {}, [cloud, el('figcaption', { i18n: 'preprocess.cloud_caption' })]),
      el('figure', {}, [fit, el('figcaption', { i18n: 'preprocess.fit_caption' })]),
    ]),
    readout,
    el('h2', { i18n: 'preprocess.stages_title' }), clouds, fits, tableScroll(table, 'preprocess.table_caption'),
    el('p', { class: 'hint', i18n: 'preprocess.fit_hint' }),
  ]);
  const images = el('div', { class: 'preprocess-images' }, [
    el('h2', { i18n: 'preprocess.summary_title' }), summary,
    el('h2', { i18n: 'preprocess.rebuild_title' }), rebuild, spectrum,
    el('p', { class: 'hint', i18n: 'preprocess.images_hint' }),
  ]);
  const notes = el('details', { class: 'notes', open: true }, [
    el('summary', { i18n: 'preprocess.notes_title' }),
    el('ul', {}, ['preprocess.note_center', 'preprocess.note_normalize', 'preprocess.note_pca', 'preprocess.note_images'].map((k) => el('li', { i18n: k }))),
  ]);
  const stage = el('section', { class: 'stage preprocess-stage', i18nAria: 'preprocess.stage_region' }, [
    planar, images,
    exportControls({ scene: 'preprocess', canvases: () => (snap?.images
      ? [[summary, 'digits-summary', (c) => scene.drawDigitSummary(c)], [rebuild, 'rebuild', (c) => scene.drawRebuild(c)], [spectrum, 'spectrum', (c) => scene.drawSpectrum(c)]]
      : [[cloud, 'cloud', (c) => scene.drawCloud(c)], [fit, 'loss-surface', (c) => scene.drawFit(c)], [clouds, 'stages', (c) => scene.drawStages(c, false)], [fits, 'stage-surfaces', (c) => scene.drawStages(c, true)]]),
    csv: () => scene.csv() }),
    notes,
  ]);

  // --- controls ---
  const c = {};
  c.dataset = select({
    id: 'pre-dataset', i18n: 'preprocess.dataset', value: config.dataset,
    options: catalog.datasets.map((d) => [d, `dataset.${d}`]), onChange: (dataset) => rebuildScene({ dataset }),
  });
  c.stage = slider({
    id: 'pre-stage', ...fieldSlider(catalog, 'st'), value: config.stage, format: (v) => stageName(v),
    onInput: (v) => { pause(); view({ stage: v }); },
    onChange: () => scene && commit(scene.toHash()),
  });
  c.components = slider({
    id: 'pre-k', ...fieldSlider(catalog, 'k'), step: 1, value: config.components, format: String,
    onInput: (v) => view({ components: v }), onChange: () => scene && commit(scene.toHash()),
  });
  c.digit = slider({
    id: 'pre-digit', ...fieldSlider(catalog, 'digit'), step: 1, value: config.digit, format: String,
    onInput: (v) => view({ digit: v }), onChange: () => scene && commit(scene.toHash()),
  });
  // Under reduced motion Play shows the next stage at once (after the last, the first).
  const playing = playback({
    playKey: 'preprocess.play', pauseKey: 'preprocess.pause', frame: tween, stopped: () => scene && commit(scene.toHash()),
    start: () => {
      if (!snap) return; // still building: Play has nothing to move yet
      if (config.stage >= snap.lastStage) view({ stage: 0 });
      target = Math.floor(config.stage + 1e-9) + 1;
    },
    stepAhead: () => snap && (config.stage >= snap.lastStage ? view({ stage: 0 }, true) : jump(1)),
  });
  const { pause } = playing;
  const stepButtons = el('div', { class: 'buttons keep' }, [
    button({ i18n: 'preprocess.previous', onClick: () => jump(-1) }),
    playing.button,
    button({ i18n: 'preprocess.next', onClick: () => jump(1) }),
  ]);
  // What the instructor touches stays in presenter mode (.keep): the data, the stage, k and the digit.
  c.dataset.root.classList.add('keep');
  const planarControls = el('div', { class: 'keep' }, [stepButtons, c.stage.root]);
  const imageControls = el('div', { class: 'keep' }, [c.components.root, c.digit.root,
    el('div', { class: 'buttons' }, [button({ i18n: 'preprocess.next_digit', onClick: () => view({ digit: (config.digit + 1) % 1797 }, true) })])]);
  const panel = el('section', { class: 'controls', i18nAria: 'preprocess.controls' }, [
    c.dataset.root,
    el('div', { class: 'buttons' }, [button({ i18n: 'preprocess.resample', onClick: () => rebuildScene({ seed: config.seed + 1 }) })]),
    planarControls, imageControls,
  ]);
  root.append(el('div', { class: 'scene-grid' }, [panel, stage]));

  function stageName(v) {
    const names = snap ? snap.stages.map((s) => s.name) : STAGE_NAMES;
    const i = Math.floor(v + 1e-9);
    const frac = v - i;
    const label = (k) => t(`chart.stage_${names[Math.min(k, names.length - 1)]}`);
    return frac < 0.005 || i + 1 >= names.length ? label(i) : `${label(i)} → ${label(i + 1)}`;
  }

  // --- state changes ---
  async function rebuildScene(change) {
    const next = { ...config, ...change };
    if (change.dataset) next.stage = 0;
    stage.dataset.computing = 'true';
    try {
      const digits = await digitsFor(next);
      if (!live()) return;
      if (scene) {
        scene.set(next, digits);
      } else {
        scene = new P(next, digits);
        setLabels();
      }
      clearError();
    } catch (err) {
      if (!live()) return; // the digits' load failed after the scene left
      showError(errorText(err));
      if (!scene) {
        scene = new P(P.configFromHash(''), undefined);
        setLabels();
      }
    }
    config = scene.config();
    snap = scene.snapshot();
    syncControls();
    commit(scene.toHash());
    await nextTask(); // the pipeline ran in this task; the charts draw in the next ones
    if (!live()) return;
    await drawAll();
    stage.dataset.computing = 'false';
  }

  /** Stage, k or digit: redrawn without recomputing the pipeline. */
  function view(change, commitNow = false) {
    if (!scene) return; // still building: the first build shows the controls' values
    const next = { ...config, ...change };
    scene.setView(next.stage, next.components, next.digit);
    config = scene.config();
    drawView();
    if (commitNow) {
      syncControls();
      commit(scene.toHash());
    }
  }

  // --- animation between stages ---
  let target = 0;
  function tween() {
    const at = Math.min(target, config.stage + 1 / FRAMES_PER_STAGE);
    view({ stage: at });
    c.stage.set(at);
    return at < target;
  }
  function jump(direction) {
    pause();
    if (!snap) return;
    const last = snap.lastStage;
    const at = direction > 0 ? Math.floor(config.stage + 1e-9) + 1 : Math.ceil(config.stage - 1e-9) - 1;
    view({ stage: Math.max(0, Math.min(last, at)) }, true);
  }

  // --- drawing ---
  function syncControls() {
    c.dataset.set(config.dataset);
    c.stage.root.querySelector('input').max = snap.lastStage;
    c.stage.set(config.stage);
    c.components.set(config.components);
    c.digit.set(config.digit);
    planar.hidden = snap.images;
    planarControls.hidden = snap.images;
    images.hidden = !snap.images;
    imageControls.hidden = !snap.images;
  }
  function setLabels() {
    if (scene) setChartLabels(scene, CHART_LABELS);
  }
  function drawView() {
    if (snap.images) {
      scene.drawRebuild(rebuild);
      scene.drawSpectrum(spectrum);
      readout.textContent = '';
      return;
    }
    scene.drawCloud(cloud);
    scene.drawFit(fit);
    const i = Math.round(config.stage);
    const row = snap.stages[i];
    readout.textContent = Number.isInteger(config.stage)
      ? t('preprocess.readout', { stage: t(`chart.stage_${row.name}`), kappa: fmt(row.kappa), steps: row.stepsToConverge ?? '>100000', lr: fmt(row.lr) })
      : '';
  }
  /** Every chart, one per task: the small multiples and the digits' images are many shapes, and
   * after a new dataset's pipeline the page must stay responsive while they draw. */
  function drawAll() {
    const shown = snap;
    for (const node of snap.images ? [summary, rebuild, spectrum] : [cloud, fit, clouds, fits]) fitCanvas(node);
    const steps = snap.images
      ? [() => scene.drawDigitSummary(summary)]
      : [() => scene.drawStages(clouds, false), () => scene.drawStages(fits, true), () => fillTable(snap)];
    drawView();
    // A later task may find another dataset in place (the digits after a 2D set): it then skips.
    return inTasks(() => live() && snap === shown, steps);
  }
  function fillTable(snap) {
    // Centred means and decorrelated covariances are 0 up to rounding (1e-16): shown as 0.
    const num = (v) => fmt(Math.abs(v) < 1e-12 ? 0 : v);
    tableBody.replaceChildren(...snap.stages.map((s) => el('tr', {}, [
      el('th', { scope: 'row', text: t(`chart.stage_${s.name}`) }),
      el('td', { class: 'num', text: `(${s.mean.map(num).join(', ')})` }),
      el('td', { class: 'num', text: `[${s.covariance.map((r) => r.map(num).join(' ')).join('; ')}]` }),
      el('td', { class: 'num', text: fmt(s.kappa) }),
      el('td', { class: 'num', text: String(s.stepsToConverge ?? '>100000') }),
    ])));
  }

  stage.dataset.computing = 'true';
  kit.inTasks([() => rebuildScene({})]);

  return {
    draw() {
      if (snap) drawAll(); // still building: the first build draws
    },
    relabel() {
      setLabels();
      if (snap) syncControls(); // still building: the first build writes the words in force
    },
    unmount: pause,
    view: () => scene,
    actions: {
      playPause: playing.toggle,
      motionChanged: pause,
      step: () => jump(1),
      reset: () => { pause(); view({ stage: 0 }, true); },
    },
  };
}
