// The worker pool: the heavy work runs off the main thread, the init lab's split batch gives
// the single worker's numbers, a dead or panicking worker is replaced without hanging the page,
// and the pool keeps answering while every scene is used (the main thread's longest task is
// measured by `cargo xtask bench`).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, settled, screenshot, hashParams, inkFraction } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SMALL_INIT = 'width=120&batch=210&dim=90&layers=6';

/** The init lab's per-layer table as text, once the workers are done. */
async function tableText(page) {
  await settled(page);
  return page.$$eval('.layer-table tbody tr', (rows) => rows.map((r) => r.textContent));
}

const pool = (page) => page.evaluate(() => ({ size: globalThis.gradscopePool().size, started: globalThis.gradscopePool().started }));

test('the init lab split across 3 workers shows the numbers of 1 worker (plain, batch norm, layer norm)', async () => {
  for (const extra of ['act=tanh&init=xavier', 'act=relu&init=small&bn=1', 'act=maxout&init=xavier&ln=1']) {
    const one = await open(browser, `?workers=1#scene=init&${SMALL_INIT}&${extra}`);
    const three = await open(browser, `?workers=3#scene=init&${SMALL_INIT}&${extra}`);
    const [a, b] = [await tableText(one.page), await tableText(three.page)];
    assert.equal(a.length, 6);
    assert.deepEqual(b, a, `split vs one worker (${extra})`);
    assert.match(await three.page.locator('.status').innerText(), /on 3 workers/);
    assert.equal((await pool(three.page)).size, 3);
    assertNoErrors([...one.errors, ...three.errors]);
    await one.context.close();
    await three.context.close();
  }
});

test('the simd128 build gives the relaxed-SIMD build\'s numbers (both builds tested)', async () => {
  const relaxed = await open(browser, `#scene=init&${SMALL_INIT}&act=tanh&init=xavier`);
  const plain = await open(browser, `?wasm=simd128#scene=init&${SMALL_INIT}&act=tanh&init=xavier`);
  assert.equal(await relaxed.page.evaluate(() => document.documentElement.dataset.wasm), 'relaxed');
  assert.equal(await plain.page.evaluate(() => document.documentElement.dataset.wasm), 'simd128');
  // Fused multiply-adds round once instead of twice: the printed 3 digits agree.
  assert.deepEqual(await tableText(plain.page), await tableText(relaxed.page));
  assertNoErrors([...relaxed.errors, ...plain.errors]);
  await relaxed.context.close();
  await plain.context.close();
});

test('a killed worker is replaced: the scene says so, and "Reset scene" computes again', async () => {
  const { page, errors, context } = await open(browser, '#scene=init');
  const before = await pool(page);
  assert.ok(before.size >= 2, `at least 2 workers: ${before.size}`);
  await page.getByRole('slider', { name: 'Bias added before the activation' }).fill('0.5'); // a new run at lecture size
  await page.evaluate(() => globalThis.gradscopePool().kill(0)); // mid-run
  const banner = page.getByRole('alert');
  await banner.filter({ hasText: 'worker killed' }).waitFor();
  assert.match(await banner.innerText(), /Something went wrong inside gradscope/);
  assert.equal((await pool(page)).started, before.started + 1, 'a fresh worker took its place');
  await page.getByRole('button', { name: 'Reset scene' }).click();
  await banner.waitFor({ state: 'hidden' });
  assert.equal((await tableText(page)).length, 10);
  assertNoErrors(errors);
  await context.close();
});

test('a panic inside a worker reaches the banner, the worker is replaced, and the scene resets', async () => {
  const { page, errors, context } = await open(browser, `#scene=init&${SMALL_INIT}`);
  await settled(page);
  const before = await pool(page);
  const message = await page.evaluate(() => globalThis.gradscopePool().call(1, 'panic').then(() => 'no error', (err) => err.panic));
  assert.match(message, /deliberate panic/);
  assert.equal((await pool(page)).started, before.started + 1);
  // That worker held part of the init lab's batch: the scene stops and says why.
  const banner = page.getByRole('alert');
  await banner.filter({ hasText: 'deliberate panic' }).waitFor();
  await page.getByRole('button', { name: 'Reset scene' }).click();
  await banner.waitFor({ state: 'hidden' });
  // The new worker computes: change a control and the table fills again.
  await page.getByLabel('Activation function', { exact: true }).selectOption('relu');
  assert.equal((await tableText(page)).length, 10);
  // The worker's own console logs the panic; nothing else may be logged.
  assertNoErrors(errors.filter((e) => !/deliberate panic|unreachable|RuntimeError/.test(e)));
  await context.close();
});

// How long the main thread is held while sliders move is measured by `cargo xtask bench`, not here.
test('dragging sliders and changing selects on every scene, the lecture-size init lab included, keeps the page working', async () => {
  const { page, errors, context } = await open(browser, '#scene=init', { width: 1366, height: 768 });
  await settled(page);
  const drag = async (name, values) => {
    for (const v of values) await page.getByRole('slider', { name }).fill(String(v));
  };
  // Init lab at the lecture's size (1000×500, 10 layers of 500): the bias slider five times.
  await drag('Bias added before the activation', [0.5, 1, -1, 2, 0]);
  await settled(page);
  await page.getByLabel('Activation function', { exact: true }).selectOption('relu');
  await page.getByLabel('Weight initialization', { exact: true }).selectOption('he');
  await settled(page);
  await page.getByRole('tab', { name: 'Train a network' }).click();
  await settled(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await drag('Learning rate', [0.2, 0.5, 0.7]);
  await page.getByLabel('Optimizer', { exact: true }).selectOption('sgd');
  await drag('Hidden layers', [3, 4]);
  await page.waitForTimeout(1500);
  const pause = page.getByRole('button', { name: 'Pause' }); // a diverged run has paused itself
  if (await pause.isVisible()) await pause.click();
  await settled(page);
  await page.getByRole('tab', { name: 'Optimizer race' }).click();
  await drag('Learning rate', [0.2, 0.4, 0.6, 0.8]);
  await page.getByLabel('Loss surface', { exact: true }).selectOption('rosenbrock');
  await page.waitForTimeout(300);
  await screenshot(page, 'workers-race-after-drags');
  assert.equal((await hashParams(page)).surf, 'rosenbrock', 'the last change took');
  assert.ok(await inkFraction(page, 'canvas.overlay') > 0.001, 'the race redrew after the drags');
  assertNoErrors(errors);
  await context.close();
});
