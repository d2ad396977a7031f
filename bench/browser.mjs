// The browser half of `cargo xtask bench`: gradscope's wasm, tfjs (wasm backend) and ConvNetJS,
// each timed in its own tab of one headless Debian Chromium; plus page load to data-ready.
// No server: every request to http://bench.local/ is answered from local files by page.route
// (www/ at the root, static/, the wasm-bindgen web-target package at /pkg/, this directory's
// node_modules for the peers); any other origin is refused.
// Usage: node bench/browser.mjs --pkg <wasm-bindgen --target web dir>
// Prints one JSON object on stdout; progress and page console output go to stderr.

import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './init_lab.mjs';

const { values } = parseArgs({ options: { pkg: { type: 'string' } } });
if (!values.pkg) {
  console.error('usage: node bench/browser.mjs --pkg <wasm-bindgen --target web dir>');
  process.exit(2);
}
const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const ORIGIN = 'http://bench.local';
/** URL path prefix → local directory; the first match wins, www/ takes the rest. */
const MOUNTS = [
  ['/pkg/', path.resolve(values.pkg)],
  ['/static/', path.join(REPO, 'static')],
  ['/node_modules/', path.join(BENCH, 'node_modules')],
  ['/bench/', BENCH],
  ['/', path.join(REPO, 'www')],
];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };
/** The peers' tab: a blank page that imports page.mjs. */
const BLANK = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title>';
/** Fresh loads of index.html timed to data-ready (median reported). */
const LOADS = 3;
/** A school laptop on a classroom link: the CPU 4× slower (DevTools' throttling) and every
 * file delayed as a 10 Mbit/s link with 40 ms latency would deliver it gzipped, as static hosts
 * serve it (the files are answered locally, so the delay is added here: latency + gzipped
 * size ÷ rate, no TCP slow start). */
const SCHOOL = { cpu: 4, latencyMs: 40, bitsPerSecond: 10e6 };

const log = (...args) => console.error('[bench]', ...args);

async function serve(route, slow) {
  const { pathname } = new URL(route.request().url()); // already normalized: no `..` left
  if (pathname === '/bench.html') return route.fulfill({ contentType: 'text/html', body: BLANK });
  const [prefix, dir] = MOUNTS.find(([p]) => pathname.startsWith(p));
  const file = path.join(dir, decodeURIComponent(pathname.slice(prefix.length)));
  try {
    const body = await readFile(file);
    if (slow) await new Promise((r) => setTimeout(r, SCHOOL.latencyMs + (gzipSync(body).length * 8 * 1000) / SCHOOL.bitsPerSecond));
    return route.fulfill({ body, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  } catch {
    log(`404 ${pathname}`);
    return route.fulfill({ status: 404, body: 'not found' });
  }
}

/** A fresh context (empty cache) whose only reachable origin is the local files; `slow`: the
 * school laptop's link and (in its pages) CPU. */
async function newContext(browser, slow = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  await context.route('**/*', (route) => route.abort()); // registered first = tried last
  await context.route(`${ORIGIN}/**`, (route) => serve(route, slow));
  context.slow = slow;
  return context;
}

async function newPage(context, url) {
  const page = await context.newPage();
  page.on('console', (msg) => log(`console.${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => log(`pageerror: ${err.message}`));
  if (context.slow) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: SCHOOL.cpu });
  await page.goto(url);
  return page;
}

/** Every scene the page's tabs offer (its registry), in tab order. */
async function sceneIds(browser) {
  const context = await newContext(browser);
  const page = await newPage(context, `${ORIGIN}/index.html`);
  await page.locator('[role="tab"]').first().waitFor();
  const ids = await page.evaluate(() => [...document.querySelectorAll('[role="tab"]')].map((t) => t.dataset.scene));
  await context.close();
  return ids;
}

/** On the school laptop, per scene, ms from navigation (a fresh context, empty cache) until
 * its first figure has ink (`first`: something to look at) and until no computation is
 * outstanding (`all`: every result in). */
async function schoolSceneReadyMs(browser, scenes) {
  const times = {};
  for (const scene of scenes) {
    const context = await newContext(browser, true);
    const page = await newPage(context, `${ORIGIN}/index.html#scene=${scene}`);
    const inked = await page.waitForFunction(() => {
      if (document.documentElement.dataset.ready !== 'true') return false;
      // A 16×16 grid of samples per visible canvas: any non-white pixel is ink.
      const ink = [...document.querySelectorAll('#scene canvas')].some((c) => {
        if (!c.offsetParent || c.width < 16 || c.height < 16) return false;
        const ctx = c.getContext('2d');
        for (let i = 1; i < 16; i += 1) {
          for (let j = 1; j < 16; j += 1) {
            const [r, g, b, a] = ctx.getImageData(Math.floor((i * c.width) / 16), Math.floor((j * c.height) / 16), 1, 1).data;
            if (a > 0 && (r < 200 || g < 200 || b < 200)) return true;
          }
        }
        return false;
      });
      return ink && performance.now();
    }, null, { timeout: 120000, polling: 100 });
    const first = await inked.jsonValue();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-computing]')].every((n) => n.dataset.computing === 'false'), null, { timeout: 180000, polling: 100 });
    times[scene] = { first: Math.round(first), all: Math.round(await page.evaluate(() => performance.now())) };
    await context.close();
  }
  return times;
}

/** ms from navigation start until the page sets data-ready (recorded by the page itself, so
 * the polling interval of waitForFunction does not count). */
async function dataReadyMs(browser) {
  const context = await newContext(browser);
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.documentElement?.dataset.ready === 'true') {
        window.benchReadyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
  });
  const page = await newPage(context, `${ORIGIN}/index.html`);
  const ready = await page.waitForFunction(() => window.benchReadyAt, null, { timeout: 60000, polling: 100 });
  const ms = await ready.jsonValue();
  await context.close();
  return ms;
}

