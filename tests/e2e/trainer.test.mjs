// Train a network live: the spiral trains, the boundary and curves draw, live controls,
// the tiny-subset sanity mode, digits load, and divergence is reported.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, inkFraction, hashParams, canvasChecksum, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const UNTRANSLATED = /\b(train|dataset|prep|pattern|chart|scene|act|initname|schedule)\.[a-z_0-9]+\b/;
/** The counters line once the worker has answered everything asked of it. */
const counters = async (page) => {
  await settled(page);
  return page.locator('.status').innerText();
};
/** Click "One epoch" `n` times (each waits for the worker's frame before the next). */
async function epochs(page, n, name = 'One epoch') {
  for (let i = 0; i < n; i += 1) {
    await page.getByRole('button', { name }).click();
    await settled(page);
  }
}

test('spiral: training raises accuracy and redraws the boundary every frame', async () => {
  const { page, errors, context } = await open(browser, '#scene=train', { width: 1920, height: 1080 });
  await settled(page);
  assert.match(await page.locator('.note').first().innerText(), /initial loss .* ln\(C\)/);
  const before = await canvasChecksum(page, 'canvas.square');
  await epochs(page, 15);
  assert.match(await counters(page), /^Epoch 15 /);
  const acc = Number(/train accuracy ([\d.]+) %/.exec(await counters(page))[1]);
  assert.ok(acc > 60, `train accuracy after 15 epochs: ${acc} %`);
  assert.notEqual(await canvasChecksum(page, 'canvas.square'), before, 'the boundary moved');
  assert.ok(await inkFraction(page, 'canvas.hist') > 0.01);
  assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => /^Epoch (\d+)/.exec(document.querySelector('.status').textContent)[1] > 18);
  await page.getByRole('button', { name: 'Pause' }).click();
  await screenshot(page, 'train-1920x1080-en');
  await screenshot(page, 'train-1920x1080-en-full', { fullPage: true });
  assertNoErrors(errors);
  await context.close();
});

test('tiny subset reaches 100 % training accuracy; a huge learning rate is reported', async () => {
  const { page, errors, context } = await open(browser, '#scene=train&tiny=1&lr=0.01');
  await epochs(page, 40);
  assert.match(await counters(page), /train accuracy 100\.0 %/);
  const huge = await open(browser, '#scene=train&opt=sgd&lr=50&mom=0');
  await epochs(huge.page, 5);
  assert.match(await huge.page.locator('body').innerText(), /learning rate is too high|Diverged at step/);
  assertNoErrors([...errors, ...huge.errors]);
  await context.close();
  await huge.context.close();
});

test('digits load and train; Korean has every string', async () => {
  const { page, errors, context } = await open(browser, '?lang=ko#scene=train&ds=digits&layers=1&width=64', { width: 1920, height: 1080 });
  await epochs(page, 3, '한 에포크');
  const acc = Number(/검증 정확도 ([\d.]+) %/.exec(await counters(page))[1]);
  assert.ok(acc > 80, `digits validation accuracy after 3 epochs: ${acc} %`);
  assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
  assert.equal((await hashParams(page)).ds, 'digits');
  await screenshot(page, 'train-digits-1920x1080-ko');
  assertNoErrors(errors);
  await context.close();
});

test('batch norm: validation accuracy in eval mode and with batch statistics; optimizer controls follow the optimizer', async () => {
  const { page, errors, context } = await open(browser, '#scene=train&bn=1');
  await epochs(page, 3);
  assert.match(await page.getByText(/^Batch norm: validation accuracy/).innerText(), /[\d.]+ % with the running statistics .* [\d.]+ % with each batch's own statistics/);
  await page.getByRole('checkbox', { name: 'Batch norm' }).uncheck(); // mid-training: weights and history stay
  assert.match(await counters(page), /^Epoch 3 /);
  assert.equal((await hashParams(page)).bn, '0');
  assert.ok(await page.getByRole('slider', { name: 'β1 (first moment)' }).isVisible());
  await page.getByLabel('Optimizer', { exact: true }).selectOption('momentum');
  await settled(page);
  assert.ok(await page.getByRole('slider', { name: 'Momentum μ' }).isVisible());
  assert.equal(await page.getByRole('slider', { name: 'β1 (first moment)' }).isVisible(), false);
  assert.equal((await hashParams(page)).opt, 'momentum');
  assertNoErrors(errors);
  await context.close();
});

test('a too-high learning rate is named on the loss chart itself', async () => {
  const { page, errors, context } = await open(browser, '#scene=train&opt=sgd&lr=50&mom=0');
  await epochs(page, 4);
  assert.match(await page.locator('.patterns').innerText(), /learning rate is too high/);
  // Red annotation pixels appear on the left (loss) half of a chart.
  const red = await page.$$eval('canvas.chart', (canvases) => canvases.filter((c) => c.width > 2).map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width / 2, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 150 && d[i + 1] < 60 && d[i + 2] < 40) n += 1;
    return n;
  }));
  assert.ok(red.some((n) => n > 30), `annotation ink per canvas: ${red}`);
  assertNoErrors(errors);
  await context.close();
});

test('L-BFGS presets: full batch (batch=full) trains; minibatches are offered with the reason they go wrong', async () => {
  const { page, errors, context } = await open(browser, '#scene=train', { width: 1366, height: 768 });
  await page.getByRole('button', { name: 'L-BFGS, full batch' }).click();
  await settled(page);
  let params = await hashParams(page);
  assert.deepEqual([params.opt, params.batch, params.lr], ['lbfgs', 'full', '1']);
  assert.equal(await page.getByLabel(/Full batch/).isChecked(), true);
  assert.match(await page.locator('.controls').innerText(), /curvature pairs come from different samples/);
  await epochs(page, 12);
  const acc = Number(/train accuracy ([\d.]+) %/.exec(await counters(page))[1]);
  assert.ok(acc > 50, `full-batch L-BFGS after 12 steps: ${acc} %`);
  await screenshot(page, 'train-lbfgs-full-1366x768-en');
  await page.getByRole('button', { name: 'L-BFGS, minibatches of 8' }).click();
  await settled(page);
  params = await hashParams(page);
  assert.equal(params.batch, '8');
  assert.equal(await page.getByLabel(/Full batch/).isChecked(), false);
  assert.match(await counters(page), /^Epoch 0 /, 'a preset starts from fresh weights');
  await epochs(page, 3);
  await screenshot(page, 'train-lbfgs-mini-1366x768-en');
  assertNoErrors(errors);
  await context.close();
});
