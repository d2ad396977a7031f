// The smoke suite every other engine runs (Firefox, WebKit; Chromium runs the full suite in
// tests/e2e): every scene and a lecture walk in both languages with no page error and every
// visible figure drawn, a refused link explained, the workers computing (served page and single
// file), and the seeded fuzz with resizes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FUZZ_SEED, FUZZ_PLACES, fuzzStart, fuzzInPage } from '../e2e/fuzz.mjs';

const BASE_URL = process.env.GRADSCOPE_URL ?? 'http://127.0.0.1:8080/';
const SINGLE_FILE = fileURLToPath(new URL('../../dist/gradscope.html', import.meta.url));
const LANGUAGES = ['en', 'ko'];
/** i18n key prefixes: a key shown instead of its text is an untranslated string. */
const KEY_PREFIXES = [...new Set(Object.keys(JSON.parse(readFileSync(new URL('../../www/i18n/en.json', import.meta.url)))).map((k) => k.split('.')[0]))];
const UNTRANSLATED = new RegExp(`\\b(${KEY_PREFIXES.join('|')})\\.[a-z_0-9]+\\b`);
/** The layer-1 activation std of the init lab's default state, as Chromium's suite reads it. */
const INIT_LAYER1 = 0.213;
const layer1Std = () => {
  const cell = document.querySelector('.layer-table tbody tr')?.querySelectorAll('td')[1];
  return cell && cell.textContent !== '…' ? parseFloat(cell.textContent) : null;
};

