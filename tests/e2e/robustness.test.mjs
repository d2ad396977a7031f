// Robustness in the browser: a seeded fuzz of controls, shortcuts and links on every scene;
// flat memory over long runs; and a Rust panic shown in the banner with "Reset scene".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, inkFraction, settled } from './helpers.mjs';
import { FUZZ_SEED, FUZZ_PLACES, fuzzStart, fuzzInPage } from './fuzz.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The init lab gets fewer: a refused link falls back to the lecture size, about 1 s a run.
const ACTIONS = { race: 900, init: 250, train: 900, preprocess: 300, search: 200, regularize: 150, landscape: 100, lecture: 300 };
const CHUNK = 50;
/** Window sizes the fuzz cycles through between chunks (phone to projector). */
const SIZES = [[1280, 800], [1366, 768], [1024, 768], [390, 844], [1920, 1080]];

const TOTAL_ACTIONS = Object.values(ACTIONS).reduce((a, b) => a + b, 0);

test(`fuzz: ${TOTAL_ACTIONS} seeded random control changes, shortcuts, links, lecture keys, language switches, worker kills and resizes (seed ${FUZZ_SEED})`, async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  const totals = {};
  const unexplained = [];
  const crashes = [];
  let chunk = 0;
  for (const [s, place] of FUZZ_PLACES.entries()) {
    await page.evaluate((h) => { location.hash = h; }, fuzzStart(place));
    if (place !== 'lecture') await page.locator(`#tab-${place}[aria-selected="true"]`).waitFor();
    for (let done = 0; done < ACTIONS[place]; done += CHUNK) {
      const seed = FUZZ_SEED + 1000 * s + done;
      const [width, height] = SIZES[chunk++ % SIZES.length];
      await page.setViewportSize({ width, height });
      const result = await page.evaluate(fuzzInPage, { seed, count: CHUNK, place });
      for (const [k, n] of Object.entries(result.done)) totals[k] = (totals[k] ?? 0) + n;
      unexplained.push(...result.unexplained.map((u) => ({ ...u, seed })));
      crashes.push(...result.crashes.map((c) => ({ ...c, seed })));
      // Let frames run (playback, deferred gradients), then check the page still answers and draws.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20))));
      assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'true');
      assert.ok((await page.locator('#scene canvas, .lecture-title').count()) > 0, `nothing on screen after seed ${seed}`);
      assertNoErrors(errors.map((e) => `${e} (chunk seed ${seed})`));
    }
  }
  const total = Object.values(totals).reduce((a, b) => a + b, 0);
  console.log(`fuzz actions (chromium): ${JSON.stringify(totals)} = ${total}`);
  assert.ok(total >= 2500, `only ${total} actions ran`);
  assert.deepEqual(unexplained.slice(0, 5), [], 'a refused link must name the refused key in the banner');
  assert.deepEqual(crashes.slice(0, 5), [], 'no crash the fuzz did not cause by killing a worker');
  // After all that, a clean link still draws the default race.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => { location.hash = 'scene=race'; });
  await page.locator('#tab-race[aria-selected="true"]').waitFor();
  await page.evaluate(() => document.getElementById('banner-action').hidden || document.getElementById('banner-action').click());
  await settled(page);
  assert.ok((await inkFraction(page, 'canvas.base')) > 0.5);
  assertNoErrors(errors);
  await context.close();
});

/** The page's own wasm exports (the same module instance main.js initialised). */
async function wasmMemoryBytes(page) {
  return page.evaluate(async () => {
    const glue = await import(new URL('pkg/gradscope.js', location.href).href);
    return (await glue.default()).memory.buffer.byteLength; // init() again returns the live exports
  });
}

/** The pool workers' wasm linear memory, in bytes (the trainer and init lab compute there). */
async function workerMemoryBytes(page) {
  return page.evaluate(async () => {
    const pool = globalThis.gradscopePool();
    const sizes = await Promise.all(Array.from({ length: pool.size }, (_, i) => pool.call(i, 'memory')));
    return sizes.reduce((a, b) => a + b, 0);
  });
}

