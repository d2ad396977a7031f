// The loss-landscape scene: the default comparison trains the plain, batch-norm and residual
// networks and computes every band of their slices on the workers; the slices and the line
// from the initial weights are on screen at 1366×768 and drawn, the table's numbers are finite
// and consistent; a refused network list keeps the last results; a preset retrains and lands
// in the link. Screenshots in both languages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, inkFraction, settled, hashParams } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const UNTRANSLATED = /\b(app|scene|land|land_preset|chart|dataset|error|refusal)[._][a-z_0-9]+\b/;

/** The table's rows as text cells. */
const rows = (page) => page.$$eval('.land-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
const number = (text) => Number(text.replace(/[^0-9.e-]/g, ''));

for (const lang of ['en', 'ko']) {
  test(`the default comparison trains three networks and slices them; its pair is on screen (${lang}, 1366×768)`, async () => {
    const { page, errors, context } = await open(browser, `?lang=${lang}#scene=landscape`, { width: 1366, height: 768 });
    await settled(page);
    const stage = page.locator('.land-stage');
    assert.equal(await stage.getAttribute('data-trained'), '3');
    assert.equal(await stage.getAttribute('data-bands'), '18', 'six bands of 7 rows for each 41-row slice');
    assert.match(await page.locator('.land-stage .readout').innerText(), /18 \/ 18/);
    const table = await rows(page);
    assert.equal(table.length, 3);
    for (const r of table) {
      const [acc, valLoss, centre, max, range, grad] = r.slice(1).map(number);
      assert.ok(acc >= 60, `trained on the spiral: ${r}`);
      assert.ok([valLoss, centre, max, range, grad].every(Number.isFinite), `finite: ${r}`);
      assert.ok(centre < max, `the trained weights sit below the slice's largest loss: ${r}`);
      assert.ok(range > 0 && grad > 0, `stepping along the gradient changes the loss and the gradient: ${r}`);
    }
    for (const [chart, ink] of [['canvas.land-slices', 0.3], ['canvas.land-lines', 0.02]]) {
      const box = await page.locator(chart).boundingBox();
      assert.ok(box.y >= 0 && box.y + box.height <= 768 && box.x + box.width <= 1366, `${chart} on screen: ${JSON.stringify(box)}`);
      assert.ok(await inkFraction(page, chart) > ink, `${chart} is drawn`);
    }
    assert.ok(await inkFraction(page, 'canvas.land-measures') > 0.02, 'the measurements are drawn');
    assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
    await screenshot(page, `landscape-1366x768-${lang}`);
    await screenshot(page, `landscape-1366x768-${lang}-full`, { fullPage: true });
    assertNoErrors(errors);
    await context.close();
  });
}

test('a refused network list keeps the last results; a preset retrains and lands in the link', async () => {
  const { page, errors, context } = await open(browser, '#scene=landscape&grid=11&epochs=10&nets=plain,bn', { width: 1366, height: 768 });
  await settled(page);
  assert.equal((await rows(page)).length, 2);
  assert.equal(await page.locator('.land-stage').getAttribute('data-bands'), '4');
  await page.getByLabel('Plain', { exact: true }).uncheck();
  await page.waitForFunction(() => document.querySelector('.land-stage').dataset.bands === '2');
  await settled(page);
  const before = await rows(page);
  assert.deepEqual(before.map((r) => r[0]), ['Batch norm']);
  assert.equal((await hashParams(page)).nets, 'bn');
  await page.getByLabel('Batch norm', { exact: true }).click(); // refused: the box comes back
  await page.waitForFunction(() => /choose at least one network/.test(document.getElementById('banner-text').textContent));
  assert.deepEqual(await rows(page), before, 'the last comparison stays');
  await page.getByRole('button', { name: '8 × 32 ReLU: plain vs BN vs residual' }).click();
  await page.waitForFunction(() => document.querySelector('.land-stage').dataset.trained === '3', null, { timeout: 120000 });
  await settled(page);
  const hash = await hashParams(page);
  assert.equal(hash.layers, '8');
  assert.equal((await rows(page)).length, 3);
  assertNoErrors(errors);
  await context.close();
});

test("the trainer's batch-norm pair follows a layer's inputs without and with batch norm", async () => {
  const { page, errors, context } = await open(browser, '#scene=train&act=sigmoid&layers=3&width=32&lr=0.003&epochs=20', { width: 1366, height: 768 });
  await settled(page);
  const panel = page.locator('details.bn-percentiles');
  await panel.locator('summary').click();
  await page.selectOption('#train-bnpct-layer', '3'); // choosing a layer runs the pair
  await page.waitForFunction(() => document.querySelector('details.bn-percentiles').dataset.computing === 'false', null, { timeout: 120000 });
  const text = await panel.locator('.bn-status').innerText();
  const [without, withBn] = text.match(/[0-9.]+(?:e-?\d+)?/g).slice(1).map(Number);
  assert.ok(withBn < 0.6 * without, `the median drifts less with batch norm (as natively for this seed): ${text}`);
  assert.ok(await inkFraction(page, 'details.bn-percentiles canvas') > 0.02, 'the percentiles are drawn');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'train-bn-percentiles');
  assertNoErrors(errors);
  await context.close();
});
