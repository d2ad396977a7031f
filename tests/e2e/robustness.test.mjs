// Robustness in the browser: a seeded fuzz of controls, shortcuts and links on every scene;
// flat memory over long runs; and a Rust panic shown in the banner with "Reset scene".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, inkFraction, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const FUZZ_SEED = Number(process.env.GRADSCOPE_FUZZ_SEED ?? 20261127);
// The init lab gets fewer: a refused link falls back to the lecture size, about 1 s a run.
const ACTIONS = { race: 900, init: 250, train: 900, preprocess: 300, search: 200, regularize: 150, landscape: 100 };
const CHUNK = 50;

/** Each scene's hash keys, as the Rust codecs read them (crate/src/scene/*_hash.rs). */
const HASH_KEYS = {
  race: ['surf', 'kappa', 'opt', 'lr', 'lro', 'mom', 'b1', 'b2', 'eps', 'rho', 'alpha', 'wd', 'bc', 'mdecay', 'noise', 'sched', 'steps', 'seed', 'x0', 'y0', 'look'],
  init: ['act', 'init', 'std', 'layers', 'width', 'batch', 'dim', 'bn', 'ln', 'res', 'warm', 'bias', 'slope', 'bins', 'seed'],
  preprocess: ['ds', 'seed', 'st', 'k', 'digit'],
  search: ['ds', 'n', 'layers', 'width', 'act', 'opt', 'lr', 'ep', 'strat', 'trials', 'p', 'seed'],
  regularize: ['ds', 'n', 'noise', 'layers', 'width', 'act', 'lr', 'ep', 'batch', 'seed', 'l2', 'drop', 'dc', 'aug', 'sd', 'es', 'k', 'cycles', 'm', 'raw'],
  landscape: ['ds', 'n', 'noise', 'layers', 'width', 'act', 'opt', 'lr', 'ep', 'batch', 'seed', 'grid', 'nets', 'layer', 'plane'],
  train: ['ds', 'k', 'n', 'noise', 'val', 'prep', 'layers', 'width', 'act', 'init', 'std', 'bn', 'ln', 'drop', 'l2', 'dc', 'res', 'sd', 'aug', 'es', 'opt', 'lr', 'mom', 'b1', 'b2', 'eps', 'rho', 'alpha', 'wd', 'mdecay', 'bc', 'sched', 'batch', 'epochs', 'seed', 'tiny'],
};

/**
 * Runs inside the page: `count` random actions drawn from a seeded generator. Returns what it
 * did and every hash whose refusal banner did not name one of the keys it set.
 */
async function fuzzInPage({ seed, count, sceneId, keys }) {
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
  const GARBAGE = ['', 'NaN', 'Infinity', '-Infinity', '-1', '0', '1e308', '-1e-320', '1e999', 'abc', '0x10', ' 3 ',
    '<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', '%E2%80%AE', '💥', 'a'.repeat(300), 'true', 'sgd,adam,,nope'];
  // Network sizes stay small in the browser (the lecture size takes a second per change);
  // huge and degenerate sizes are covered natively by crate/tests/no_panic.rs.
  const SIZE_CONTROLS = /-(layers|width|batch|dim|points|steps|n|ep|grid)$/;
  const SMALL_INIT = 'layers=6&width=40&batch=40&dim=40'; // the fuzzed keys that follow win
  const SIZE_KEYS = new Set(['layers', 'width', 'batch', 'dim', 'n', 'steps', 'epochs', 'ep', 'grid']);
  const value = (key) => {
    const kind = rand();
    if (kind < 0.35) return pick(GARBAGE);
    if (SIZE_KEYS.has(key)) return String(1 + Math.floor(rand() * 40));
    if (kind < 0.7) return String(Number((rand() < 0.5 ? -1 : 1) * logUniform(1e-12, 1e6)).toPrecision(3));
    return pick(['sgd', 'adam', 'momentum', 'tanh', 'relu', 'sigmoid', 'xavier', 'he', 'small', 'custom', 'spiral', 'digits',
      'rosenbrock', 'saddle', 'quadratic', 'step', 'cosine', '0', '1', '0.5']);
  };
  const visible = (node) => node.offsetParent !== null && !node.disabled;
  const done = { control: 0, click: 0, key: 0, hash: 0 };
  const unexplained = [];
  for (let i = 0; i < count; i += 1) {
    const roll = rand();
    if (roll < 0.55) {
      const inputs = [...document.querySelectorAll('#scene input, #scene select')].filter(visible);
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
    } else if (roll < 0.7) {
      // Any button in the scene except the exports (they start downloads, tested in export.test).
      const buttons = [...document.querySelectorAll('#scene button, #scene summary')].filter((b) => visible(b) && !b.closest('.export'));
      if (!buttons.length) continue;
      pick(buttons).click();
      done.click += 1;
    } else if (roll < 0.85) {
      const key = pick([' ', 'ArrowRight', 'r', '[', ']', 'b', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'p']);
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      done.key += 1;
    } else {
      const set = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(keys));
      const hash = `scene=${sceneId}&${sceneId === 'init' ? `${SMALL_INIT}&` : ''}${set.map((k) => `${k}=${encodeURIComponent(value(k))}`).join('&')}`;
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
      const banner = document.getElementById('banner');
      const explained = () => banner.hidden || set.some((k) => document.getElementById('banner-text').textContent.includes(k));
      for (let waited = 0; !explained() && waited < 2000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const text = document.getElementById('banner-text').textContent;
      if (!explained()) unexplained.push({ hash, text, now: location.hash });
      done.hash += 1;
    }
  }
  document.documentElement.classList.remove('presenter');
  return { done, unexplained };
}

const TOTAL_ACTIONS = Object.values(ACTIONS).reduce((a, b) => a + b, 0);

test(`fuzz: ${TOTAL_ACTIONS} seeded random control changes, shortcuts and links on every scene (seed ${FUZZ_SEED})`, async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  const totals = { control: 0, click: 0, key: 0, hash: 0 };
  const unexplained = [];
  for (const [s, sceneId] of Object.keys(ACTIONS).entries()) {
    await page.evaluate((id) => { location.hash = `scene=${id}${id === 'init' ? '&layers=6&width=40&batch=40&dim=40' : ''}`; }, sceneId);
    await page.locator(`#tab-${sceneId}[aria-selected="true"]`).waitFor();
    for (let done = 0; done < ACTIONS[sceneId]; done += CHUNK) {
      const seed = FUZZ_SEED + 1000 * s + done;
      const result = await page.evaluate(fuzzInPage, { seed, count: CHUNK, sceneId, keys: HASH_KEYS[sceneId] });
      for (const k of Object.keys(totals)) totals[k] += result.done[k];
      unexplained.push(...result.unexplained.map((u) => ({ ...u, seed })));
      // Let frames run (playback, deferred gradients), then check the page still answers and draws.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20))));
      assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'true');
      assert.ok((await page.locator('#scene canvas').count()) > 0, `no canvas after seed ${seed}`);
      assertNoErrors(errors.map((e) => `${e} (chunk seed ${seed})`));
    }
  }
  const total = Object.values(totals).reduce((a, b) => a + b, 0);
  console.log(`fuzz actions: ${JSON.stringify(totals)} = ${total}`);
  assert.ok(total >= 2000, `only ${total} actions ran`);
  assert.deepEqual(unexplained.slice(0, 5), [], 'a refused link must name the refused key in the banner');
  // After all that, a clean link still draws the default race.
  await page.evaluate(() => { location.hash = 'scene=race'; });
  await page.locator('#tab-race[aria-selected="true"]').waitFor();
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
