// The trainer's regularizers beyond dropout and L2 (lecture 7): DropConnect, residual blocks
// with stochastic depth, input-noise augmentation and early stopping with "restore best
// weights" — one panel section the trainer scene mounts. No math here.

import { t } from '../../shell/i18n.js';
import { el, slider, checkbox, button, fieldSlider } from '../../shell/ui.js';

/** The controls over `catalog`'s fields; `apply(change)` sends a config change, `restore()`
 * asks for the best epoch's weights. `sync(config, snapshot)` shows the current values. */
export function regularizerControls(catalog, apply, restore) {
  const dropconnect = slider({ id: 'train-dropconnect', ...fieldSlider(catalog, 'dc'), value: 0, onInput: (v) => apply({ dropconnect: v }) });
  const noise = slider({ id: 'train-aug', ...fieldSlider(catalog, 'aug'), value: 0, onInput: (v) => apply({ augmentNoise: v }) });
  const residual = checkbox({ id: 'train-residual', i18n: 'train.residual', checked: false, onChange: (v) => apply({ residual: v }) });
  // Stochastic depth is off (no survival probability in the link) or on at the slider's value.
  const survival = slider({ id: 'train-sd', ...fieldSlider(catalog, 'sd'), value: 0.5, onChange: (v) => apply({ stochasticDepth: String(v) }) });
  const depth = checkbox({ id: 'train-sd-on', i18n: 'train.stochastic_depth_on', checked: false,
    onChange: (v) => apply({ stochasticDepth: v ? String(Number(survival.input.value)) : null }) });
  const patience = slider({ id: 'train-es', ...fieldSlider(catalog, 'es'), value: 0, format: (v) => (v === 0 ? t('train.off') : String(v)),
    onChange: (v) => apply({ earlyStopping: v }) });
  // In a button row: the shared button style (and its 24 px target), shown once there is a best epoch.
  const restoreRow = el('div', { class: 'buttons', hidden: true }, [button({ i18n: 'train.restore_best', onClick: restore })]);
  return {
    roots: [dropconnect.root, noise.root, residual.root, depth.root, survival.root, patience.root, restoreRow],
    sync(config, snapshot) {
      dropconnect.set(config.dropconnect);
      noise.set(config.augmentNoise);
      residual.set(config.residual);
      depth.set(config.stochasticDepth != null);
      survival.root.hidden = config.stochasticDepth == null;
      if (config.stochasticDepth != null) survival.set(Number(config.stochasticDepth));
      patience.set(config.earlyStopping);
      restoreRow.hidden = snapshot?.bestEpoch == null;
    },
  };
}
