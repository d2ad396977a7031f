// Lecture paths in the page: the format is declared and checked in Rust
// (crate/src/lecture/authored.rs, `wasm.checkPath`); here they are worded in the page's language,
// stripped back to the file form, and packed into a link (`#path=…`: the file's JSON, deflated
// by the browser's own CompressionStream and base64url-encoded, so a path travels whole).

import { t, currentLanguage } from './i18n.js';
import { refusalText } from './ui.js';

/** A link's packed path may not unpack to more than this (a hostile link cannot fill memory). */
const MAX_UNPACKED = 4 << 20;

/** Words in the page's language: a page string, the language's own text (else English, else
 * any), or the plain text. */
export function say(words) {
  if (typeof words === 'string') return words;
  if (!words) return '';
  if (typeof words.i18n === 'string') return t(words.i18n);
  return words[currentLanguage()] ?? words.en ?? Object.values(words)[0] ?? '';
}

/** The file form of a played path (what "Save file" writes): without the claims' sentences. */
export function fileOf(path) {
  return { gradscope_path: path.gradscope_path, title: path.title, steps: path.steps.map(({ said, ...step }) => step) };
}

/** `value` checked by the wasm: `{ path }` to play, or `{ message }` worded in the page's language. */
export function checkPath(wasm, value) {
  const checked = wasm.checkPath(value);
  if (checked.path) return { path: checked.path };
  const { step, rule, detail, link } = checked.refused;
  const what = t(`path.refused.${rule}`, { detail: link ? refusalText(link) : String(detail).slice(0, 160) });
  return { message: step ? t('path.refused.at_step', { step, what }) : what };
}

async function through(bytes, transform, limit = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(transform).getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) throw new Error(`more than ${limit} bytes`);
    parts.push(value);
  }
  return new Uint8Array(await new Blob(parts).arrayBuffer());
}

/** The path file packed for a link's hash. */
export async function packPath(file) {
  const bytes = await through(new TextEncoder().encode(JSON.stringify(file)), new CompressionStream('deflate-raw'));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The parsed JSON a link's `path=` holds (throws on a damaged link). */
export async function unpackPath(packed) {
  const binary = atob(packed.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const json = await through(bytes, new DecompressionStream('deflate-raw'), MAX_UNPACKED);
  return JSON.parse(new TextDecoder().decode(json));
}

/** The page's address with `path=` (and the first step) in the hash, the language kept. */
export function pathAddress(packed) {
  const url = new URL(location.href);
  url.hash = `path=${packed}&step=1`;
  return url.href;
}
