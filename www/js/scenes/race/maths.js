// "Show the maths" under the optimizer race: the chosen optimizer's update rule in PyTorch's
// form and in the lecture's, and the last step's numbers substituted — the gradient, the state
// it keeps, Adam's bias-corrected moments and the step taken — read from the race's own replay
// (scene::race_maths), so they are the numbers its path used.

import { el, fmt } from '../../shell/ui.js';
import { t } from '../../shell/i18n.js';

/** The update rules, [PyTorch's form, the lecture's (CS231n) form]; math reads the same in
 * both languages. */
const RULES = {
  sgd: ['x ← x − lr·g', 'x += −learning_rate·dx'],
  momentum: ['b ← μ·b + g;  x ← x − lr·b', 'v = μ·v − learning_rate·dx;  x += v'],
  nesterov: ['b ← μ·b + g;  x ← x − lr·(g + μ·b)', 'v = μ·v − learning_rate·∇f(x + μ·v);  x += v'],
  adagrad: ['s ← s + g²;  x ← x − lr·g / (√s + ε)', 'cache += dx²;  x += −learning_rate·dx / (√cache + ε)'],
  rmsprop: ['s ← α·s + (1 − α)·g²;  x ← x − lr·g / (√s + ε)', 'cache = decay·cache + (1 − decay)·dx²;  x += −learning_rate·dx / (√cache + ε)'],
  adam: ['m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m / (1 − β1ᵗ);  v̂ = v / (1 − β2ᵗ);  x ← x − lr·m̂ / (√v̂ + ε)',
    'm = β1·m + (1 − β1)·dx;  v = β2·v + (1 − β2)·dx²;  x += −learning_rate·m̂ / (√v̂ + ε)'],
  newton: ['x ← x − lr·H⁻¹g', 'x += −[Hf(x)]⁻¹ ∇f(x)'],
};
RULES.adamw = [`${RULES.adam[0]};  x ← x − lr·λ·x`, RULES.adam[1]];

const vec = (v) => `(${fmt(v[0])}, ${fmt(v[1])})`;

/** The panel: a `<details>` to put under the race, and `update(scene, labels)` each frame. */
export function raceMaths() {
  const choose = el('select', { class: 'maths-run' });
  const chooseLabel = el('label', {}, [el('span', { i18n: 'race.maths_for' }), ' ', choose]);
  const rules = el('div', { class: 'maths-rules' });
  const numbers = el('table', { class: 'maths-numbers' });
  const root = el('details', { class: 'maths' }, [el('summary', { i18n: 'race.maths_title' }), chooseLabel, rules, numbers]);
  let scene = null;

  function render() {
    if (!scene || !root.open) return;
    const m = scene.stepMaths(Number(choose.value) || 0);
    const rule = m && (RULES[m.optimizer] ?? [t('race.maths_generic'), t('race.maths_generic')]);
    rules.replaceChildren(...(rule ? [
      el('p', {}, [el('strong', { i18n: 'race.maths_pytorch' }), ` ${rule[0]}`]),
      el('p', {}, [el('strong', { i18n: 'race.maths_lecture' }), ` ${rule[1]}`]),
    ] : [el('p', { i18n: 'race.maths_none' })]));
    if (!m) return numbers.replaceChildren();
    const rows = [
      ['t', String(m.step)], ['lr', fmt(m.lr)], ['x', vec(m.from)], ['g = ∇f(x)', vec(m.grad)],
      ...(m.velocity ? [['b', vec(m.velocity)], ['μ', fmt(m.momentum)]] : []),
      ...(m.firstMoment ? [['m', vec(m.firstMoment)], ['β1', fmt(m.beta1)]] : []),
      ...(m.secondMoment ? [[m.firstMoment ? 'v' : 's', vec(m.secondMoment)]] : []),
      ...(m.firstHat ? [['m̂', vec(m.firstHat)], ['v̂', vec(m.secondHat)], ['β2', fmt(m.beta2)], ['ε', fmt(m.eps)]] : []),
      ['Δx', vec(m.stepTaken)], ['x + Δx', vec(m.to)],
    ];
    numbers.replaceChildren(el('tbody', {}, rows.map(([name, value]) => el('tr', {}, [el('th', { scope: 'row', text: name }), el('td', { class: 'num', text: value })]))));
  }

  root.addEventListener('toggle', render);
  choose.addEventListener('change', render);
  return {
    root,
    /** Redraw for `current` at its shown step; `labels` name its runs (the legend's order). */
    update(current, labels) {
      scene = current;
      const names = labels.join('\n');
      if (choose.dataset.names !== names) {
        const keep = Number(choose.value) || 0;
        choose.replaceChildren(...labels.map((label, i) => el('option', { value: String(i), text: label })));
        choose.value = String(Math.min(keep, labels.length - 1));
        choose.dataset.names = names;
      }
      render();
    },
    /** The race left (its scene is freed): a late toggle must not read it. */
    detach() {
      scene = null;
    },
  };
}
