// The hyperparameter-search scene: a 16-trial search fills in live (watched as it runs), the
// trials' scatter is on screen, a dragged region starts a finer search inside it, a trial opens
// in the trainer with its parameters, grid vs random shows 3 against 9 distinct rates, the
// learning-rate finder suggests a range, a bad range is refused; one worker and several give the
// same table. Screenshots in both languages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, inkFraction, hashParams, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const UNTRANSLATED = /\b(app|scene|search|search_preset|chart|dataset|error|refusal)\.[a-z_0-9]+\b/;
const SCATTER = 'canvas.search-scatter >> nth=0';

/** The table's rows as text cells (sorted as shown). */
const rows = (page) => page.$$eval('.search-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));

for (const lang of ['en', 'ko']) {
  test(`a 16-trial search fills in live and its trials are on screen (${lang}, 1366×768)`, async () => {
    const { page, errors, context } = await open(browser, `?lang=${lang}#scene=search&trials=16&epochs=8&n=600`, { width: 1366, height: 768 });
    await settled(page);
    // Run it again, recording every count of finished trials the page shows while it runs.
    await page.evaluate(() => {
      const stage = document.querySelector('.search-stage');
      window.seenDone = [];
      new MutationObserver(() => window.seenDone.push(Number(stage.dataset.done))).observe(stage, { attributes: true, attributeFilter: ['data-done'] });
    });
    await page.locator('.controls button.primary').first().click();
    await settled(page);
    const seen = await page.evaluate(() => window.seenDone);
    const between = [...new Set(seen.filter((n) => n > 0 && n < 16))];
    assert.ok(between.length >= 2, `trials appear one by one, not all at the end: ${seen}`);
    assert.ok(seen.every((n, i) => i === 0 || n >= seen[i - 1]), `counts only grow: ${seen}`);
    assert.equal(seen.at(-1), 16);
    assert.match(await page.locator('.search-stage .readout').innerText(), /16 \/ 16/);
    assert.equal((await rows(page)).length, 16);
    const box = await page.locator(SCATTER).boundingBox();
    assert.ok(box.y + box.height <= 768, `the trials' scatter ends at ${box.y + box.height}px`);
    assert.ok(await inkFraction(page, SCATTER) > 0.02, 'the scatter is drawn');
    assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
    await screenshot(page, `search-1366x768-${lang}`);
    await page.getByRole('button', { name: lang === 'en' ? 'Find a learning rate' : '학습률 찾기' }).click();
    await page.waitForFunction(() => document.querySelector('.search-stage').dataset.sweep === 'done', null, { timeout: 60000 });
    assert.ok(await inkFraction(page, '.search-finder canvas >> nth=1') > 0.01, 'the fixed-rate curves are drawn');
    await screenshot(page, `search-1366x768-${lang}-full`, { fullPage: true });
    assertNoErrors(errors);
    await context.close();
  });
}

test('dragging a region searches it finer; clicking a row opens that trial in the trainer', async () => {
  const { page, errors, context } = await open(browser, '#scene=search&trials=16&epochs=3', { width: 1366, height: 768 });
  await settled(page);
  const box = await page.locator(SCATTER).boundingBox();
  // The middle of the plot: x from 35 % to 65 %, y from 30 % to 60 % of the canvas.
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.45, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.65, box.y + box.height * 0.6, { steps: 4 });
  await page.mouse.up();
  await settled(page);
  const [lr, l2] = (await hashParams(page)).p.split(',').map((r) => r.split(':'));
  assert.equal(lr[0], 'lr');
  assert.ok(Number(lr[1]) > 1e-4 && Number(lr[2]) < 1 && Number(lr[1]) < Number(lr[2]), `a narrower lr range: ${lr}`);
  assert.ok(Number(l2[1]) > 1e-6 && Number(l2[2]) < 0.1, `a narrower l2 range: ${l2}`);
  const table = await rows(page);
  assert.equal(table.length, 16);
  for (const [lrText, l2Text] of table) {
    assert.ok(Number(lrText) >= Number(lr[1]) * 0.999 && Number(lrText) <= Number(lr[2]) * 1.001, `${lrText} inside ${lr}`);
    assert.ok(Number(l2Text) >= Number(l2[1]) * 0.999 && Number(l2Text) <= Number(l2[2]) * 1.001, `${l2Text} inside ${l2}`);
  }
  // The best row (sorted by validation accuracy) opens in the trainer with its parameters.
  const href = await page.locator('.search-table tbody tr >> nth=0 >> a').getAttribute('href');
  await page.locator('.search-table tbody tr >> nth=0 >> a').click();
  await page.locator('#tab-train[aria-selected="true"]').waitFor();
  await settled(page);
  const trainer = await hashParams(page);
  const link = Object.fromEntries(new URLSearchParams(href.slice(1)));
  assert.equal(trainer.lr, link.lr);
  assert.equal(trainer.l2, link.l2);
  assert.ok(Math.abs(Number(trainer.lr) / Number(table[0][0]) - 1) < 0.01, `${trainer.lr} is the row's ${table[0][0]}`);
  assertNoErrors(errors);
  await context.close();
});

test('grid vs random on the same budget: the grid tries 3 rates, random search 9', async () => {
  const { page, errors, context } = await open(browser, '#scene=search&epochs=3', { width: 1366, height: 768 });
  await settled(page);
  await page.getByRole('button', { name: 'Grid vs random, 9 trials each' }).click();
  await settled(page);
  assert.equal(await page.locator('.search-scatters .zoomable:not([hidden])').count(), 2);
  const table = await rows(page);
  assert.equal(table.length, 18);
  const distinct = (strategy) => new Set(table.filter((r) => r[0] === strategy).map((r) => r[1])).size;
  assert.equal(distinct('Grid'), 3);
  assert.equal(distinct('Random'), 9);
  await screenshot(page, 'search-grid-vs-random-1366x768');
  assertNoErrors(errors);
  await context.close();
});

test('a low bound above the high one is refused by name and the last search stays', async () => {
  const { page, errors, context } = await open(browser, '#scene=search&epochs=2&trials=4', { width: 1366, height: 768 });
  await settled(page);
  const before = await hashParams(page);
  await page.locator('.param-row >> nth=0 >> input.bound >> nth=0').fill('5');
  await page.locator('.param-row >> nth=0 >> input.bound >> nth=0').dispatchEvent('change');
  await page.locator('#banner:not([hidden])').waitFor();
  assert.match(await page.locator('#banner-text').innerText(), /param/);
  assert.deepEqual(await hashParams(page), before);
  assert.equal(await page.locator('.param-row >> nth=0 >> input.bound >> nth=0').inputValue(), '1e-4', 'the last good bound is shown again');
  assertNoErrors(errors);
  await context.close();
});

test('one worker and several give the same trials', async () => {
  const tables = [];
  for (const query of ['?workers=1', '']) {
    const { page, errors, context } = await open(browser, `${query}#scene=search&trials=8&epochs=3`, { width: 1366, height: 768 });
    await settled(page);
    tables.push(await rows(page));
    assertNoErrors(errors);
    await context.close();
  }
  assert.equal(tables[0].length, 8);
  assert.deepEqual(tables[0], tables[1]);
});
