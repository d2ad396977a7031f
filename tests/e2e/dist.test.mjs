// The offline builds of `cargo xtask dist` (run by `cargo xtask test` before these tests):
// dist/gradscope.html opened from file:// with the network cut, every scene drawing from the
// inlined wasm, i18n and digits; and dist/site/ served under a path prefix by a static server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateRawSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, open, assertNoErrors, screenshot, inkFraction, settled } from './helpers.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const SINGLE = path.join(DIST, 'gradscope.html');
const SITE = path.join(DIST, 'site');
const PREFIX = '/course/gradscope/';

let browser;
let alone; // a directory holding only a copy of gradscope.html: proves it needs no neighbours
before(async () => {
  assert.ok(statSync(SINGLE).isFile(), `${SINGLE} is missing: run \`cargo xtask dist\` first`);
  alone = mkdtempSync(path.join(tmpdir(), 'gradscope-dist-'));
  copyFileSync(SINGLE, path.join(alone, 'gradscope.html'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (alone) rmSync(alone, { recursive: true, force: true });
});

const counters = async (page) => {
  await settled(page);
  return page.locator('.status').innerText();
};

/** Switch scenes through the hash, as a shared link does. */
async function goHash(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

/** Wait until the init lab's workers have finished (the per-layer table has its gradients). */
async function initLabDone(page) {
  await settled(page);
  await page.locator('.layer-table tbody tr').first().waitFor();
}

/** How many pool workers the page runs and started (replacements included). */
const workers = (page) => page.evaluate(() => ({ size: globalThis.gradscopePool().size, started: globalThis.gradscopePool().started }));

test('the single file keeps a strict, hash-based CSP and refers to no other file', () => {
  const html = readFileSync(SINGLE, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'/);
  assert.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
  assert.match(csp, /worker-src blob:/, 'the pool workers start from blob: URLs');
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+stylesheet|type="module"/);
  assert.equal(html.match(/<script>/g)?.length, 1, 'one inline script');
});

test('single file from file://, network cut: every scene draws, digits load from the inlined bytes', async () => {
  const fileUrl = pathToFileURL(path.join(alone, 'gradscope.html')).href;
  const { page, context, errors, requests } = await open(browser, '#scene=race', { base: fileUrl, offline: true, width: 1600, height: 1000 });

  // Optimizer race (the page opened on it).
  assert.equal(await page.getByRole('tab', { name: 'Optimizer race' }).getAttribute('aria-selected'), 'true');
  assert.ok(await inkFraction(page, 'canvas.base') > 0.05, 'the race surface is drawn');
  await screenshot(page, 'dist-file-race');

  // Train a network: switch tab, one epoch.
  await page.getByRole('tab', { name: 'Train a network' }).click();
  await settled(page);
  await page.getByRole('button', { name: 'One epoch' }).click();
  assert.match(await counters(page), /^Epoch 1 /);
  assert.ok(await inkFraction(page, 'canvas.square') > 0.05, 'the decision boundary is drawn');

  // Activations & init, at a small size.
  await goHash(page, '#scene=init&width=100&batch=200&dim=100');
  await page.getByRole('tab', { name: 'Activations & init' }).and(page.locator('[aria-selected="true"]')).waitFor();
  await initLabDone(page);
  assert.ok(await inkFraction(page, 'canvas.hist >> nth=0') > 0.02, 'the activation histograms are drawn');
  const pool = await workers(page);
  assert.ok(pool.size >= 2 && pool.started >= pool.size, `the single file computes in workers: ${JSON.stringify(pool)}`);
  assert.match(await page.locator('.status').innerText(), new RegExp(`on ${pool.size} workers`));
  await screenshot(page, 'dist-file-init');

  // The digits set, from the bytes inlined in the file.
  await goHash(page, '#scene=train&ds=digits&layers=1&width=32');
  await page.waitForFunction(() => document.getElementById('train-dataset')?.value === 'digits');
  await settled(page);
  await page.getByRole('button', { name: 'One epoch' }).click();
  const status = await counters(page);
  assert.match(status, /^Epoch 1 /);
  const val = Number(/validation accuracy ([\d.]+) %/.exec(status)[1]);
  assert.ok(val > 50, `digits validation accuracy after one epoch: ${val} %`);
  await screenshot(page, 'dist-file-digits');

  // The lecture path, from the single file: a step mounts its scene, PageDown moves on.
  await goHash(page, '#lecture=7&step=2');
  await page.waitForFunction(() => document.getElementById('lecture-bar')?.dataset.step === 'local_minima');
  assert.equal(await page.getByRole('tab', { name: 'Optimizer race' }).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => location.hash === '#lecture=7&step=3');
  await page.keyboard.press('Escape');

  // Korean, from the inlined JSON (and ?lang= rewritten on a file: URL).
  await page.getByLabel('Language').selectOption('ko');
  await page.getByRole('tab', { name: '옵티마이저 경주' }).waitFor();

  // Blob URLs are the workers' script, made from the file's own inline text.
  const elsewhere = requests.filter((url) => !/^(data|blob):/.test(url) && url.split(/[?#]/)[0] !== fileUrl);
  assert.deepEqual(elsewhere, [], 'the single file asked for nothing but itself');
  assertNoErrors(errors);
  await context.close();
});

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

/** dist/site/ under PREFIX on 127.0.0.1; records every request with its status. */
function serveSite() {
  const log = [];
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let status = 404;
    let body = `not found: ${pathname}`;
    let type = 'text/plain';
    if (pathname.startsWith(PREFIX) && !pathname.split('/').includes('..')) {
      const rel = pathname.slice(PREFIX.length) || 'index.html';
      const file = path.join(SITE, rel.endsWith('/') ? `${rel}index.html` : rel);
      try {
        body = readFileSync(file);
        status = 200;
        type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      } catch { /* 404 */ }
    }
    log.push(`${status} ${pathname}`);
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, log, port: server.address().port })));
}

test('single file offline: an own lecture path opens from its link (packed here by zlib, unpacked by the page)', async () => {
  const question = { text: 'Which gets there first?', choices: ['SGD', 'Adam'], answer: 1 };
  const file = { gradscope_path: 1, title: 'Week 3', steps: [
    { scene: 'race', link: 'opt=sgd,adam', title: 'Adam', question }, { scene: 'init', link: 'act=tanh', title: 'Tanh' }] };
  const packed = deflateRawSync(Buffer.from(JSON.stringify(file))).toString('base64url');
  const fileUrl = pathToFileURL(path.join(alone, 'gradscope.html')).href;
  const { page, context, errors } = await open(browser, `#path=${packed}&step=1`, { base: fileUrl, offline: true, width: 1366, height: 768 });
  const bar = () => page.evaluate(() => [document.getElementById('lecture-bar').dataset.revealed, document.querySelector('.lecture-question').textContent,
    document.querySelector('[role="tab"][aria-selected="true"]')?.dataset.scene]);
  await page.waitForFunction(() => !document.getElementById('lecture-bar').hidden);
  assert.deepEqual(await bar(), ['false', 'Which gets there first?', 'race']);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.querySelector('.lecture-title').textContent === 'Tanh');
  assert.equal((await bar())[2], 'init');
  assertNoErrors(errors);
  await context.close();
});

test(`dist/site/ served under ${PREFIX} loads, draws and fetches digits relative to the page`, async () => {
  const { server, log, port } = await serveSite();
  try {
    const base = `http://127.0.0.1:${port}${PREFIX}`;
    const { page, context, errors } = await open(browser, '#scene=train&ds=digits&layers=1&width=32', { base });
    await page.getByRole('button', { name: 'One epoch' }).click();
    assert.match(await counters(page), /^Epoch 1 /);
    await page.getByRole('tab', { name: 'Optimizer race' }).click();
    await settled(page);
    assert.ok(await inkFraction(page, 'canvas.base') > 0.05, 'the race surface is drawn');
    await screenshot(page, 'dist-site-race');
    assert.ok(log.some((l) => l === `200 ${PREFIX}static/data/digits8x8.bin`), `digits fetched under the prefix:\n${log.join('\n')}`);
    // Chromium runs relaxed SIMD: the page picks that build; the workers load as modules.
    assert.ok(log.some((l) => l === `200 ${PREFIX}pkg/gradscope_relaxed_bg.wasm`), log.join('\n'));
    assert.ok(log.some((l) => l === `200 ${PREFIX}js/workers/worker.js`), log.join('\n'));
    assert.deepEqual(log.filter((l) => !l.startsWith('200 ')), [], 'every request was answered from dist/site/');
    assertNoErrors(errors);
    await context.close();
  } finally {
    server.close();
  }
});
