// Shared e2e plumbing: Debian's Chromium through playwright-core, a page that records every
// console error and uncaught exception, and screenshots under target/screenshots/.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

export const BASE_URL = process.env.GRADSCOPE_URL ?? 'http://127.0.0.1:8080/';
const SHOTS = process.env.GRADSCOPE_SCREENSHOTS ?? path.resolve('..', 'target', 'screenshots');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/**
 * Open `hashAndQuery` (e.g. `?lang=ko#scene=race`) against `base` and wait until the page says
 * it is ready. `offline` cuts the network: every request but file:, data: and blob: is aborted
 * (and so recorded as an error); `reducedMotion: 'reduce'` is the system's reduce-motion setting.
 * `requests` lists every URL the page asked for.
 */
export async function open(browser, hashAndQuery = '', { width = 1280, height = 800, locale = 'en-US', bypassCSP = false, base = BASE_URL, offline = false, touch = false, reducedMotion = 'no-preference' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, bypassCSP, offline, hasTouch: touch, isMobile: false, reducedMotion });
  if (offline) {
    await context.route('**/*', (route) => (/^(file|data|blob):/.test(route.request().url()) ? route.continue() : route.abort()));
  }
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  const answered = new Set();
  page.on('request', (req) => requests.push(req.url()));
  page.on('requestfinished', (req) => answered.add(req.url()));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()}`));
  // Generous timeouts: a cold Chromium on a busy 2-core CI machine can take a while to start.
  await page.goto(new URL(hashAndQuery, base).href, { waitUntil: 'commit', timeout: 90000 });
  // Poll on a timer: animation-frame polling stalls while a fresh headless tab is not yet shown.
  const ready = () => page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 45000, polling: 200 });
  try {
    await ready();
  } catch (err) {
    // A cold Chromium on a loaded CI machine has once left its very first page unready; say so
    // loudly and reload once rather than fail every later check on a start-up stall.
    const pending = requests.filter((url) => !answered.has(url));
    console.warn(`page not ready after 45 s (${err.message.split('\n')[0]}); errors so far: ${errors.join(' | ') || 'none'}; unanswered: ${pending.join(' ') || 'none'}; reloading once`);
    await page.reload({ waitUntil: 'commit', timeout: 90000 });
    // The reload cancels the stalled request; only what the reloaded page logs counts.
    errors.length = 0;
    await ready();
  }
  await settled(page); // the scene's first results and drawings are in
  return { page, context, errors, requests };
}

/** Wait until the mounted scene has every answer it asked its workers for (`data-computing`). */
export async function settled(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('[data-computing]')].every((n) => n.dataset.computing === 'false'), null, { timeout: 60000, polling: 50 });
}

export function assertNoErrors(errors) {
  assert.deepEqual(errors, [], `the page logged errors:\n${errors.join('\n')}`);
}

export async function screenshot(page, name, { fullPage = false } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** A cheap checksum of a canvas's pixels (to compare pictures across pages and changes). */
export async function canvasChecksum(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    let hash = 2166136261;
    for (let i = 0; i < data.length; i += 1) hash = Math.imul(hash ^ data[i], 16777619) >>> 0;
    return `${width}x${height}:${hash}`;
  });
}

/** Share of pixels of a canvas that are not fully transparent and not white. */
export async function inkFraction(page, selector) {
  return page.$eval(selector, (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && !(data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245)) ink += 1;
    }
    return ink / (data.length / 4);
  });
}

/** Current URL hash parsed into an object (after the page's hash-write throttle, 150 ms). */
export async function hashParams(page) {
  await page.waitForTimeout(200);
  const hash = await page.evaluate(() => location.hash.slice(1));
  return Object.fromEntries(new URLSearchParams(hash));
}

/** The scenes the page has, from its tabs (the registry's order): a test over every scene
 * takes a new scene without a line of its own. */
export async function sceneIds() {
  const browser = await launch();
  try {
    const { page, context } = await open(browser, '');
    const ids = await page.evaluate(() => [...document.querySelectorAll('[role="tab"]')].map((t) => t.dataset.scene));
    await context.close();
    return ids;
  } finally {
    await browser.close();
  }
}
