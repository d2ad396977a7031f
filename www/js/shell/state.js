// URL-hash state: `#scene=race&lr=0.05&…`. The scene key is read here; the rest of the hash
// is decoded and validated by the scene's Rust codec, which refuses bad values by name.

// `hide=lr,momentum` hides those controls (a presenter's link that shows only what the class
// should touch). It belongs to the page, not to a scene, and is carried along on every write.
let hidden = [];

// The hash as last read or written here. Anything else in the address bar is a link the user
// just opened whose hashchange has not run yet: a deferred write must not overwrite it.
let known = null;

const PAGE_KEYS = ['scene', 'hide', 'lecture', 'path', 'step'];

/** Split the hash into the scene id, the controls to hide, a lecture step (`lecture=6&step=4`),
 * an own path's step (`path=<packed>&step=2`) and the rest (the scene's fields). */
export function readHash() {
  known = location.hash;
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const [scene, hide, lecture, path, step] = PAGE_KEYS.map((key) => params.get(key));
  for (const key of PAGE_KEYS) params.delete(key);
  return { scene, hide, lecture, path, step, rest: params.toString() };
}

/** The controls a `hide=` link asked to hide. */
export function hiddenControls() {
  return hidden;
}

/** Remember the controls to hide (checked names only: letters, digits, dashes); returns the refused ones. */
export function setHidden(names) {
  hidden = names.filter((n) => /^[a-z0-9-]{1,40}$/.test(n));
  return names.filter((n) => !hidden.includes(n));
}

// Browsers throttle rapid history updates (a slider drag fires dozens per second), so a
// write within MIN_GAP_MS of the last one is deferred; the newest state always lands.
const MIN_GAP_MS = 150;
let lastWrite = 0;
let pending = null;

function replaceHash(hash) {
  pending = null;
  lastWrite = performance.now();
  if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  known = location.hash;
}

/** Write a deferred hash now (before the link is copied or shared). */
export function flushHash() {
  if (pending !== null) {
    clearTimeout(pending.timer);
    replaceHash(pending.hash);
  }
}

const hideSuffix = () => (hidden.length ? `&hide=${hidden.join(',')}` : '');

/** Put a lecture step in the hash at once, dropping any deferred write: the built-in path's
 * (`#lecture=6&step=4`, `packed` null) or an own path's (`#path=<packed>&step=2`). */
export function writeLectureHash({ step, within, index, packed }) {
  if (pending !== null) clearTimeout(pending.timer);
  const where = packed ? `path=${packed}&step=${index + 1}` : `lecture=${step.lecture}&step=${within}`;
  replaceHash(`#${where}${hideSuffix()}`);
}

/** Write the scene's encoded state into the hash, without a history entry per change. */
export function writeHash(scene, encoded) {
  // A link opened in the address bar whose hashchange has not run yet wins over a scene that
  // finishes some work in between (a worker's answer can come first): it is read next.
  if (known !== null && location.hash !== known) return;
  const hash = `#scene=${encodeURIComponent(scene)}${encoded ? `&${encoded}` : ''}${hideSuffix()}`;
  const wait = lastWrite + MIN_GAP_MS - performance.now();
  if (wait <= 0 && pending === null) {
    replaceHash(hash);
  } else {
    if (pending !== null) clearTimeout(pending.timer);
    const write = () => (location.hash === known ? replaceHash(hash) : (pending = null));
    pending = { hash, timer: setTimeout(write, Math.max(wait, 0)) };
  }
}
