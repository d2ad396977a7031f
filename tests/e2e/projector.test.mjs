// Projector fit: every scene in presenter mode at 1366×768, 1280×720, 1024×768 and 1920×1080
// shows its main figure and primary chart whole inside the viewport without scrolling, and at
// 1920×1080 their chart text is at least 18 CSS px (measured on every fillText the charts make);
// presenter mode is the projector view (no export, timings or controls until the drawer opens;
// no visible chart blank); the top bar is one slim row; the lecture path shows its caption and
// the figure of every step at 1366×768, 1024×768 and 1920×1080. Screenshots of each.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const VIEWPORTS = [[1366, 768], [1280, 720], [1024, 768], [1920, 1080]];
const alt = (key) => `canvas[data-i18n-aria='${key}']`;
/** Each scene's main figure and primary chart (and the race's legend). */
const SCENES = [
  ['race', 'scene=race', [alt('race.surface_alt'), alt('race.loss_alt'), '#scene .legend-table']],
  ['init', 'scene=init&width=100&batch=200&dim=100', [alt('init.act_hist_alt'), alt('init.std_alt')]],
  ['train', 'scene=train', [alt('train.decision_alt'), alt('train.curves_alt')]],
  ['digits', 'scene=train&ds=digits&layers=1&width=32&epochs=3', [alt('train.digits_alt'), alt('train.curves_alt')]],
  ['preprocess', 'scene=preprocess&st=1', [alt('preprocess.cloud_alt'), alt('preprocess.fit_alt')]],
  ['search', 'scene=search&trials=6&epochs=2', [`${alt('search.scatter_alt')} >> nth=0`, `${alt('search.marginals_alt')} >> nth=0`]],
  ['regularize', 'scene=regularize&epochs=10&m=none,dropout,early', [alt('reg.boundaries_alt'), alt('reg.gaps_alt')]],
  ['landscape', 'scene=landscape&grid=11&epochs=5', [alt('land.slices_alt'), alt('land.lines_alt')]],
  ['lecture', 'lecture=6&step=19', ['#lecture-bar', alt('init.act_hist_alt')]],
];

/** Record, per canvas, the smallest font (CSS px) any text drawn on it used. */
function recordFonts() {
  const original = CanvasRenderingContext2D.prototype.fillText;
  globalThis.chartFonts = new Map();
  CanvasRenderingContext2D.prototype.fillText = function fillText(...args) {
    const px = Number(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1]);
    const c = this.canvas;
    if (c.isConnected && px && c.width) {
      const css = (px * c.clientWidth) / c.width;
      globalThis.chartFonts.set(c, Math.min(globalThis.chartFonts.get(c) ?? Infinity, css));
    }
    return original.apply(this, args);
  };
}

for (const [width, height] of VIEWPORTS) {
  test(`presenter mode at ${width}×${height}: every scene's main pair is on screen`, async () => {
    const { page, errors, context } = await open(browser, '#scene=race', { width, height });
    await page.addInitScript(recordFonts);
    await page.evaluate(recordFonts);
    await page.keyboard.press('p');
    const problems = [];
    for (const [name, hash, selectors] of SCENES) {
      await page.evaluate((h) => { location.hash = h; }, `#${hash}`);
      await page.waitForFunction((h) => location.hash.startsWith(`#${h.split('&')[0]}`), hash);
      await settled(page);
      if (name === 'lecture') await page.keyboard.press('PageDown'); // the step asks first: reveal its figure
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.evaluate(() => window.dispatchEvent(new Event('resize'))); // redraw: the fonts are recorded
      await page.waitForTimeout(300);
      await settled(page);
      const clutter = await page.$$eval('.export, .timing, .controls, details.notes', (nodes) => nodes
        .filter((n) => n.getClientRects().length && getComputedStyle(n).visibility !== 'hidden').map((n) => n.className));
      if (clutter.length) problems.push(`${name}: the class sees ${clutter.join(', ')}`);
      const blank = await page.$$eval('#scene .stage canvas', (canvases) => canvases
        .filter((c) => c.getClientRects().length && c.width > 1 && c.height > 1)
        .filter((c) => {
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return false;
          return true;
        })
        .map((c) => c.getAttribute('aria-label')?.slice(0, 40)));
      if (blank.length) problems.push(`${name}: blank figures shown: ${blank.join(' | ')}`);
      for (const selector of selectors) {
        const box = await page.locator(selector).first().boundingBox();
        if (!box) {
          problems.push(`${name}: ${selector} is not shown`);
          continue;
        }
        const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5;
        if (!inside) problems.push(`${name}: ${selector} at ${JSON.stringify(box)} leaves ${width}×${height}`);
        if (width === 1920 && selector.startsWith('canvas')) {
          const font = await page.locator(selector).first().evaluate((c) => globalThis.chartFonts.get(c) ?? null);
          if (font !== null && font < 18) problems.push(`${name}: ${selector} draws ${font.toFixed(1)} px text`);
        }
      }
      await screenshot(page, `fit-${name}-${width}x${height}`);
    }
    assert.deepEqual(problems, []);
    assertNoErrors(errors);
    await context.close();
  });
}

