// The seeded in-page fuzz shared by the Chromium suite (robustness.test.mjs) and the other
// engines' smoke suites (tests/engines): random control changes, clicks, shortcuts, links (the
// scene's link keys come from the registry through the wasm), lecture-path keys, language
// switches and worker kills. The driver adds resizes between chunks.

export const FUZZ_SEED = Number(process.env.GRADSCOPE_FUZZ_SEED ?? 20261127);

/** The places a fuzz chunk runs: the seven scenes and the lecture path. */
export const FUZZ_PLACES = ['race', 'init', 'train', 'preprocess', 'search', 'regularize', 'landscape', 'lecture'];

/** The hash that opens `place` small enough for a fuzz (the init lab's lecture size takes a
 * second per change; huge and degenerate sizes are covered natively by crate/tests/no_panic.rs). */
export function fuzzStart(place) {
  if (place === 'lecture') return 'lecture=7&step=1';
  return `scene=${place}${place === 'init' ? '&layers=6&width=40&batch=40&dim=40' : ''}`;
}

/**
 * Runs inside the page: `count` random actions drawn from a seeded generator. Returns what it
 * did, every hash whose refusal banner did not name one of the keys it set, and every crash
 * banner it did not cause by killing a worker.
 */
export async function fuzzInPage({ seed, count, place }) {
  let state = seed >>> 0; // mulberry32
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const logUniform = (lo, hi) => 10 ** (Math.log10(lo) + rand() * (Math.log10(hi) - Math.log10(lo)));
  const glue = await import(new URL('pkg/gradscope.js', location.href).href);
  await glue.default(); // init() again returns the live exports
  const sceneId = place === 'lecture' ? null : place;
  const keys = sceneId ? glue.sceneFields(sceneId).map((f) => f.key) : [];
  const GARBAGE = ['', 'NaN', 'Infinity', '-Infinity', '-1', '0', '1e308', '-1e-320', '1e999', 'abc', '0x10', ' 3 ',
    '<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', '%E2%80%AE', '💥', 'a'.repeat(300), 'true', 'sgd,adam,,nope'];
  const SIZE_CONTROLS = /-(layers|width|batch|dim|points|steps|n|ep|epochs|grid|trials|seeds|k|nets|cycles)$/;
  const SMALL_INIT = 'layers=6&width=40&batch=40&dim=40'; // the fuzzed keys that follow win
  const SIZE_KEYS = new Set(['layers', 'width', 'batch', 'dim', 'n', 'steps', 'epochs', 'ep', 'grid', 'trials', 'seeds', 'k', 'nets', 'cycles']);
  const value = (key) => {
    const kind = rand();
    if (kind < 0.35) return pick(GARBAGE);
    if (SIZE_KEYS.has(key)) return String(1 + Math.floor(rand() * 40));
    if (kind < 0.7) return String(Number((rand() < 0.5 ? -1 : 1) * logUniform(1e-12, 1e6)).toPrecision(3));
    return pick(['sgd', 'adam', 'momentum', 'tanh', 'relu', 'sigmoid', 'xavier', 'he', 'small', 'custom', 'spiral', 'digits',
      'rosenbrock', 'saddle', 'quadratic', 'step', 'cosine', '0', '1', '0.5']);
  };
  const visible = (node) => node.offsetParent !== null && !node.disabled;
  const banner = document.getElementById('banner');
  const bannerText = () => document.getElementById('banner-text').textContent;
  const resetButton = document.getElementById('banner-action');
  const done = { control: 0, click: 0, key: 0, hash: 0, language: 0, kill: 0 };
  const unexplained = [];
  const crashes = [];
  let killed = false;
  const SCENE_KEYS = [' ', 'ArrowRight', 'r', '[', ']', 'b', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'p', 'c'];
  const LECTURE_KEYS = ['PageDown', 'PageUp', 'ArrowRight', 'ArrowLeft', ' ', 'Home', 'End', 'b', 'p', 'c'];
  for (let i = 0; i < count; i += 1) {
    // A crash banner the fuzz did not cause by killing a worker is a finding; either way
    // "Reset scene" brings the scene back, as a user would press it.
    if (!banner.hidden && !resetButton.hidden) {
      if (!killed) crashes.push({ text: bannerText(), now: location.hash });
      killed = false;
      resetButton.click();
    }
    const roll = rand();
    if (roll < 0.5) {
      // A select with no options yet (filled by the scene's first frame) offers nothing to pick.
      const inputs = [...document.querySelectorAll('#scene input, #scene select')].filter((n) => visible(n) && !(n.tagName === 'SELECT' && !n.options.length));
      if (!inputs.length) continue;
      const input = pick(inputs);
      if (input.type === 'checkbox') {
        input.click();
      } else {
        if (input.tagName === 'SELECT') {
          input.value = pick([...input.options]).value;
        } else if (input.type === 'range') {
          const min = Number(input.min);
          const max = SIZE_CONTROLS.test(input.id) ? Math.min(Number(input.max), min + 40 * Number(input.step || 1)) : Number(input.max);
          input.value = String(min + rand() * (max - min));
        } else {
          input.value = rand() < 0.5 ? pick(GARBAGE) : String(logUniform(1e-12, 1e6));
        }
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }
      done.control += 1;
    } else if (roll < 0.65) {
      // Any button in the scene except the exports (they start downloads, tested in export.test).
      const buttons = [...document.querySelectorAll('#scene button, #scene summary')].filter((b) => visible(b) && !b.closest('.export'));
      if (!buttons.length) continue;
      pick(buttons).click();
      done.click += 1;
    } else if (roll < 0.82) {
      const key = pick(sceneId ? SCENE_KEYS : LECTURE_KEYS);
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      done.key += 1;
    } else if (roll < 0.84) {
      const lang = document.getElementById('lang');
      lang.value = lang.value === 'ko' ? 'en' : 'ko';
      lang.dispatchEvent(new Event('change', { bubbles: true }));
      done.language += 1;
    } else if (roll < 0.85) {
      const pool = globalThis.gradscopePool();
      pool.kill(Math.floor(rand() * pool.size));
      killed = true;
      done.kill += 1;
    } else {
      let hash;
      let set = [];
      if (sceneId) {
        set = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(keys));
        hash = `scene=${sceneId}&${sceneId === 'init' ? `${SMALL_INIT}&` : ''}${set.map((k) => `${k}=${encodeURIComponent(value(k))}`).join('&')}`;
      } else {
        const step = rand() < 0.2 ? pick(GARBAGE) : String(1 + Math.floor(rand() * 40));
        hash = `lecture=${pick(['6', '7', '6', '7', '8', 'x'])}&step=${encodeURIComponent(step)}`;
        set = ['lecture', 'step', '강의', '단계'];
      }
      const changed = location.hash.slice(1) !== hash;
      location.hash = hash;
      // The hashchange event, then the scene's mount. An unchanged hash fires no event; a
      // changed one always does, but under load (every core training) its task may come late,
      // so the limit is generous: the banner read below must be this link's.
      await new Promise((resolve) => {
        const mounted = () => setTimeout(resolve, 0);
        if (!changed) return resolve();
        window.addEventListener('hashchange', mounted, { once: true });
        setTimeout(() => {
          window.removeEventListener('hashchange', mounted);
          resolve();
        }, 5000);
      });
      // The banner must come to name one of this link's keys (or stay hidden); under load the
      // mount may run a little later, so an unexplained message gets up to 2 s to be replaced.
      const explained = () => banner.hidden || !resetButton.hidden || set.some((k) => bannerText().includes(k));
      for (let waited = 0; !explained() && waited < 2000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      if (!explained()) unexplained.push({ hash, text: bannerText(), now: location.hash });
      done.hash += 1;
    }
  }
  document.documentElement.classList.remove('presenter');
  return { done, unexplained, crashes };
}
