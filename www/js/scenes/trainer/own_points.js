// Own data on the trainer's plot: click the plot to add a point of the chosen class, click a
// point to remove it, or open a CSV of `x,y,label` rows; the network keeps training on them
// (crate/src/train/own_data.rs). The first edit starts from the points on the plot. Every fifth
// point added is held out for validation. Own points are not in the link.

import { t } from '../../shell/i18n.js';
import { el, button, swatch, errorText } from '../../shell/ui.js';

/** A click this close (CSS px) to a point removes it instead of adding one. */
const REMOVE_WITHIN = 9;

/**
 * The fieldset and the plot's click handling: `view()` is the TrainerScene (null while it is
 * built), `classes()` the class count, `colors` the classes' colours, `parse(text, classes)` reads
 * a CSV into `[x, y, class, held]` rows (flat) or throws the refusal, `send(flat, refit)` and
 * `clear()` ask the worker (resolving once drawn); `problem(message)` shows a refusal.
 */
export function ownPoints({ canvas, view, classes, colors, parse, send, clear, problem }) {
  let points = null; // [[x, y, class, heldOut], …] while own data is in use
  let added = 0; // points added so far: every fifth is held out
  let chosen = 0;
  const choices = el('div', { class: 'own-classes', role: 'radiogroup', i18nAria: 'own.class' });
  const status = el('p', { class: 'hint own-status', 'aria-live': 'polite' });
  const fileInput = el('input', { type: 'file', accept: '.csv,text/csv', hidden: true });
  const back = button({ i18n: 'own.back', onClick: () => restore() });
  const root = el('fieldset', { class: 'own-data' }, [
    el('legend', { i18n: 'own.title' }), el('p', { class: 'hint', i18n: 'own.hint' }), choices,
    el('div', { class: 'buttons' }, [button({ i18n: 'own.open', onClick: () => fileInput.click() }), back]), status, fileInput,
  ]);

  function renderChoices() {
    const k = classes();
    chosen = Math.min(chosen, k - 1);
    choices.replaceChildren(...Array.from({ length: k }, (_, c) => {
      const b = button({ text: t('own.class_n', { n: c + 1 }), role: 'radio', 'aria-checked': String(c === chosen), onClick: () => { chosen = c; renderChoices(); } });
      b.prepend(swatch(colors[c % colors.length]));
      return b;
    }));
    back.disabled = points === null;
    status.textContent = points === null ? '' : t('own.status', { n: points.length });
  }

  async function apply(next, refit) {
    try {
      await send(next.flat(), refit);
      points = next;
    } catch (err) {
      problem(errorText(err));
    }
    renderChoices();
  }

  /** Canvas pixels (device) of a pointer event. */
  const devicePixel = (event) => {
    const box = canvas.getBoundingClientRect();
    const ratio = canvas.width / box.width;
    return [(event.clientX - box.left) * ratio, (event.clientY - box.top) * ratio, ratio];
  };

  canvas.addEventListener('click', (event) => {
    const scene = view();
    if (!scene || canvas.hidden) return;
    const [px, py, ratio] = devicePixel(event);
    const at = scene.decisionPoint(px, py);
    if (!at) return;
    const current = points ?? chunk(scene.dataPoints());
    const near = current.findIndex(([x, y]) => {
      const [qx, qy] = scene.decisionPixel(x, y);
      return Math.hypot(qx - px, qy - py) <= REMOVE_WITHIN * ratio;
    });
    if (near >= 0) {
      apply(current.filter((_, i) => i !== near), false);
    } else {
      added += 1;
      apply([...current, [at[0], at[1], chosen, added % 5 === 0 ? 1 : 0]], false);
    }
  });

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    let flat;
    try {
      flat = parse(await file.text(), classes());
    } catch (err) {
      problem(t('own.refused_file', { name: file.name, reason: errorText(err) }));
      return;
    }
    apply(chunk(flat), true);
  });

  async function restore() {
    try {
      await clear();
      points = null;
    } catch (err) {
      problem(errorText(err));
    }
    renderChoices();
  }

  renderChoices();
  return {
    root,
    /** The trainer was rebuilt: `kept` says whether it still trains on the own points. */
    rebuilt(kept) {
      if (!kept) points = null;
      renderChoices();
    },
    relabel: () => renderChoices(),
  };
}

/** `[x, y, class, held]` rows of a flat array. */
function chunk(flat) {
  const rows = [];
  for (let i = 0; i + 3 < flat.length; i += 4) rows.push([flat[i], flat[i + 1], flat[i + 2], flat[i + 3]]);
  return rows;
}