/** The figure a lecture step shows, by scene: every visible match must be on screen. */
const STEP_FIGURES = {
  race: [alt('race.surface_alt'), alt('race.loss_alt'), '#scene .legend-table'],
  init: [alt('init.act_hist_alt'), alt('init.std_alt')],
  train: [`${alt('train.decision_alt')}, ${alt('train.digits_alt')}`, alt('train.curves_alt')],
  preprocess: [`${alt('preprocess.cloud_alt')}, ${alt('preprocess.summary_alt')}`, `${alt('preprocess.fit_alt')}, ${alt('preprocess.rebuild_alt')}`], // planar, or images
  search: [alt('search.scatter_alt')], // one per strategy: random and grid side by side
  regularize: [alt('reg.boundaries_alt'), alt('reg.gaps_alt')],
  landscape: [alt('land.slices_alt'), alt('land.lines_alt')],
};

for (const [width, height] of [[1366, 768], [1024, 768], [1920, 1080]]) {
  test(`presenter mode at ${width}×${height}: every lecture step shows its caption and its figure`, async () => {
    const { page, errors, context } = await open(browser, '#scene=race', { width, height });
    await page.keyboard.press('p');
    const steps = await page.evaluate(async () => (await import('/pkg/gradscope.js')).lecturePath().steps);
    const problems = [];
    const within = {};
    for (const step of steps) {
      within[step.lecture] = (within[step.lecture] ?? 0) + 1;
      const hash = `#lecture=${step.lecture}&step=${within[step.lecture]}`;
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForFunction((id) => document.getElementById('lecture-bar').dataset.step === id, step.id);
      await settled(page);
      if (step.question) await page.keyboard.press('PageDown');
      await page.waitForTimeout(200); // the step's scroll (to its focus, or the top) is in
      for (const selector of ['#lecture-bar', ...(step.focus ? [step.focus] : STEP_FIGURES[step.scene])]) {
        const boxes = await page.locator(selector).evaluateAll((nodes) => nodes
          .filter((n) => n.getClientRects().length && getComputedStyle(n).visibility !== 'hidden')
          .map((n) => n.getBoundingClientRect().toJSON()));
        if (!boxes.length) problems.push(`${hash} (${step.id}): ${selector} is not shown`);
        for (const b of boxes) {
          if (b.x < 0 || b.y < 0 || b.right > width + 0.5 || b.bottom > height + 0.5) problems.push(`${hash} (${step.id}): ${selector} at ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`);
        }
      }
      if (['zigzag', 'saddle', 'mean_image', 'random_vs_grid', 'fractional_pooling'].includes(step.id)) await screenshot(page, `fit-lecture-${step.id}-${width}x${height}`);
    }
    assert.deepEqual(problems, []);
    assertNoErrors(errors);
    await context.close();
  });
}

for (const lang of ['en', 'ko']) {
  test(`the top bar is one row of at most 64 px at 1366 wide and the scene starts within 92 px (${lang})`, async () => {
    const { page, errors, context } = await open(browser, `?lang=${lang}#scene=race`, { width: 1366, height: 768 });
    const bar = await page.locator('header.top').boundingBox();
    assert.ok(bar.height <= 64, `the top bar is ${bar.height} px high`);
    const tabs = await page.$$eval('[role="tab"]', (nodes) => nodes.map((n) => n.getBoundingClientRect().top));
    assert.equal(new Set(tabs.map(Math.round)).size, 1, `the tabs sit in one row: ${tabs}`);
    const content = await page.locator('#scene .scene-grid').boundingBox();
    assert.ok(content.y <= 92, `the scene starts at ${content.y} px`);
    const overflow = await page.$eval('.tabs', (n) => n.scrollWidth - n.clientWidth);
    assert.equal(overflow, 0, 'every tab is visible without scrolling the row');
    await screenshot(page, `topbar-1366x768-${lang}`);
    assertNoErrors(errors);
    await context.close();
  });
}
