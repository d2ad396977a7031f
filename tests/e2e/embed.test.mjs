// ?embed=1: a scene in an 800×500 frame of someone else's page (slides, a course page): no top
// bar or tabs, the first figure whole, the workers computing inside the frame, hide= obeyed,
// and the frame takes the keyboard only once clicked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE_URL, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A host page with the scene `link` in an 800×500 iframe; returns the page and the frame. */
async function host(link) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  const src = new URL(link, BASE_URL).href;
  await page.setContent(`<h1>Lecture slides</h1><iframe src="${src}" width="800" height="500" style="border:0"></iframe>`);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60000, polling: 200 });
  await frame.waitForFunction(() => [...document.querySelectorAll('[data-computing]')].every((n) => n.dataset.computing === 'false'), null, { timeout: 60000, polling: 100 });
  return { context, page, frame, errors };
}

/** Boxes of the visible elements matching `selector` in the frame. */
const boxes = (frame, selector) => frame.locator(selector).evaluateAll((nodes) => nodes
  .filter((n) => n.getClientRects().length && getComputedStyle(n).visibility !== 'hidden')
  .map((n) => n.getBoundingClientRect().toJSON()));

for (const [scene, link, figure] of [
  ['race', '?embed=1#scene=race', "canvas[data-i18n-aria='race.surface_alt']"],
  ['init', '?embed=1#scene=init&hide=act', "canvas[data-i18n-aria='init.act_hist_alt']"],
]) {
  test(`embed=1 at 800×500 (${scene}): no tabs, the first figure whole, the workers answer`, async () => {
    const { context, page, frame, errors } = await host(link);
    assert.deepEqual(await boxes(frame, '[role="tab"], header.top'), [], 'no top bar, no tabs');
    const [first] = await boxes(frame, figure);
    assert.ok(first, `${figure} is shown`);
    assert.ok(first.x >= 0 && first.y >= 0 && first.right <= 800 && first.bottom <= 500, `the first figure whole: ${JSON.stringify(first)}`);
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'BODY', 'the frame does not take the keyboard on its own');
    if (scene === 'init') {
      const std = await frame.evaluate(() => parseFloat(document.querySelector('.layer-table tbody tr').querySelectorAll('td')[1].textContent));
      assert.ok(Math.abs(std - 0.213) < 5e-4, `the workers computed layer 1: ${std}`);
      await frame.locator('#controls-toggle').click();
      assert.equal(await frame.getByLabel('Activation function', { exact: true }).isVisible(), false, 'hide=act hides the activation control');
      await frame.getByLabel('Weight initialization', { exact: true }).waitFor({ state: 'visible' }); // the other controls are in the drawer
    }
    await screenshot(page, `embed-${scene}-800x500`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
