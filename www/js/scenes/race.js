// Optimizer race scene: controls → RaceScene.set(config) → redraw. No math here.

import { t } from '../shell/i18n.js';
import { raceMaths } from './race/maths.js';
import { el, slider, select, checkbox, button, swatch, fmt, fitCanvas, fieldSlider, setChartLabels, fromLink } from '../shell/ui.js';
import { playback } from '../shell/motion.js';
import { exportControls } from '../charts/export.js';
import { attempt } from './kit.js';

const CHART_LABELS = ['step', 'loss', 'loss_gap', 'examples_log', 'velocity', 'gradient', 'look_gradient', 'momentum_step', 'nesterov_step'];

export function mount(root, kit) {
  const { wasm, encodedState, commit } = kit;
  const catalog = wasm.RaceScene.catalog();
  const scene = fromLink((hash) => wasm.RaceScene.fromHash(hash), encodedState);
  let config = scene.config();
  let stepsPerFrame = 2;

  // --- stage: surface (base + overlay), legend, loss chart, notes ---
  const base = el('canvas', { class: 'base', role: 'img', i18nAria: 'race.surface_alt' });
  const overlay = el('canvas', { class: 'overlay', 'aria-hidden': 'true' });
  const lossCanvas = el('canvas', { class: 'chart', role: 'img', i18nAria: 'race.loss_alt' });
  const legendBody = el('tbody');
  const legend = el('table', { class: 'legend-table' }, [
    el('caption', { class: 'sr-only', i18n: 'race.legend_caption' }),
    el('thead', {}, [el('tr', {}, ['race.optimizer', 'race.lr', 'race.step', 'race.loss', 'race.status'].map((k) => el('th', { scope: 'col', i18n: k })))]),
    legendBody,
  ]);
  const status = el('p', { class: 'status', 'aria-live': 'off' });
  const maths = raceMaths();
  const notes = el('details', { class: 'notes', open: true }, [
    el('summary', { i18n: 'race.notes_title' }),
    el('ul', {}, ['race.note_sgd', 'race.note_momentum', 'race.note_adam', 'race.note_newton', 'race.note_lr'].map((k) => el('li', { i18n: k }))),
  ]);
  const stage = el('section', { class: 'stage', i18nAria: 'race.stage' }, [
    el('div', { class: 'stage-main' }, [el('div', { class: 'canvas-stack' }, [base, overlay]), status, maths.root]),
    el('div', { class: 'stage-side' }, [
      legend, lossCanvas,
      exportControls({ scene: 'race', canvases: () => [
        [base, 'surface', (c) => { scene.drawSurface(c); scene.drawPaths(c); }], [overlay, 'paths'], [lossCanvas, 'loss', (c) => scene.drawLosses(c)],
      ], csv: () => scene.csv() }),
      notes,
    ]),
  ]);

  // --- controls ---
  function apply(change) {
    const next = { ...config, ...change };
    if (!attempt(() => scene.set(next))) return false;
    const surfaceChanged = ['surface', 'kappa', 'dataStage', 'seed'].some((k) => next[k] !== config[k]);
    config = scene.config();
    if (surfaceChanged) drawSurface();
    drawFrame();
    commit(scene.toHash());
    return true;
  }

  const playing = playback({
    playKey: 'race.play', pauseKey: 'race.pause', stepAhead,
    start: () => {
      if (scene.atEnd()) scene.seek(0);
    },
    frame: () => {
      scene.step(stepsPerFrame);
      drawFrame();
      return !scene.atEnd();
    },
  });
  const { pause } = playing;
  const controls = {};
  controls.surface = select({
    id: 'race-surface', i18n: 'race.surface', value: config.surface,
    options: catalog.surfaces.map((s) => [s, `surface.${s}`]),
    onChange: (surface) => {
      // A new surface starts from its own default start point.
      const fresh = wasm.RaceScene.configFromHash(`surf=${surface}&kappa=${config.kappa}`);
      if (apply({ surface, x0: fresh.x0, y0: fresh.y0, lr: fresh.lr })) syncControls();
    },
  });
  // The start point typed: the keyboard's way to what a click on the surface does.
  const startInput = (key) => {
    const input = el('input', { type: 'number', id: `race-${key}`, step: 'any', inputmode: 'decimal' });
    input.addEventListener('change', () => {
      const typed = input.value.trim() !== '' && apply({ [key]: Number(input.value) });
      if (typed) restart();
      else syncControls(); // refused or not a number: the last good point again
    });
    return input;
  };
  controls.x0 = startInput('x0');
  controls.y0 = startInput('y0');
  const startPoint = el('div', { class: 'start-point' }, [
    el('label', { for: 'race-x0', i18n: 'field.x0' }), controls.x0, el('label', { for: 'race-y0', i18n: 'field.y0' }), controls.y0,
    el('p', { class: 'hint', i18n: 'race.start_hint' }),
  ]);
  controls.kappa = slider({ id: 'race-kappa', ...fieldSlider(catalog, 'kappa'), value: config.kappa, onInput: (kappa) => apply({ kappa }) });
  controls.lr = slider({
    id: 'race-lr', ...fieldSlider(catalog, 'lr'), value: config.lr,
    onInput: (lr) => {
      apply({ lr });
      for (const { rate } of optimizerRows) rate.placeholder = fmt(lr);
    },
  });
  controls.schedule = select({
    id: 'race-schedule', i18n: 'race.schedule', value: config.schedule,
    options: catalog.schedules.map((s) => [s, `schedule.${s}`]), onChange: (schedule) => apply({ schedule }),
  });
  controls.steps = slider({ id: 'race-steps', ...fieldSlider(catalog, 'steps'), value: config.steps, format: String, onInput: (steps) => apply({ steps }) });
  controls.momentum = slider({ id: 'race-momentum', ...fieldSlider(catalog, 'mom'), value: config.momentum, onInput: (momentum) => apply({ momentum }) });
  controls.beta1 = slider({ id: 'race-beta1', ...fieldSlider(catalog, 'b1'), value: config.beta1, onInput: (beta1) => apply({ beta1 }) });
  controls.beta2 = slider({ id: 'race-beta2', ...fieldSlider(catalog, 'b2'), value: config.beta2, onInput: (beta2) => apply({ beta2 }) });
  controls.rho = slider({ id: 'race-rho', ...fieldSlider(catalog, 'rho'), value: config.rho, onInput: (rho) => apply({ rho }) });
  controls.weightDecay = slider({ id: 'race-wd', ...fieldSlider(catalog, 'wd'), value: config.weightDecay, onInput: (weightDecay) => apply({ weightDecay }) });
  controls.noise = slider({ id: 'race-noise', ...fieldSlider(catalog, 'noise'), value: config.noise, onInput: (noise) => apply({ noise }) });
  controls.eps = select({
    id: 'race-eps', i18n: 'race.eps', value: config.eps == null ? 'default' : String(config.eps),
    options: [['default', 'race.eps_default'], ...['1e-10', '1e-8', '1e-6', '1e-4', '0.01', '0.1', '1'].map((v) => [v, null])],
    onChange: (v) => apply({ eps: v === 'default' ? null : Number(v) }),
  });
  // Data-fit surfaces: minibatch sizes (one run per size), the data's preprocessing, the x-axis.
  controls.batches = el('input', { type: 'text', id: 'race-batch', inputmode: 'numeric', class: 'text-field' });
  controls.batches.addEventListener('change', () => {
    const batches = controls.batches.value.replace(/\s/g, '');
    if (!apply({ batches })) syncControls(); // refused: the last good sizes again
  });
  const batchRow = el('div', {}, [
    el('div', { class: 'control' }, [el('label', { for: 'race-batch', i18n: 'race.batch' }), controls.batches]),
    el('p', { class: 'hint', i18n: 'race.batch_hint' }),
  ]);
  controls.dataStage = select({
    id: 'race-dstage', i18n: 'race.data_stage', value: config.dataStage,
    options: catalog.stages.map((s) => [s, `chart.stage_${s}`]), onChange: (dataStage) => apply({ dataStage }),
  });
  controls.xAxis = select({
    id: 'race-xaxis', i18n: 'race.x_axis', value: config.xAxis,
    options: catalog.x_axes.map((a) => [a, `race.x_${a}`]), onChange: (xAxis) => apply({ xAxis }),
  });
  const dataControls = el('fieldset', { class: 'keep' }, [
    el('legend', { i18n: 'race.data' }), batchRow, controls.dataStage.root, controls.xAxis.root,
    el('p', { class: 'hint', i18n: 'race.cost_hint' }), el('p', { class: 'hint', i18n: 'race.lbfgs_hint' }),
  ]);
  controls.biasCorrection = checkbox({ id: 'race-bc', i18n: 'race.bias_correction', checked: config.biasCorrection, onChange: (biasCorrection) => apply({ biasCorrection }) });
  controls.lookAhead = checkbox({ id: 'race-look', i18n: 'race.look_ahead', checked: config.lookAhead, onChange: (lookAhead) => apply({ lookAhead }) });

  const optimizerRows = catalog.optimizers.map(([name, label, color]) => {
    const box = checkbox({
      id: `race-opt-${name}`, label, checked: config.optimizers.includes(name), extra: [swatch(color)],
      onChange: (on) => {
        const chosen = new Set(config.optimizers);
        if (on) chosen.add(name); else chosen.delete(name);
        apply({ optimizers: catalog.optimizers.map(([n]) => n).filter((n) => chosen.has(n)) });
      },
    });
    // Its own learning rate; empty = the shared one.
    const rate = el('input', { type: 'number', class: 'rate', min: '0', step: 'any', inputmode: 'decimal' });
    rate.addEventListener('change', () => {
      const others = overrides(config.lro).filter(([n]) => n !== name);
      const value = rate.value.trim();
      if (value === '') {
        apply({ lro: overridesText(others) });
      } else if (!apply({ lro: overridesText([...others, [name, value]]) })) {
        syncControls(); // refused: show the last good rate again
      }
    });
    box.root.append(rate);
    return { name, label, box, rate };
  });

  const presetButtons = catalog.presets.map(({ id, link }) => button({
    i18n: `preset.${id}`,
    onClick: () => {
      const next = wasm.RaceScene.configFromHash(link);
      if (apply(next)) {
        syncControls();
        restart();
      }
    },
  }));

  for (const key of ['surface', 'lr']) controls[key].root.classList.add('keep');
  const panel = el('section', { class: 'controls', i18nAria: 'race.controls' }, [
    el('div', { class: 'buttons keep' }, [
      playing.button,
      button({ i18n: 'race.step_once', onClick: () => { pause(); scene.step(1); drawFrame(); } }),
      button({ i18n: 'race.reset', onClick: () => restart() }),
    ]),
    slider({ id: 'race-speed', i18n: 'race.speed', min: 1, max: 20, step: 1, value: stepsPerFrame, format: String, onInput: (v) => { stepsPerFrame = v; } }).root,
    el('fieldset', { class: 'keep' }, [el('legend', { i18n: 'race.presets' }), el('div', { class: 'presets' }, presetButtons)]),
    controls.surface.root,
    startPoint,
    controls.kappa.root,
    dataControls,
    controls.lr.root,
    controls.schedule.root,
    controls.steps.root,
    el('fieldset', {}, [
      el('legend', { i18n: 'race.optimizers' }),
      el('p', { class: 'hint', i18n: 'race.rate_hint' }),
      ...optimizerRows.map((r) => r.box.root),
      controls.lookAhead.root,
      el('div', { class: 'buttons' }, [
        button({ i18n: 'race.tuned_rates', onClick: () => apply(scene.rateConfig(true)) && syncControls() }),
        button({ i18n: 'race.shared_rate', onClick: () => apply(scene.rateConfig(false)) && syncControls() }),
      ]),
    ]),
    el('fieldset', { class: 'secondary' }, [
      el('legend', { i18n: 'race.hyperparameters' }),
      controls.momentum.root, controls.beta1.root, controls.beta2.root, controls.eps.root, controls.rho.root,
      controls.weightDecay.root, controls.noise.root, controls.biasCorrection.root,
    ]),
  ]);

  root.append(el('div', { class: 'scene-grid' }, [panel, stage]));

  function syncControls() {
    controls.surface.set(config.surface);
    controls.x0.value = String(Number(config.x0.toPrecision(6)));
    controls.y0.value = String(Number(config.y0.toPrecision(6)));
    for (const key of ['kappa', 'lr', 'steps', 'momentum', 'beta1', 'beta2', 'rho', 'weightDecay', 'noise']) controls[key].set(config[key]);
    controls.schedule.set(config.schedule);
    controls.eps.set(config.eps == null ? 'default' : String(config.eps));
    controls.biasCorrection.set(config.biasCorrection);
    controls.lookAhead.set(config.lookAhead);
    for (const { name, label, box, rate } of optimizerRows) {
      box.set(config.optimizers.includes(name));
      const override = overrides(config.lro).find(([n]) => n === name);
      rate.value = override ? override[1] : '';
      rate.placeholder = fmt(config.lr);
      rate.setAttribute('aria-label', t('race.lr_for', { name: label }));
    }
    controls.kappa.root.hidden = config.surface !== 'quadratic';
    controls.batches.value = config.batches;
    controls.dataStage.set(config.dataStage);
    controls.xAxis.set(config.xAxis);
    dataControls.hidden = !catalog.data_surfaces.includes(config.surface);
  }

  // --- drawing ---
  function setLabels() {
    setChartLabels(scene, CHART_LABELS);
  }
  function drawSurface() {
    fitCanvas(base);
    fitCanvas(overlay);
    scene.drawSurface(base);
    controls.kappa.root.hidden = config.surface !== 'quadratic';
  }
  /** A run's verdict at the step shown, in the page's words (scene::race_verdict). */
  function verdictText(v) {
    if (v.kind === 'diverged') {
      return v.lrLambda ? t('race.verdict.diverged_because', { step: v.step, value: fmt(v.lrLambda) }) : t('race.diverged_at', { step: v.step });
    }
    return t(`race.verdict.${v.kind}`, v);
  }
  function drawFrame() {
    fitCanvas(lossCanvas);
    scene.drawPaths(overlay);
    scene.drawLosses(lossCanvas);
    const snap = scene.snapshot();
    status.textContent = t('race.status_line', { shown: snap.shown, steps: snap.steps });
    maths.update(scene, snap.runs.map((r) => r.label));
    legendBody.replaceChildren(...snap.runs.map((r, i) => {
      const color = snap.colors[i];
      const state = el('td', { class: `verdict ${r.verdict.kind}`, text: verdictText(r.verdict) });
      return el('tr', {}, [
        el('th', { scope: 'row' }, [swatch(color), ` ${r.label.replace('+', '+\u200b')}`]), // "SGD+Momentum" may wrap after "+"
        el('td', { class: 'num', text: fmt(r.lr) }),
        el('td', { class: 'num', text: String(r.step) }),
        el('td', { class: 'num', text: fmt(r.loss) }),
        state,
      ]);
    }));
  }

  // --- playback ---
  /** Reduced motion's Play: a tenth of the run per press, drawn once. */
  function stepAhead() {
    if (scene.atEnd()) scene.seek(0);
    scene.step(Math.max(1, Math.ceil(config.steps / 10)));
    drawFrame();
  }
  function restart() {
    pause();
    scene.seek(0);
    drawFrame();
  }

  // Click or tap on the surface sets the start point.
  overlay.addEventListener('pointerdown', (event) => {
    const rect = overlay.getBoundingClientRect();
    const ratio = overlay.width / rect.width;
    const point = scene.toData((event.clientX - rect.left) * ratio, (event.clientY - rect.top) * ratio);
    if (point && apply({ x0: point[0], y0: point[1] })) {
      syncControls();
      restart();
    }
  });

  setLabels();
  syncControls();
  scene.seek(config.steps);
  commit(scene.toHash());
  // The first drawing in two tasks (surface, then paths and losses); `data-computing` for the tests.
  stage.dataset.computing = 'true';
  kit.inTasks([drawSurface, drawFrame]).then(() => {
    stage.dataset.computing = 'false';
  });

  return {
    draw() {
      drawSurface();
      drawFrame();
    },
    relabel() {
      setLabels();
      syncControls();
    },
    unmount() {
      pause();
      maths.detach();
    },
    view: () => scene,
    actions: {
      playPause: playing.toggle,
      // A lecture step's claims are about the finished race: run it when the step is revealed.
      arrive: () => playing.running || playing.play(),
      motionChanged: pause,
      step: () => {
        pause();
        scene.step(1);
        drawFrame();
      },
      reset: () => restart(),
      preset: (i) => presetButtons[i]?.click(),
      scaleLearningRate: (factor) => {
        const { min, max } = fieldSlider(catalog, 'lr');
        if (apply({ lr: Math.min(max, Math.max(min, config.lr * factor)) })) syncControls();
      },
    },
  };
}

/** The per-optimizer rates of a config's `lro` text (`newton:1,lbfgs:0.5`) as `[name, rate]` pairs. */
function overrides(text) {
  return (text ?? '').split(',').filter(Boolean).map((pair) => pair.split(':'));
}

/** `[name, rate]` pairs back as `lro` text. */
function overridesText(pairs) {
  return pairs.map(([name, rate]) => `${name}:${rate}`).join(',');
}
