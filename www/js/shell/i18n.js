// UI text in English and Korean. Every visible string comes from i18n/<lang>.json;
// elements carry data-i18n (text), data-i18n-aria (aria-label) or data-i18n-title (tooltip).

const LANGS = ['en', 'ko'];
let strings = {};
let lang = 'en';

/** `?lang=` wins, then the browser's language. */
export function initialLanguage() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (LANGS.includes(fromUrl)) return fromUrl;
  return (navigator.language || 'en').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export async function loadLanguage(next) {
  // The single-file build (`cargo xtask dist`) carries the JSON inline; the served page fetches it.
  let loaded = globalThis.GRADSCOPE_EMBEDDED?.i18n[next];
  if (!loaded) {
    const response = await fetch(`i18n/${next}.json`);
    if (!response.ok) throw new Error(`cannot load i18n/${next}.json (${response.status})`);
    loaded = await response.json();
  }
  strings = loaded;
  lang = next;
  document.documentElement.lang = next;
}

export function currentLanguage() {
  return lang;
}

/** The text for `key`, with `{name}` placeholders filled from `vars`. A missing key shows itself. */
export function t(key, vars = {}) {
  const text = strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** A claim's sentence: `key`'s text with `{0}`, `{1}` … filled from `args`, and `{1%}` with
 * argument 1 as a percentage (0.9 → 90%), as the CLI fills it (crate/src/claims). */
export function claimText({ key, args }) {
  return t(key).replace(/\{(\d+)(%?)\}/g, (whole, i, percent) => {
    const arg = args[Number(i)];
    if (arg === undefined) return whole;
    const value = Number(arg);
    return percent && Number.isFinite(value) ? `${Math.round(value * 1000) / 10}%` : arg;
  });
}

/** Re-translate every tagged element under `root` (textContent only: never HTML). */
export function applyTranslations(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}
