// The batch-norm paper's Figure 1b/c in the trainer: the trainer's network trained twice from
// the same initial weights, without and with batch norm, on two pool workers, and the 15th,
// 50th and 85th percentiles of a chosen hidden layer's nonlinearity inputs against the
// training step. The runs and the chart live in Rust (LandscapeWorker, PercentilePair).

import { t } from '../../shell/i18n.js';
import { el, select, button, fmt, fitCanvas, showError, errorText, setChartLabels, setBusy } from '../../shell/ui.js';
import { workerPool } from '../../workers/pool.js';

/** Minibatches per worker call (the trainer's own steps share the workers). */
const CHUNK_STEPS = 40;
/** Epochs of each run at most: the pattern shows early, and the page stays responsive. */
const MAX_EPOCHS = 40;
const CHART_LABELS = ['layer_inputs', 'step', 'training', 'net_plain', 'net_bn'];

/** The panel: `currentConfig()` is the trainer's config, `digitsFor()` the digits' bytes if needed. */
export function bnPercentilePanel(wasm, currentConfig, digitsFor) {
  const pair = new wasm.PercentilePair();
  const pool = workerPool();
  const canvas = el('canvas', { class: 'chart', role: 'img', i18nAria: 'train.bnpct_alt', hidden: true });
  const placeholder = el('p', { class: 'placeholder', i18n: 'train.bnpct_placeholder' });
  const status = el('p', { class: 'readout bn-status', 'aria-live': 'polite' });
  const layerSelect = select({ id: 'train-bnpct-layer', i18n: 'train.bnpct_layer', value: '1', options: [['1', null, '1']], onChange: () => start() });
  const root = el('details', { class: 'bn-percentiles' }, [
    el('summary', { i18n: 'train.bnpct_title' }),
    el('p', { class: 'hint', i18n: 'train.bnpct_hint' }),
    layerSelect.root,
    el('div', { class: 'buttons' }, [button({ i18n: 'train.bnpct_run', onClick: () => start() })]),
    status, placeholder, canvas,
  ]);
  let generation = 0;
  let shownLayer = 1;

  /** One option per hidden layer of the trainer's network (the choice kept while it exists). */
  function syncLayers() {
    const layers = currentConfig().layers;
    const keep = Math.min(Number(layerSelect.input.value) || 1, layers);
    layerSelect.input.replaceChildren(...Array.from({ length: layers }, (_, i) => el('option', { value: String(i + 1), text: String(i + 1) })));
    layerSelect.set(String(keep));
  }
  root.addEventListener('toggle', () => root.open && syncLayers());

  async function start() {
    syncLayers();
    generation += 1;
    const mine = generation;
    const layer = Number(layerSelect.input.value);
    const base = currentConfig();
    const config = { ...base, epochs: Math.min(base.epochs, MAX_EPOCHS), layerNorm: false };
    const digits = base.dataset === 'digits' ? await digitsFor() : undefined;
    pair.clear();
    setChartLabels(pair, CHART_LABELS);
    shownLayer = layer;
    root.dataset.computing = 'true';
    setBusy('bn-percentiles', true);
    const epochs = [0, 0];
    const current = () => mine === generation;
    const one = async (k) => {
      const worker = pool.size - 1 - k;
      let answer = await pool.call(worker, 'landscape.percentiles', { config: { ...config, batchNorm: k === 1 }, layer, digits, steps: CHUNK_STEPS });
      while (current()) {
        pair.accept(k, answer.percentiles);
        epochs[k] = answer.over ? config.epochs : answer.epochs;
        status.textContent = t('train.bnpct_progress', { done: Math.min(...epochs), total: config.epochs });
        draw();
        if (answer.over) return;
        answer = await pool.call(worker, 'landscape.percentiles', { steps: CHUNK_STEPS });
      }
    };
    try {
      await Promise.all([one(0), one(1)]);
    } catch (err) {
      if (current()) showError(errorText(err));
    }
    if (!current()) return;
    const [without, withBn] = pair.drifts();
    status.textContent = t('train.bnpct_drift', { layer, without: fmt(without), with: fmt(withBn) });
    root.dataset.computing = 'false';
    setBusy('bn-percentiles', false);
  }

  function draw() {
    canvas.hidden = false;
    placeholder.hidden = true;
    fitCanvas(canvas);
    pair.draw(canvas, shownLayer);
  }

  return {
    root,
    relabel() {
      setChartLabels(pair, CHART_LABELS);
      if (root.open) draw();
    },
    unmount() {
      generation += 1;
      setBusy('bn-percentiles', false);
      pair.free();
    },
  };
}