/** JS heap after a full collection, and wasm linear memory (page and workers), in bytes. */
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return { js: usedSize, wasm: (await wasmMemoryBytes(page)) + (await workerMemoryBytes(page)) };
}

function growth(before, after) {
  const pct = (a, b) => (100 * (b - a)) / a;
  return { js: pct(before.js, after.js), wasm: pct(before.wasm, after.wasm) };
}

const MiB = (bytes) => (bytes / 2 ** 20).toFixed(2);

test('memory stays flat over 100 000 optimizer steps and 1 000 training epochs', async () => {
  const optimizers = 'sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw,nadam,adadelta,lbfgs';
  const steps = 1000;
  const { page, errors, context } = await open(browser, `#scene=race&surf=quadratic&opt=${optimizers}&steps=${steps}`);
  const cdp = await context.newCDPSession(page);
  await page.getByRole('button', { name: 'Tuned rate per optimizer' }).click();
  // Every noise change recomputes all ten paths: 10 × 1 000 steps each time.
  const recompute = (times) => page.evaluate((n) => {
    const noise = document.getElementById('race-noise');
    for (let i = 0; i < n; i += 1) {
      noise.value = String(0.1 + (i % 5) * 0.1);
      noise.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }, times);
  // Warm-up: buffers reach their working size and the JIT settles (the JS heap still grows by
  // tens of KB over the first dozen recomputes, then stays flat).
  await recompute(15);
  const raceBefore = await memory(page, cdp);
  await recompute(10);
  const raceAfter = await memory(page, cdp);
  const legend = await page.locator('.legend-table tbody').innerText();
  assert.doesNotMatch(legend, /diverged/i, 'every optimizer must run all its steps');
  const race = growth(raceBefore, raceAfter);
  console.log(`race, ${10 * 10 * steps} optimizer steps: JS heap ${MiB(raceBefore.js)} → ${MiB(raceAfter.js)} MiB (${race.js.toFixed(2)} %), wasm ${MiB(raceBefore.wasm)} → ${MiB(raceAfter.wasm)} MiB (${race.wasm.toFixed(2)} %)`);

  await page.evaluate(() => { location.hash = 'scene=train&epochs=1000'; });
  await page.locator('#tab-train[aria-selected="true"]').waitFor();
  await settled(page);
  await page.locator('#train-speed').fill('50');
  const counters = page.locator('.status', { hasText: /^Epoch/ });
  const epoch = async () => Number((await counters.innerText()).match(/^Epoch (\d+)/)[1]);
  const play = page.getByRole('button', { name: 'Train', exact: true });
  const trainUntil = async (target) => {
    await play.click();
    await page.waitForFunction((n) => Number(document.querySelector('.status')?.textContent.match(/^Epoch (\d+)/)?.[1]) >= n, target, { timeout: 300000, polling: 100 });
    if (await page.getByRole('button', { name: 'Pause' }).isVisible()) await page.getByRole('button', { name: 'Pause' }).click();
  };
  // Warm-up over the same 1 000 epochs, then start over: every code path the measured run takes
  // (patterns that show late, the loss curve's coarser strides) has run once, so what grows is a leak.
  await trainUntil(1000);
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await settled(page);
  assert.equal(await epoch(), 0);
  const trainBefore = await memory(page, cdp);
  await trainUntil(1000);
  const trainAfter = await memory(page, cdp);
  const train = growth(trainBefore, trainAfter);
  console.log(`trainer, 1 000 epochs: JS heap ${MiB(trainBefore.js)} → ${MiB(trainAfter.js)} MiB (${train.js.toFixed(2)} %), wasm ${MiB(trainBefore.wasm)} → ${MiB(trainAfter.wasm)} MiB (${train.wasm.toFixed(2)} %)`);
  assert.equal(await epoch(), 1000);
  for (const [what, g] of [['race', race], ['trainer', train]]) {
    assert.ok(g.wasm <= 1, `${what}: wasm memory grew ${g.wasm.toFixed(2)} %`);
  }
  assert.ok(race.js <= 1, `race: JS heap grew ${race.js.toFixed(2)} %`);
  // The trainer's JS heap moves by tens of KB with V8's own caches (the same calls repeated
  // 8 000 times level off); a leak keeps something per epoch: allow less than 64 bytes each,
  // well under one retained epoch record (≈ 200 bytes of JS objects).
  const perEpoch = (trainAfter.js - trainBefore.js) / 1000;
  assert.ok(perEpoch < 64, `trainer: JS heap grew ${perEpoch.toFixed(0)} bytes per epoch (${train.js.toFixed(2)} %)`);
  assertNoErrors(errors);
  await context.close();
});

test('a Rust panic shows a readable banner, and "Reset scene" rebuilds the scene without a reload', async () => {
  const { page, errors, context } = await open(browser, '#scene=race&lr=0.02');
  await page.evaluate(() => { window.notReloaded = true; });
  await page.evaluate(async () => {
    const glue = await import(new URL('pkg/gradscope.js', location.href).href);
    setTimeout(() => glue.panicForTest()); // as if a scene's wasm call had panicked
  });
  const banner = page.getByRole('alert');
  await banner.filter({ hasText: 'deliberate panic' }).waitFor();
  assert.match(await banner.innerText(), /Something went wrong inside gradscope/);
  assert.ok(await page.locator('#scene').evaluate((node) => node.inert), 'the stopped scene is not operable');
  await page.getByRole('button', { name: 'Reset scene' }).click();
  await banner.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => window.notReloaded), true);
  await settled(page);
  assert.ok((await inkFraction(page, 'canvas.base')) > 0.5, 'the race is drawn again');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('r');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.locator('.status').innerText(), /^Step 1 of/);
  // The panic itself is logged (message and stack for developers); nothing else may be.
  const expected = (e) => /deliberate panic|unreachable|RuntimeError/.test(e);
  assert.ok(errors.some(expected), 'the panic is logged to the console');
  assertNoErrors(errors.filter((e) => !expected(e)));
  await context.close();
});

