// "Show the maths" in the init lab: for a chosen layer, the variance rule behind its histogram
// (Var(z) = n·Var(W)·E[x²], what Xavier and He choose, the Gaussian prediction of E[h²] against
// the measured one) and its backward factor, with the numbers of the run on screen
// (nn::variance_rule, tested against the scene's own report).

import { el, fmt } from '../../shell/ui.js';
import { t } from '../../shell/i18n.js';

/** The panel: a `<details>` under the std chart, and `update(scene, layers)` after each report. */
export function initMaths() {
  const choose = el('select', { class: 'maths-run' });
  const chooseLabel = el('label', {}, [el('span', { i18n: 'init.maths_layer' }), ' ', choose]);
  const rules = el('div', { class: 'maths-rules' });
  const numbers = el('table', { class: 'maths-numbers' });
  const notes = el('p', { class: 'hint' });
  const root = el('details', { class: 'maths' }, [el('summary', { i18n: 'init.maths_title' }), chooseLabel, rules, numbers, notes]);
  let scene = null;

  const row = (name, value) => el('tr', {}, [el('th', { scope: 'row', text: name }), el('td', { class: 'num', text: value })]);

  function render() {
    if (!scene || !root.open) return;
    const m = scene.layerMaths(Number(choose.value) || 1);
    if (!m) {
      rules.replaceChildren();
      numbers.replaceChildren();
      notes.textContent = t('init.maths_waiting');
      return;
    }
    rules.replaceChildren(
      el('p', {}, [el('strong', { i18n: 'init.maths_forward' }), ' Var(z) = n·Var(W)·E[x²]   (Var(Wx) = n·Var(W)·Var(x), E[x] = 0)']),
      el('p', {}, [el('strong', { i18n: 'init.maths_choose' }), ` Xavier: Var(W) = 1/n = ${fmt(m.xavierVar)};  He: Var(W) = 2/n = ${fmt(m.heVar)}`]),
      el('p', {}, [el('strong', { i18n: 'init.maths_backward' }), ' Var(∂L/∂x) = n_out·Var(W)·Var(∂L/∂z)']),
    );
    const predicted = m.predictedSecondMoment;
    numbers.replaceChildren(el('tbody', {}, [
      row('n', String(m.fanIn)),
      row(`Var(W)  (${m.init})`, fmt(m.weightVar)),
      row('n·Var(W)', fmt(m.fanIn * m.weightVar)),
      row(m.layer === 1 ? 'E[x²]  (X ~ N(0, 1))' : `E[x²]  (${t('init.maths_layer_below', { n: m.layer - 1 })})`, fmt(m.inputSecondMoment)),
      row('Var(z) = n·Var(W)·E[x²]', fmt(m.preVar)),
      row(`E[h²]  ${t('init.maths_predicted')}`, predicted === null ? '—' : fmt(predicted)),
      row(`E[h²]  ${t('init.maths_measured')}`, fmt(m.measuredSecondMoment)),
      row('n_out·Var(W)', fmt(m.backwardFactor)),
      row(`std(∂L/∂W)  ${t('init.maths_measured')}`, m.weightGradStd === null ? '…' : fmt(m.weightGradStd)),
    ]));
    notes.textContent = [
      t('init.maths_expectation'),
      m.normalized ? t('init.maths_normalized') : '',
      m.residual ? t('init.maths_residual') : '',
      predicted === null ? t('init.maths_maxout') : '',
    ].filter(Boolean).join(' ');
  }

  root.addEventListener('toggle', render);
  choose.addEventListener('change', render);
  return {
    root,
    /** Redraw for `current` with `layers` hidden layers computed. */
    update(current, layers) {
      scene = current;
      if (choose.options.length !== layers) {
        const keep = Number(choose.value) || 1;
        choose.replaceChildren(...Array.from({ length: layers }, (_, i) => el('option', { value: String(i + 1), text: String(i + 1) })));
        choose.value = String(Math.min(keep, Math.max(1, layers)));
      }
      render();
    },
    /** The lab left (its scene is freed). */
    detach() {
      scene = null;
    },
  };
}
