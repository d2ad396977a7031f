// The preprocessing scene: stepping raw → whitened lowers κ (read-out and table), the
// animation moves between stages, the digits' k slider rebuilds a digit, the init lab links
// here; screenshots of each stage in both languages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, canvasChecksum, inkFraction, hashParams, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const UNTRANSLATED = /\b(app|scene|preprocess|chart|dataset|error)\.[a-z_0-9]+\b/;

/** κ in the read-out under the two big pictures ("raw: κ = 386, …"). */
async function kappa(page) {
  const text = await page.locator('.readout').innerText();
  const match = text.match(/κ = ([0-9.e+-]+)/);
  assert.ok(match, `no κ in the read-out ${JSON.stringify(text)}`);
  return Number(match[1]);
}

for (const [lang, next] of [['en', 'Stage ▶'], ['ko', '단계 ▶']]) {
  test(`stepping through the stages lowers κ from raw to whitened (${lang}, 1366×768)`, async () => {
    const { page, errors, context } = await open(browser, `?lang=${lang}#scene=preprocess`, { width: 1366, height: 768 });
    const kappas = [await kappa(page)];
    await screenshot(page, `preprocess-stage0-1366x768-${lang}`);
    for (let stage = 1; stage <= 4; stage += 1) {
      await page.getByRole('button', { name: next, exact: true }).click();
      kappas.push(await kappa(page));
      assert.equal((await hashParams(page)).st, String(stage));
      await screenshot(page, `preprocess-stage${stage}-1366x768-${lang}`);
    }
    console.log(`κ by stage (${lang}): ${kappas.join(', ')}`);
    assert.ok(kappas[0] > 50, `raw all-positive data are badly conditioned: ${kappas}`);
    assert.ok(kappas[1] < kappas[0] / 5, `centring lowers κ: ${kappas}`);
    assert.ok(Math.abs(kappas[4] - 1) < 0.01, `whitened: κ ≈ 1: ${kappas}`);
    // The main pictures are on screen without scrolling, and drawn.
    for (const canvas of ['canvas.square >> nth=0', 'canvas.square >> nth=1']) {
      const box = await page.locator(canvas).boundingBox();
      assert.ok(box.y + box.height <= 768, `${canvas} ends at ${box.y + box.height}px`);
      assert.ok(await inkFraction(page, canvas) > 0.02, `${canvas} is drawn`);
    }
    // The table lists every stage with κ falling to 1.
    const table = await page.$$eval('.preprocess-planar tbody tr', (rows) => rows.map((r) => Number(r.cells[3].textContent)));
    assert.deepEqual(table.map((k) => Math.round(k * 100) / 100).at(-1), 1);
    assert.equal(table.length, 5);
    assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
    await screenshot(page, `preprocess-1366x768-${lang}-full`, { fullPage: true });
    assertNoErrors(errors);
    await context.close();
  });
}

test('play animates from one stage to the next; the slider stops between stages', async () => {
  const { page, errors, context } = await open(browser, '#scene=preprocess&ds=correlated', { width: 1366, height: 768 });
  const before = await canvasChecksum(page, 'canvas.square >> nth=0');
  await page.getByRole('button', { name: '▶ Play' }).click();
  await page.waitForFunction(() => location.hash.includes('st=1'), null, { timeout: 10000, polling: 50 });
  assert.notEqual(await canvasChecksum(page, 'canvas.square >> nth=0'), before);
  assert.match(await page.locator('.readout').innerText(), /zero-centred: κ = /);
  // Half-way between two stages the title says both and the read-out waits for a whole stage.
  await page.evaluate(() => { location.hash = 'scene=preprocess&ds=correlated&st=2.5'; });
  await settled(page);
  assert.equal(await page.locator('output[for="pre-stage"]').innerText(), 'normalized → decorrelated (PCA)');
  assertNoErrors(errors);
  await context.close();
});

test('digits: k from 1 to 64 rebuilds the digit; the spectrum marks k', async () => {
  const { page, errors, context } = await open(browser, '#scene=preprocess&ds=digits&k=1&digit=3', { width: 1366, height: 768 });
  const rebuild = '.preprocess-images canvas.strip >> nth=1';
  const one = await canvasChecksum(page, rebuild);
  const spectrumOne = await canvasChecksum(page, '.preprocess-images canvas:not(.strip)');
  await page.locator('#pre-k').focus();
  await page.keyboard.press('End');
  assert.equal((await hashParams(page)).k, '64');
  assert.notEqual(await canvasChecksum(page, rebuild), one, 'the rebuilt digit changed');
  assert.notEqual(await canvasChecksum(page, '.preprocess-images canvas:not(.strip)'), spectrumOne, 'the k marker moved');
  assert.ok(await inkFraction(page, '.preprocess-images canvas.strip >> nth=0') > 0.05, 'mean, std and components drawn');
  await screenshot(page, 'preprocess-digits-1366x768-en', { fullPage: true });
  assertNoErrors(errors);
  await context.close();
});

test('the init lab\'s zero-centred demo links to the preprocessing scene', async () => {
  const { page, errors, context } = await open(browser, '#scene=init&width=100&batch=200&dim=100');
  await page.getByRole('link', { name: /preprocessing scene/ }).click();
  await page.locator('#tab-preprocess[aria-selected="true"]').waitFor();
  await settled(page);
  assert.ok(await kappa(page) > 50);
  assertNoErrors(errors);
  await context.close();
});
