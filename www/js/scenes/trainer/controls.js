// The trainer's controls, built from its field catalog: data, network, training, presets and
// the training speed. `apply(change)` sends a config change; the scene (../trainer.js)
// places and syncs them.

import { el, slider, select, checkbox, button, fieldSlider } from '../../shell/ui.js';
import { regularizerControls } from './regularizers.js';

/** `config()` is the config in force; `presetConfig(link)` a preset's config. */
export function trainerControls(catalog, { config, apply, reset, restoreBest, presetConfig, speed, setSpeed }) {
  const c = {};
  const optionsOf = (names, prefix) => names.map((n) => [n, `${prefix}.${n}`]);
  c.dataset = select({ id: 'train-dataset', i18n: 'train.dataset', value: 'spiral', options: optionsOf(catalog.datasets, 'dataset'), onChange: (v) => apply({ dataset: v, points: v === 'digits' ? 1797 : Math.min(config().points, 1000) }) });
  c.classes = slider({ id: 'train-classes', ...fieldSlider(catalog, 'k'), value: 3, format: String, onChange: (v) => apply({ classes: v }) });
  c.points = slider({ id: 'train-points', ...fieldSlider(catalog, 'n'), value: 300, format: String, onChange: (v) => apply({ points: v }) });
  c.noise = slider({ id: 'train-noise', ...fieldSlider(catalog, 'noise'), value: 0.2, onChange: (v) => apply({ noise: v }) });
  c.valFraction = slider({ id: 'train-val', ...fieldSlider(catalog, 'val'), value: 0.2, format: (v) => `${Math.round(v * 100)} %`, onChange: (v) => apply({ valFraction: v }) });
  c.preprocess = select({ id: 'train-prep', i18n: 'train.preprocess', value: 'normalize', options: optionsOf(catalog.preprocess, 'prep'), onChange: (v) => apply({ preprocess: v }) });
  c.layers = slider({ id: 'train-layers', ...fieldSlider(catalog, 'layers'), value: 2, format: String, onChange: (v) => apply({ layers: v }) });
  c.width = slider({ id: 'train-width', ...fieldSlider(catalog, 'width'), value: 32, format: String, onChange: (v) => apply({ width: v }) });
  c.activation = select({ id: 'train-act', i18n: 'train.activation', value: 'relu', options: optionsOf(catalog.activations, 'act'), onChange: (v) => apply({ activation: v }) });
  c.init = select({ id: 'train-init', i18n: 'train.init', value: 'he', options: optionsOf(catalog.inits, 'initname'), onChange: (v) => apply({ init: v }) });
  c.batchNorm = checkbox({ id: 'train-bn', i18n: 'train.batch_norm', checked: false, onChange: (v) => apply({ batchNorm: v, layerNorm: v ? false : config().layerNorm }) });
  c.layerNorm = checkbox({ id: 'train-ln', i18n: 'train.layer_norm', checked: false, onChange: (v) => apply({ layerNorm: v, batchNorm: v ? false : config().batchNorm }) });
  c.dropout = slider({ id: 'train-dropout', ...fieldSlider(catalog, 'drop'), value: 0, onInput: (v) => apply({ dropout: v }) });
  c.l2 = slider({ id: 'train-l2', ...fieldSlider(catalog, 'l2'), value: 1e-6, onInput: (v) => apply({ l2: v <= 1.1e-6 ? 0 : v }) });
  const regularizers = regularizerControls(catalog, (change) => apply(change), restoreBest);
  c.optimizer = select({ id: 'train-opt', i18n: 'train.optimizer', value: 'adam', options: catalog.optimizers.map((n) => [n, null, Object.fromEntries(catalog.labels)[n]]), onChange: (v) => apply({ optimizer: v }) });
  c.lr = slider({ id: 'train-lr', ...fieldSlider(catalog, 'lr'), value: 0.01, onInput: (v) => apply({ lr: v }) });
  const setHyper = (key) => (v) => apply({ [key]: v });
  c.momentum = slider({ id: 'train-momentum', ...fieldSlider(catalog, 'mom'), value: 0.9, onChange: setHyper('momentum') });
  c.beta1 = slider({ id: 'train-beta1', ...fieldSlider(catalog, 'b1'), value: 0.9, onChange: setHyper('beta1') });
  c.beta2 = slider({ id: 'train-beta2', ...fieldSlider(catalog, 'b2'), value: 0.999, onChange: setHyper('beta2') });
  c.schedule = select({ id: 'train-sched', i18n: 'train.schedule', value: 'constant', options: catalog.schedules.map((n) => [n, `schedule.${n}`]), onChange: (v) => apply({ schedule: v }) });
  c.batch = slider({ id: 'train-batch', ...fieldSlider(catalog, 'batch'), value: 32, format: String, onChange: (v) => apply({ batch: v }) });
  // batch 0 is the full batch (`batch=full` in links): every step sees the whole training set.
  c.fullBatch = checkbox({ id: 'train-full', i18n: 'train.full_batch', checked: false, onChange: (v) => apply({ batch: v ? 'full' : 32 }) });
  const lbfgsHint = el('p', { class: 'hint', i18n: 'train.lbfgs_hint' });
  // A preset starts from fresh weights, so that its curves compare with the other preset's.
  const presetButtons = catalog.presets.map(({ id, link }) => button({ i18n: `train_preset.${id}`, onClick: () => { apply(presetConfig(link)); reset(); } }));
  c.tiny = checkbox({ id: 'train-tiny', i18n: 'train.tiny', checked: false, onChange: (v) => apply({ tiny: v }) });
  c.speed = slider({ id: 'train-speed', i18n: 'train.speed', min: 1, max: 50, step: 1, value: speed, format: String, onInput: setSpeed });
  for (const key of ['dataset', 'lr', 'batchNorm', 'dropout', 'l2']) c[key].root.classList.add('keep');
  return { c, regularizers, lbfgsHint, presetButtons };
}
