// Small DOM helpers for labelled controls. No math here: values go straight to Rust.

import { t } from './i18n.js';

let banner;

/** Show a refusal or failure in the alert banner (as text, never HTML), optionally with one
 * action button: `{ i18n, run }`. */
export function showError(message, action = null) {
  banner ??= document.getElementById('banner');
  document.getElementById('banner-text').textContent = message;
  const button = document.getElementById('banner-action');
  button.hidden = !action;
  if (action) {
    setLabel(button, action.i18n);
    button.onclick = action.run;
  }
  banner.hidden = false;
}

export function clearError() {
  (banner ??= document.getElementById('banner')).hidden = true;
  document.getElementById('banner-action').hidden = true;
}

let takeRefusal = () => null;

/** Where refusals come from as data (the wasm module's `takeRefusal`). */
export function setRefusalSource(source) {
  takeRefusal = source;
}

/** A refusal `{field, label, kind, lo, hi, allowed, value, rule, args}` in the page's language. */
export function refusalText(r) {
  // The control's name, and the link key or config name it goes by (what a link must change).
  const field = r.label ? `${t(r.label)} (${r.field})` : r.field;
  const key = r.kind === 'rule' ? `refusal.rule.${r.rule}` : `refusal.${r.kind}`;
  return t(key, { field, lo: r.lo, hi: r.hi, allowed: r.allowed, value: r.value, ...r.args });
}

/** The message of a Rust refusal (worded through i18n) or of any thrown value. A worker's
 * refusal travels on the error (`err.refusal`); the page's own waits in `takeRefusal`. */
export function errorText(err) {
  const message = err instanceof Error ? err.message : String(err);
  const refusal = err?.refusal ?? takeRefusal();
  return refusal && refusal.message === message ? refusalText(refusal) : message;
}

const busyOwners = new Map(); // owner → timer that shows the indicator
/** A result this late (ms) gets the "Computing…" indicator. */
const BUSY_AFTER_MS = 150;

/** `owner` waits for a result (or no longer): after 150 ms the top bar says "Computing…",
 * announced politely, until no owner waits. */
export function setBusy(owner, on) {
  const busy = document.getElementById('busy');
  clearTimeout(busyOwners.get(owner));
  busyOwners.delete(owner);
  if (on) {
    busyOwners.set(owner, setTimeout(() => {
      busy.textContent = t('app.computing');
    }, BUSY_AFTER_MS));
  } else if (busyOwners.size === 0) {
    busy.textContent = '';
  }
}

/** Resolves in a new task, after input and painting had their turn. */
export function nextTask() {
  return globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/** Run `steps` one task each while `alive()` holds: a scene's first draw compiles and draws
 * several charts, which in one task would hold the page for a long frame. */
export async function inTasks(alive, steps) {
  for (const step of steps) {
    await nextTask();
    if (!alive()) return;
    step();
  }
}

/** What `parse` (a scene's fromHash or configFromHash) makes of a link; a refused link says
 * why in the banner and the scene starts from its defaults. */
export function fromLink(parse, encoded) {
  try {
    return parse(encoded);
  } catch (err) {
    showError(t('error.hash', { message: errorText(err) }));
    return parse('');
  }
}

/** Slider settings of catalog field `key`: its label, the teaching range and scale. */
export function fieldSlider(catalog, key) {
  const field = catalog.fields.find((f) => f.key === key);
  const [min, max, step] = field.slider ?? [field.lo, field.hi, (field.hi - field.lo) / 100];
  return { i18n: field.label, min, max, step, scale: field.log ? 'log' : 'linear' };
}

/** Send a scene its chart words in the page's language: `chart.<key>` for each of `keys`, then
 * `[key, word]` pairs as they are. */
export function setChartLabels(scene, keys, pairs = []) {
  scene.setLabels([...keys, ...pairs.map(([key]) => key)], [...keys.map((k) => t(`chart.${k}`)), ...pairs.map(([, word]) => word)]);
}

/** Give `node` the translated text of `key`, kept on language changes (applyTranslations). */
export function setLabel(node, key) {
  node.dataset.i18n = key;
  node.textContent = t(key);
}

/** A table in a box that scrolls sideways on a narrow screen; the box takes keyboard focus so
 * the arrow keys can scroll it (WCAG 2.1.1), named by `i18nAria`. */
export function tableScroll(table, i18nAria) {
  return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', i18nAria }, [table]);
}

/** An element with attributes; `i18n` sets a translated label that relabels on language change. */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'i18n') {
      if (value) setLabel(node, value);
    } else if (key === 'i18nAria') {
      node.dataset.i18nAria = value;
      node.setAttribute('aria-label', t(value));
    } else if (key === 'i18nTitle') {
      node.dataset.i18nTitle = value;
      node.title = t(value);
    } else if (key === 'text') {
      node.textContent = value;
    } else if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children) node.append(child);
  return node;
}

