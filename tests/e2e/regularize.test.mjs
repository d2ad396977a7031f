// The regularization & ensembles scene: the default comparison (five methods from the same
// weights, on five seeds) fills in with its intervals and its boundaries and loss gaps are on screen; "evaluate as in training"
// re-tests without retraining and changes exactly the methods with a test-time correction; the
// ensemble preset charts its members against their average; fractional pooling resamples.
// Screenshots in both languages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, inkFraction, canvasChecksum, settled, hashParams } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const UNTRANSLATED = /\b(app|scene|reg|reg_preset|chart|dataset|error|refusal|method)[._][a-z_0-9]+\b/;

/** The table's rows as text cells. */
const rows = (page) => page.$$eval('.reg-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
/** The leading percentage of a cell ("81.1% ± 1.9 (5)" → 81.1). */
const percent = (text) => parseFloat(text);

for (const lang of ['en', 'ko']) {
  test(`the default comparison trains every method and its charts are on screen (${lang}, 1366×768)`, async () => {
    const { page, errors, context } = await open(browser, `?lang=${lang}#scene=regularize`, { width: 1366, height: 768 });
    await settled(page);
    const stage = page.locator('.reg-stage');
    assert.equal(await stage.getAttribute('data-done'), '45', 'five methods and four more ensemble members, on five seeds');
    assert.match(await page.locator('.reg-stage .readout').innerText(), /45 \/ 45/);
    const table = await rows(page);
    assert.equal(table.length, 5);
    for (const r of table) {
      assert.ok(percent(r[2]) >= 50 && percent(r[3]) >= 40, `trained: ${r}`);
      assert.ok(percent(r[2]) >= percent(r[3]) - 5, `this setup overfits: train ≥ validation (${r})`);
      assert.match(r[3], /± \d+\.\d \(5\)/, `the mean over 5 seeds with its interval: ${r}`);
    }
    assert.equal(table[0][4], '—', 'no regularization is the baseline');
    const clearly = lang === 'en' ? /clearly better/ : /뚜렷이 나음/;
    assert.match(table[1][4], clearly, `L2 beats no regularization beyond noise: ${table[1]}`);
    assert.match(table[3][6], lang === 'en' ? /best epoch \d+/ : /최적 에포?크 \d+/, 'early stopping names its epoch');
    assert.match(table[4][6], /5/, 'the ensemble has 5 members');
    for (const chart of ['canvas.reg-tiles >> nth=0', 'canvas.reg-tiles >> nth=1']) {
      const box = await page.locator(chart).boundingBox();
      assert.ok(box.y >= 0 && box.y + box.height <= 768 && box.x + box.width <= 1366, `${chart} on screen: ${JSON.stringify(box)}`);
      assert.ok(await inkFraction(page, chart) > 0.1, `${chart} is drawn`);
    }
    assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
    await screenshot(page, `regularize-1366x768-${lang}`);
    await screenshot(page, `regularize-1366x768-${lang}-full`, { fullPage: true });
    assertNoErrors(errors);
    await context.close();
  });
}

test('evaluating as in training re-tests without retraining and changes only the corrected methods', async () => {
  const { page, errors, context } = await open(browser, '#scene=regularize&m=none,dropout,dropconnect,depth&epochs=60&n=120', { width: 1366, height: 768 });
  await settled(page);
  const before = await rows(page);
  let trainings = 0;
  await page.exposeFunction('countTraining', () => { trainings += 1; });
  await page.evaluate(() => {
    const stage = document.querySelector('.reg-stage');
    new MutationObserver(() => stage.dataset.computing === 'true' && window.countTraining()).observe(stage, { attributes: true, attributeFilter: ['data-computing'] });
  });
  await page.getByLabel('Evaluate as in training (skip the test-time correction)').check();
  await page.waitForFunction(() => document.querySelector('.reg-table tbody tr td:last-child')?.closest('tbody').textContent.includes('no test-time correction'));
  const after = await rows(page);
  assert.equal(trainings, 0, 'nothing retrains');
  assert.equal((await hashParams(page)).raw, '1');
  assert.deepEqual(after[0], before[0], 'the plain net has nothing to correct');
  for (const k of [1, 2, 3]) {
    assert.match(after[k][6], /no test-time correction/, after[k].join(' | '));
    assert.notDeepEqual(after[k].slice(2, 6), before[k].slice(2, 6), `${before[k][0]} changes without its correction`);
  }
  assertNoErrors(errors);
  await context.close();
});

test('the ensemble preset charts ten members against their average; pooling regions resample', async () => {
  const { page, errors, context } = await open(browser, '#scene=regularize', { width: 1366, height: 768 });
  const pooling = 'canvas[aria-label^="An 8×8 digit"]';
  assert.ok(await inkFraction(page, pooling) > 0.1, 'the pooling picture is drawn on arrival (a comparison starting does not clear it)');
  await page.getByRole('button', { name: 'Ensemble of 10 on the digits' }).click();
  await page.waitForFunction(() => document.querySelector('.reg-stage').dataset.done === '60', null, { timeout: 120000 });
  await settled(page);
  const table = await rows(page);
  assert.deepEqual(table.map((r) => r[0]), ['No regularization', 'Ensemble', 'Snapshot ensemble']);
  assert.match(table[1][6], /10 members/);
  const ensembles = page.locator('canvas[aria-label^="Validation accuracy of each ensemble member"]');
  assert.ok(await ensembles.isVisible(), 'the ensemble chart is shown');
  assert.ok(await inkFraction(page, 'canvas[aria-label^="Validation accuracy of each ensemble member"]') > 0.05);
  assert.equal((await hashParams(page)).k, '10');
  await screenshot(page, 'regularize-ensemble-1366x768-en', { fullPage: true });
  const first = await canvasChecksum(page, pooling);
  assert.ok(await inkFraction(page, pooling) > 0.1, 'the pooling picture is drawn');
  let changed = false;
  for (let i = 0; i < 4 && !changed; i += 1) {
    await page.getByRole('button', { name: 'Draw new regions' }).click();
    changed = (await canvasChecksum(page, pooling)) !== first;
  }
  assert.ok(changed, 'new fractional regions are drawn');
  assertNoErrors(errors);
  await context.close();
});

test('a refused comparison keeps the last good one and says why', async () => {
  const { page, errors, context } = await open(browser, '#scene=regularize&m=none,l2&epochs=20', { width: 1366, height: 768 });
  await page.getByLabel('No regularization', { exact: true }).uncheck();
  await settled(page);
  assert.equal((await rows(page)).length, 1);
  await page.getByLabel('L2', { exact: true }).click(); // refused: the page ticks it again
  assert.match(await page.getByRole('alert').innerText(), /at least one method/);
  assert.equal((await rows(page)).length, 1, 'the last good results stay');
  assert.ok(await page.getByLabel('L2', { exact: true }).isChecked(), 'and so do the controls');
  assert.equal((await hashParams(page)).m, 'l2');
  assertNoErrors(errors);
  await context.close();
});