test('charts asked to draw on tiny canvases (hidden, mid-layout) stay blank without a CSP violation', async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  const failures = await page.evaluate(async () => {
    const glue = await import(new URL('pkg/gradscope.js', location.href).href);
    // The views with real data, computed here by the workers' objects.
    const trainer = glue.TrainerScene.fromHash('');
    const training = new glue.TrainerWorker(trainer.config());
    training.epoch();
    trainer.setScenery(training.scenery());
    trainer.setFrame(training.frame(true), training.pixels());
    training.free();
    const race = glue.RaceScene.fromHash('');
    const lab = glue.InitLabScene.fromHash('width=20&batch=20&dim=20');
    const computing = new glue.InitLabWorker();
    computing.wholeForward(lab.config());
    lab.setReport(computing.wholeGradients());
    computing.free();
    const draws = [[trainer, 'drawDecision'], [trainer, 'drawCurves'], [trainer, 'drawRatios'], [trainer, 'drawFractions'], [trainer, 'drawHistograms'],
      [race, 'drawSurface'], [race, 'drawPaths'], [race, 'drawLosses'], [lab, 'drawHistograms', false], [lab, 'drawStds'], [lab, 'drawActivation'], [lab, 'drawZeroCentered']];
    const failed = [];
    for (const [w, h] of [[1, 1], [60, 30], [20, 300], [300, 20], [150, 90], [175, 88], [240, 80], [400, 120]]) {
      for (const [scene, name, arg] of draws) {
        const canvas = Object.assign(document.createElement('canvas'), { width: w, height: h });
        try {
          scene[name](canvas, arg);
        } catch (err) {
          failed.push(`${name} ${w}×${h}: ${err.message}`);
        }
      }
    }
    for (const scene of [trainer, race, lab]) scene.free();
    return failed;
  });
  await page.waitForTimeout(200); // violations are reported asynchronously
  assert.deepEqual(failures, []);
  assertNoErrors(errors);
  await context.close();
});
