// The trainer's lecture-7 regularizers: early stopping stops an overfitting run, marks its best
// epoch and restores those weights; DropConnect, input noise, residual blocks and stochastic
// depth are controls that go into the link and train.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, hashParams, canvasChecksum, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('early stopping stops an overfitting run, names its best epoch and restores it', async () => {
  const { page, errors, context } = await open(browser, '#scene=train&ds=spiral&n=80&noise=0.3&val=0.5&layers=3&width=128&epochs=400&es=8&lr=0.01', { width: 1366, height: 768 });
  assert.equal(await page.getByRole('button', { name: 'Restore best weights' }).isVisible(), false, 'nothing to restore yet');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => /Stopped early at epoch \d+/.test(document.querySelector('.status').textContent), null, { timeout: 180000 });
  await settled(page);
  const [, stopped, best] = /Stopped early at epoch (\d+): no better validation accuracy since epoch (\d+)/.exec(await page.locator('.status').innerText());
  assert.equal(Number(stopped), Number(best) + 8, 'patience 8');
  const restore = page.getByRole('button', { name: 'Restore best weights' });
  assert.ok(await restore.isVisible());
  const boundary = await canvasChecksum(page, 'canvas.square');
  await restore.click();
  await settled(page);
  assert.notEqual(await canvasChecksum(page, 'canvas.square'), boundary, 'the best epoch’s boundary is back');
  assert.match(await page.locator('.status').innerText(), /validation accuracy [\d.]+ %/, 'the read-outs stay after a frame without new epochs');
  await screenshot(page, 'train-early-stopping-1366x768-en', { fullPage: true });
  assertNoErrors(errors);
  await context.close();
});

test('DropConnect, input noise, residual blocks and stochastic depth go into the link and train', async () => {
  const { page, errors, context } = await open(browser, '#scene=train&layers=3&epochs=5', { width: 1366, height: 768 });
  await page.getByLabel('Stochastic depth (residual blocks skipped at random)').check();
  await settled(page);
  let params = await hashParams(page);
  assert.equal(params.sd, '0.5');
  assert.ok(await page.getByRole('slider', { name: 'Stochastic depth (survival of last block)' }).isVisible());
  await page.getByRole('slider', { name: 'DropConnect p (drop weights)' }).fill('0.3');
  await page.getByRole('slider', { name: 'Input noise σ (augmentation)' }).fill('0.2');
  await settled(page);
  params = await hashParams(page);
  assert.equal(params.dc, '0.3');
  assert.equal(params.aug, '0.2');
  await page.getByRole('button', { name: 'One epoch' }).click();
  await settled(page);
  assert.match(await page.locator('.status').innerText(), /^Epoch 1 /);
  await page.getByLabel('Stochastic depth (residual blocks skipped at random)').uncheck();
  await settled(page);
  assert.equal((await hashParams(page)).sd, undefined, 'off: no survival probability in the link');
  assertNoErrors(errors);
  await context.close();
});
