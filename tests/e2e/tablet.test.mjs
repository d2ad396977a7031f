// A 768-px-wide tablet with touch: every scene fits the width (no sideways scrolling), and a
// tap on the race surface moves the start point.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, hashParams } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const scene of ['race', 'init&width=100&batch=200&dim=100', 'train', 'preprocess', 'search', 'regularize&epochs=20', 'landscape']) {
  test(`#scene=${scene} fits a 768×1024 tablet without sideways scrolling`, async () => {
    const { page, errors, context } = await open(browser, `#scene=${scene}`, { width: 768, height: 1024, touch: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await screenshot(page, `tablet-${scene.split('&')[0]}-768x1024`);
    assertNoErrors(errors);
    await context.close();
  });
}

test('a tap on the race surface sets the start point', async () => {
  const { page, errors, context } = await open(browser, '#scene=race', { width: 768, height: 1024, touch: true });
  await page.locator('canvas.overlay').scrollIntoViewIfNeeded();
  const box = await page.locator('canvas.overlay').boundingBox();
  await page.touchscreen.tap(box.x + box.width * 0.75, box.y + box.height * 0.25);
  const params = await hashParams(page);
  assert.ok(Number(params.x0) > 0 && Number(params.y0) > 0, `start ${params.x0}, ${params.y0}`);
  assertNoErrors(errors);
  await context.close();
});