/** The longest main-thread task (PerformanceObserver 'longtask', ms) while a class would
 * interact, by kind: `slider` while sliders move (the lecture-size init lab's bias, the
 * trainer's learning rate while it trains, the race's learning rate, the preprocessing stage
 * animation) and `switch` for switching scenes, selects and datasets (a scene's first draw,
 * the digits' PCA); `all` is the longer. */
async function longestTaskMs(browser, slow = false) {
  const context = await newContext(browser, slow);
  const page = await newPage(context, `${ORIGIN}/index.html#scene=init`);
  const settled = () => page.waitForFunction(() => document.documentElement.dataset.ready === 'true'
    && [...document.querySelectorAll('[data-computing]')].every((n) => n.dataset.computing === 'false'), null, { timeout: 120000, polling: 50 });
  await settled();
  await page.evaluate(() => {
    window.benchKind = 'switch';
    window.longTasks = { slider: 0, switch: 0 };
    new PerformanceObserver((list) => list.getEntries().forEach((e) => {
      window.longTasks[window.benchKind] = Math.max(window.longTasks[window.benchKind], e.duration);
    })).observe({ type: 'longtask' });
  });
  const kind = (k) => page.evaluate((k) => { window.benchKind = k; }, k);
  await kind('slider');
  for (const v of ['0.5', '1', '-1', '2', '0']) await page.fill('#init-bias', v);
  await settled();
  await kind('switch');
  await page.selectOption('#init-activation', 'relu');
  await page.selectOption('#init-init', 'he');
  await settled();
  await page.click('#tab-train');
  await settled();
  await page.click('.controls .buttons button'); // Train
  await page.waitForTimeout(300);
  await kind('slider');
  for (const v of ['0.02', '0.05', '0.01']) await page.fill('#train-lr', v);
  await page.waitForTimeout(1500);
  await kind('switch');
  await page.click('#tab-race');
  await page.waitForTimeout(300);
  await kind('slider');
  for (const v of ['0.2', '0.4', '0.6']) await page.fill('#race-lr', v);
  await page.waitForTimeout(300);
  await kind('switch');
  await page.selectOption('#race-surface', 'rosenbrock');
  await page.waitForTimeout(300);
  await page.click('#tab-preprocess'); // the stage animation, then the digits' PCA
  await settled();
  await kind('slider');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await page.waitForTimeout(1200);
  await kind('switch');
  await page.selectOption('#pre-dataset', 'digits');
  await settled();
  const { slider, switch: switching } = await page.evaluate(() => window.longTasks);
  await context.close();
  return { all: Math.round(Math.max(slider, switching)), slider: Math.round(slider), switch: Math.round(switching) };
}

/** Run page.mjs's export `name` in a fresh blank tab. */
async function inTab(browser, name) {
  log(`${name}…`);
  const context = await newContext(browser);
  const page = await newPage(context, `${ORIGIN}/bench.html`);
  const result = await page.evaluate(async (fn) => (await import('/bench/page.mjs'))[fn](), name);
  await context.close();
  return result;
}

// Same flags as the e2e tests (tests/e2e/helpers.mjs): Debian's Chromium, no browser download.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
try {
  const gradscope = await inTab(browser, 'gradscope');
  log('page loads…');
  const loads = [];
  for (let i = 0; i < LOADS; i += 1) loads.push(await dataReadyMs(browser));
  gradscope.data_ready_ms = Math.round(median(loads));
  log('long tasks during interactions…');
  gradscope.longest_task_ms = (await longestTaskMs(browser)).all;
  log('the school laptop: every scene ready, long tasks…');
  gradscope.school_ready_ms = await schoolSceneReadyMs(browser, await sceneIds(browser));
  gradscope.school_longest_task_ms = await longestTaskMs(browser, true);
  const result = {
    gradscope,
    tfjs_wasm: await inTab(browser, 'tfjsWasm'),
    convnetjs: await inTab(browser, 'convnet'),
    chromium: browser.version(),
  };
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