/** Format a number compactly for read-outs (3 significant digits, exponent when tiny or huge). */
export function fmt(value) {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(2);
  return Number(value.toPrecision(3)).toString();
}

/** A fraction as a percentage read-out (one decimal); '—' when missing or NaN. */
export function pct(value) {
  return value === undefined || value === null || Number.isNaN(value) ? '—' : `${(100 * value).toFixed(1)} %`;
}

/** `fn` at most once per animation frame however often the returned function is called
 * (results arriving faster than the screen redraws). */
export function oncePerFrame(fn) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fn();
    });
  };
}

/** Size a canvas's pixel buffer to its CSS box × devicePixelRatio (crisp on projectors). */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  canvas.height = Math.max(1, Math.round(canvas.clientHeight * ratio));
}

/**
 * A labelled range slider with a live read-out. `scale: 'log'` maps the slider linearly onto
 * log10(value). `onInput(value)` fires on every movement (live drag), `onChange` when released.
 */
export function slider({ id, i18n, min, max, step, scale = 'linear', value, format = fmt, onInput, onChange }) {
  const toSlider = (v) => (scale === 'log' ? Math.log10(v) : v);
  const fromSlider = (s) => (scale === 'log' ? 10 ** Number(s) : Number(s));
  const input = el('input', { type: 'range', id, min: toSlider(min), max: toSlider(max), step });
  const output = el('output', { for: id });
  const set = (v) => {
    input.value = toSlider(v);
    output.textContent = format(v);
  };
  set(value);
  input.addEventListener('input', () => {
    const v = fromSlider(input.value);
    output.textContent = format(v);
    onInput?.(v);
  });
  input.addEventListener('change', () => onChange?.(fromSlider(input.value)));
  const root = el('div', { class: 'control' }, [el('label', { for: id, i18n }), output, input]);
  return { root, input, set };
}

/** A labelled select; `options` are [value, i18nKey, text?] (a null key shows the text, or the value). */
export function select({ id, i18n, options, value, onChange }) {
  const input = el('select', { id });
  for (const [v, key, text] of options) input.append(el('option', key ? { value: v, i18n: key } : { value: v, text: text ?? v }));
  input.value = value;
  input.addEventListener('change', () => onChange(input.value));
  const root = el('div', { class: 'control' }, [el('label', { for: id, i18n }), input]);
  return { root, input, set: (v) => { input.value = v; } };
}

/** A labelled checkbox; `extra` nodes go after the label (e.g. a colour swatch). */
export function checkbox({ id, i18n, label, checked, onChange, extra = [] }) {
  const input = el('input', { type: 'checkbox', id });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  const text = i18n ? el('label', { for: id, i18n }) : el('label', { for: id, text: label });
  const root = el('div', { class: 'check' }, [input, ...extra, text]);
  return { root, input, set: (v) => { input.checked = v; } };
}

/** A button with a translated label. */
export function button({ i18n, onClick, primary = false, ...attrs }) {
  const node = el('button', { type: 'button', i18n, class: primary ? 'primary' : undefined, ...attrs });
  node.addEventListener('click', onClick);
  return node;
}

/** A colour swatch for legends (set through CSSOM: the CSP forbids inline style attributes). */
export function swatch(color) {
  const node = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  node.style.backgroundColor = color;
  return node;
}