/** Poll `fn(arg)` in the page until it returns true. */
async function waitFor(d, fn, arg, what, timeout = 60000) {
  const until = Date.now() + timeout;
  for (;;) {
    if (await d.evaluate(fn, arg)) return;
    if (Date.now() > until) throw new Error(`${d.engine}: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const settled = (d) => waitFor(d, () => [...document.querySelectorAll('[data-computing]')].every((n) => n.dataset.computing === 'false'), null, 'the workers to answer');

async function open(d, url, { width = 1366, height = 768 } = {}) {
  await d.resize(width, height);
  await d.goto(url);
  await waitFor(d, () => document.documentElement.dataset.ready === 'true', null, 'the page to be ready', 90000);
  await settled(d);
}

/** What the page reported: the driver's console and error events and the in-page hook. */
async function pageErrors(d) {
  return [...d.errors, ...((await d.evaluate(() => window.smokeErrors ?? [])) ?? [])];
}

/** Visible canvases with no ink (not a single non-white, non-transparent pixel), by name, once
 * the frames already asked for have drawn. */
const blankCanvases = async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return [...document.querySelectorAll('#scene canvas')]
  .filter((c) => c.offsetParent !== null && c.width > 0 && c.height > 0 && c.getBoundingClientRect().height > 8)
  .filter((c) => getComputedStyle(c).visibility !== 'hidden')
  .filter((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && !(data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245)) return false;
    }
    return true;
  })
  .map((c) => c.getAttribute('aria-label') ?? c.className);
};

const bannerText = () => (document.getElementById('banner').hidden ? '' : document.getElementById('banner-text').textContent);

export function smokeSuite(start) {
  let d;
  before(async () => {
    d = await start();
    console.log(`engine: ${d.engine} ${d.version}`);
  });
  after(async () => { await d?.close(); });

  for (const lang of LANGUAGES) {
    test(`every scene opens, computes and draws every visible figure (${lang})`, async () => {
      await open(d, new URL(`?lang=${lang}#scene=race`, BASE_URL).href);
      const scenes = await d.evaluate(() => [...document.querySelectorAll('[role="tab"]')].map((t) => t.dataset.scene));
      assert.equal(scenes.length, 7, `tabs: ${scenes}`);
      for (const id of scenes) {
        await d.evaluate((h) => { location.hash = h; }, `scene=${id}`);
        await waitFor(d, (s) => document.getElementById(`tab-${s}`)?.getAttribute('aria-selected') === 'true', id, `the ${id} tab`);
        await settled(d);
        assert.deepEqual(await d.evaluate(blankCanvases), [], `${d.engine} ${id} (${lang}): blank figures`);
        assert.equal(await d.evaluate(bannerText), '', `${d.engine} ${id} (${lang}): a message`);
        assert.doesNotMatch(await d.evaluate(() => document.body.innerText), UNTRANSLATED, `${d.engine} ${id} (${lang})`);
        await d.screenshot(`engine-${d.engine}-${id}-1366x768-${lang}`);
      }
      assert.deepEqual(await pageErrors(d), []);
    });

    test(`a refused link names the refused value (${lang})`, async () => {
      await open(d, new URL(`?lang=${lang}#scene=race&lr=abc`, BASE_URL).href);
      await waitFor(d, () => !document.getElementById('banner').hidden, null, 'the refusal');
      assert.match(await d.evaluate(bannerText), /lr/);
      assert.deepEqual(await d.evaluate(blankCanvases), [], 'the last good state (the defaults) is drawn');
      assert.deepEqual(await pageErrors(d), []);
    });
  }

  test('the lecture path walks with the clicker keys: questions reveal, figures draw (en lecture 6, ko lecture 7)', async () => {
    for (const [lang, lecture] of [['en', 6], ['ko', 7]]) {
      await open(d, new URL(`?lang=${lang}#lecture=${lecture}&step=1`, BASE_URL).href);
      for (let press = 0; press < 8; press += 1) {
        const where = await d.evaluate(() => `${document.querySelector('.lecture-where').textContent} ${location.hash}`);
        await settled(d);
        assert.equal(await d.evaluate(bannerText), '', `${d.engine} ${where}: a message`);
        assert.deepEqual(await d.evaluate(blankCanvases), [], `${d.engine} ${where}: blank figures`);
        assert.doesNotMatch(await d.evaluate(() => document.body.innerText), UNTRANSLATED, `${d.engine} ${where}`);
        await d.key('PageDown');
        await waitFor(d, (w) => `${document.querySelector('.lecture-where').textContent} ${location.hash}` !== w
          || document.querySelector('.lecture-bar')?.dataset.revealed === 'true', where, 'the next step or the reveal', 10000).catch(() => {});
      }
      await d.screenshot(`engine-${d.engine}-lecture${lecture}-1366x768-${lang}`);
    }
    assert.deepEqual(await pageErrors(d), []);
  });

  test('an own lecture path packs into a link (the browser\'s own deflate) that opens and walks', async () => {
    await open(d, new URL('?lang=en#scene=race', BASE_URL).href);
    const hash = await d.evaluate(async () => {
      const { packPath } = await import(new URL('js/shell/path.js', location.href).href);
      const question = { text: 'Which gets there first?', choices: ['SGD', 'Adam'], answer: 1 };
      const file = { gradscope_path: 1, title: 'Week 3', steps: [
        { scene: 'init', link: 'act=tanh', title: 'Tanh' }, { scene: 'race', link: 'opt=sgd,adam', title: 'Adam', question }] };
      return `path=${await packPath(file)}&step=1`;
    });
    await d.evaluate((h) => { location.hash = h; }, hash);
    // The bar as `step|revealed|title|scene`, starting with `expected`.
    const barIs = (expected) => {
      const node = document.getElementById('lecture-bar');
      const scene = document.querySelector('[role="tab"][aria-selected="true"]')?.dataset.scene;
      return `${node.hidden ? 'hidden' : node.dataset.step}|${node.dataset.revealed}|${node.querySelector('.lecture-title').textContent}|${scene}`.startsWith(expected);
    };
    await waitFor(d, barIs, '1|true|Tanh|init', 'step 1 of the own path');
    await d.key('PageDown');
    await waitFor(d, barIs, '2|false|', 'its question');
    await d.key('PageDown');
    await waitFor(d, barIs, '2|true|Adam|race', 'the reveal');
    assert.equal(await d.evaluate(() => document.querySelector('.lecture-answer').textContent), 'Answer: B — Adam');
    assert.equal(await d.evaluate(bannerText), '');
    assert.deepEqual(await pageErrors(d), []);
  });

  test('the workers compute the init lab and train an epoch, served and from the single file', async () => {
    assert.ok(statSync(SINGLE_FILE).isFile(), 'dist/gradscope.html: run `cargo xtask dist` first');
    for (const base of [BASE_URL, pathToFileURL(SINGLE_FILE).href]) {
      await open(d, new URL('#scene=init', base).href);
      await waitFor(d, () => document.querySelector('.init-stage')?.dataset.computing === 'false', null, 'the init lab');
      const std = await d.evaluate(layer1Std);
      assert.ok(Math.abs(std - INIT_LAYER1) < 5e-4, `${base}: layer 1 std ${std}, Chromium ${INIT_LAYER1}`);
      assert.ok(await d.evaluate(() => globalThis.gradscopePool().started) >= 1);
      await d.evaluate(() => { location.hash = 'scene=train'; });
      await waitFor(d, () => document.getElementById('tab-train')?.getAttribute('aria-selected') === 'true', null, 'the trainer');
      await settled(d);
      await d.evaluate(() => [...document.querySelectorAll('#scene button')].find((b) => b.dataset.i18n === 'train.step_epoch').click());
      await waitFor(d, () => /^Epoch 1 /.test(document.querySelector('.status')?.textContent ?? ''), null, 'epoch 1');
      assert.deepEqual(await pageErrors(d), [], base);
    }
  });

  test(`fuzz: seeded random actions on every scene and the lecture path, with resizes (seed ${FUZZ_SEED})`, async () => {
    const perPlace = Number(process.env.GRADSCOPE_ENGINE_FUZZ ?? 450);
    const sizes = [[1366, 768], [1024, 768], [1920, 1080], [800, 600]];
    await open(d, new URL('#scene=race', BASE_URL).href);
    const totals = {};
    const findings = [];
    let chunk = 0;
    for (const [p, place] of FUZZ_PLACES.entries()) {
      await d.evaluate((h) => { location.hash = h; }, fuzzStart(place));
      for (let done = 0; done < perPlace; done += 50) {
        const seed = FUZZ_SEED + 7 + 1000 * p + done;
        const [width, height] = sizes[chunk++ % sizes.length];
        await d.resize(width, height);
        const result = await d.evaluate(fuzzInPage, { seed, count: 50, place });
        for (const [k, n] of Object.entries(result.done)) totals[k] = (totals[k] ?? 0) + n;
        findings.push(...result.unexplained.map((u) => ({ ...u, seed })), ...result.crashes.map((c) => ({ ...c, seed })));
        // The page still answers: a frame runs and it is ready.
        assert.equal(await d.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(document.documentElement.dataset.ready)))), 'true');
        assert.deepEqual(await pageErrors(d), [], `chunk seed ${seed}`);
      }
    }
    const total = Object.values(totals).reduce((a, b) => a + b, 0);
    console.log(`fuzz actions (${d.engine}): ${JSON.stringify(totals)} = ${total}`);
    assert.ok(total >= 0.9 * perPlace * FUZZ_PLACES.length, `only ${total} actions ran`);
    assert.deepEqual(findings.slice(0, 5), [], 'refusals name their key; no crash the fuzz did not cause');
  });
}
