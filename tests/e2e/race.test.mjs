// The optimizer race: drawing, live learning-rate drag, optimizer toggles, presets,
// divergence read-out, click-to-start, playback and shared links.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, canvasChecksum, inkFraction, hashParams } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const UNTRANSLATED = /\b(app|scene|race|surface|schedule|preset|chart|error)\.[a-z_0-9]+\b/;

test('default race draws the surface, paths, legend and loss chart', async () => {
  for (const [width, height] of [[1280, 800], [1920, 1080], [1024, 768]]) {
    const { page, errors, context } = await open(browser, '#scene=race', { width, height });
    assert.ok(await inkFraction(page, 'canvas.base') > 0.5, 'heatmap covers the plot');
    const pathInk = await inkFraction(page, 'canvas.overlay');
    assert.ok(pathInk > 0.003 && pathInk < 0.3, `paths drawn on the overlay (${pathInk} at ${width}x${height})`);
    assert.ok(await inkFraction(page, 'canvas.chart') > 0.01, 'loss chart drawn');
    const rows = page.locator('.legend-table tbody tr');
    assert.equal(await rows.count(), 3, 'the opening race: SGD, momentum and Adam');
    assert.match(await rows.first().innerText(), /SGD/);
    assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
    await screenshot(page, `race-${width}x${height}-en`);
    await screenshot(page, `race-${width}x${height}-en-full`, { fullPage: true });
    assertNoErrors(errors);
    await context.close();
  }
});

test('dragging the learning-rate slider redraws the paths live and updates the hash', async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  const slider = page.getByRole('slider', { name: 'Learning rate' });
  const before = await canvasChecksum(page, 'canvas.overlay');
  const lossBefore = await page.locator('.legend-table tbody tr').first().locator('td').nth(2).innerText();
  await slider.focus();
  await page.keyboard.press('ArrowLeft'); // fires `input` like a drag does
  await page.keyboard.press('ArrowLeft');
  const after = await canvasChecksum(page, 'canvas.overlay');
  assert.notEqual(after, before, 'paths changed while dragging');
  const lr = Number((await hashParams(page)).lr);
  assert.ok(lr < 0.019 && lr > 0.015, `hash lr ${lr}`);
  const lossAfter = await page.locator('.legend-table tbody tr').first().locator('td').nth(2).innerText();
  assert.notEqual(lossAfter, lossBefore);
  assertNoErrors(errors);
  await context.close();
});

test('optimizers can be added and removed, with their own colour row', async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  await page.getByRole('checkbox', { name: 'AdaGrad' }).check();
  await page.getByRole('checkbox', { name: 'SGD', exact: true }).uncheck();
  const rows = page.locator('.legend-table tbody tr');
  assert.equal(await rows.count(), 3);
  assert.match(await page.locator('.legend-table').innerText(), /AdaGrad/);
  assert.ok(!(await hashParams(page)).opt.split(',').includes('sgd'));
  assertNoErrors(errors);
  await context.close();
});

test('too large a learning rate: SGD is marked "diverged at step N" while others go on', async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  await page.getByRole('button', { name: 'Too large a learning rate' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByText(/diverged at step \d+/).first().waitFor({ timeout: 20000 });
  await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 30000 }); // finished
  const text = await page.locator('.legend-table').innerText();
  assert.match(text, /SGD.*diverged at step \d+/);
  await screenshot(page, 'race-diverged-en');
  assertNoErrors(errors);
  await context.close();
});

test('each optimizer has a verdict: converged, oscillating, diverged because lr·λmax > 2 (en, ko)', async () => {
  // κ = 100: λmax = 100 at every point, so lr 0.03 gives lr·λmax = 3.
  const { page, errors, context } = await open(browser, '#scene=race&surf=quadratic&kappa=100&opt=sgd,momentum&lr=0.03&lro=momentum:0.0038&steps=120');
  const rows = async () => page.locator('.legend-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ')));
  await page.waitForFunction(() => /converged/.test(document.querySelector('.legend-table').innerText));
  const [sgd, momentum] = await rows();
  assert.match(sgd, /diverged at step \d+: lr·λmax = 3 > 2/);
  assert.match(momentum, /converged at step \d+/);
  await page.getByLabel('Language').selectOption('ko');
  await page.waitForFunction(() => /수렴/.test(document.querySelector('.legend-table').innerText));
  const [sgdKo, momentumKo] = await rows();
  assert.match(sgdKo, /\d+ 스텝에서 발산: lr·λmax = 3 > 2/);
  assert.match(momentumKo, /\d+ 스텝에서 수렴/);
  assertNoErrors(errors);
  await context.close();
});

test('show the maths: the update rule with the last step\'s numbers, which are the path\'s', async () => {
  const { page, errors, context } = await open(browser, '?lang=ko#scene=race&surf=quadratic&kappa=20&opt=sgd,adam&lr=0.02&lro=adam:0.1&steps=50');
  await page.locator('details.maths summary').click();
  const read = () => page.locator('.maths-numbers tr').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent])));
  const pair = (text) => text.replace(/[()]/g, '').split(', ').map(Number);
  let n = await read();
  assert.equal(n.t, '50', 'the update that landed on the step shown');
  const [x, g, dx, to, lr] = [pair(n.x), pair(n['g = ∇f(x)']), pair(n['Δx']), pair(n['x + Δx']), Number(n.lr)];
  // The panel shows 2–3 significant digits (the native test checks the exact numbers).
  for (const d of [0, 1]) {
    assert.ok(Math.abs(dx[d] + lr * g[d]) <= 0.02 * Math.abs(dx[d]), `SGD: Δx = −lr·g (${dx[d]} vs ${-lr * g[d]})`);
    assert.ok(Math.abs(x[d] + dx[d] - to[d]) <= 0.02 * Math.max(Math.abs(x[d]), Math.abs(to[d])), `x + Δx: ${x[d]} + ${dx[d]} vs ${to[d]}`);
  }
  assert.match(await page.locator('.maths-rules').innerText(), /x ← x − lr·g/);
  await page.locator('.maths-run').selectOption({ label: 'Adam' });
  n = await read();
  assert.ok(n['m̂'] && n['v̂'] && n['β1'] === '0.9', `Adam shows its moments: ${JSON.stringify(n)}`);
  assert.match(await page.locator('.maths-rules').innerText(), /m̂ = m \/ \(1 − β1ᵗ\)/);
  await page.getByRole('button', { name: '처음으로' }).click();
  await page.getByText('아직 업데이트가 없습니다').waitFor();
  assertNoErrors(errors);
  await context.close();
});

test('every preset draws without error', async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  const presets = page.locator('.presets button');
  const sums = new Set();
  for (let i = 0; i < await presets.count(); i += 1) {
    await presets.nth(i).click();
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 30000 });
    sums.add(await canvasChecksum(page, 'canvas.base'));
    await screenshot(page, `race-preset-${i}`);
  }
  assert.equal(sums.size, await presets.count(), 'each preset shows a different surface or view');
  assertNoErrors(errors);
  await context.close();
});

test('clicking the surface moves the start point', async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  const box = await page.locator('canvas.overlay').boundingBox();
  await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.3);
  const params = await hashParams(page);
  assert.ok(Number(params.x0) > 0, `x0 ${params.x0}`);
  assert.ok(Number(params.y0) > 0, `y0 ${params.y0}`);
  assertNoErrors(errors);
  await context.close();
});

test('step and play advance the animation; reset goes back to step 0', async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  await page.getByRole('button', { name: 'Reset' }).click();
  assert.match(await page.locator('.status').innerText(), /^Step 0 of 120/);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.match(await page.locator('.status').innerText(), /^Step 1 of 120/);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => /^Step (\d+)/.exec(document.querySelector('.status').textContent)[1] > 20);
  assertNoErrors(errors);
  await context.close();
});

test('a shared link restores the same picture in a fresh page, in Korean too', async () => {
  const first = await open(browser, '#scene=race');
  await first.page.getByLabel('Loss surface', { exact: true }).selectOption('rosenbrock');
  await first.page.getByRole('checkbox', { name: 'L-BFGS' }).check();
  assert.ok((await hashParams(first.page)).opt.includes('lbfgs')); // waits out the hash-write throttle
  const url = first.page.url();
  const sum = await canvasChecksum(first.page, 'canvas.overlay');
  const second = await open(browser, url.slice(url.indexOf('#')));
  assert.equal(await canvasChecksum(second.page, 'canvas.overlay'), sum);
  assert.equal(second.page.url(), url);
  const korean = await open(browser, `?lang=ko${url.slice(url.indexOf('#'))}`, { width: 1920, height: 1080 });
  assert.doesNotMatch(await korean.page.locator('body').innerText(), UNTRANSLATED);
  await screenshot(korean.page, 'race-1920x1080-ko');
  assertNoErrors([...first.errors, ...second.errors, ...korean.errors]);
  for (const s of [first, second, korean]) await s.context.close();
});

test('ε offers each optimizer\'s default and explicit values, and round-trips through the hash', async () => {
  const { page, errors, context } = await open(browser, '#scene=race');
  const eps = page.getByLabel('ε', { exact: true });
  assert.equal(await eps.inputValue(), 'default');
  await eps.selectOption('0.1');
  assert.equal((await hashParams(page)).eps, '0.1');
  const again = await open(browser, page.url().slice(page.url().indexOf('#')));
  assert.equal(await again.page.getByLabel('ε', { exact: true }).inputValue(), '0.1');
  assertNoErrors([...errors, ...again.errors]);
  await context.close();
  await again.context.close();
});

test('GD vs SGD vs minibatch: real minibatches, one run per size, loss against steps or examples', async () => {
  const { page, errors, context } = await open(browser, '#scene=race', { width: 1366, height: 768 });
  await page.getByRole('button', { name: 'GD vs SGD vs minibatch' }).click();
  const labels = await page.$$eval('.legend-table tbody th', (cells) => cells.map((c) => c.textContent.trim()));
  assert.deepEqual(labels, ['SGD · B = 200', 'SGD · B = 20', 'SGD · B = 1']);
  assert.equal((await hashParams(page)).xaxis, 'examples');
  const byExamples = await canvasChecksum(page, 'canvas.chart');
  await screenshot(page, 'race-gd-vs-sgd-examples-1366x768-en', { fullPage: true });
  await page.getByLabel('Loss chart against').selectOption('steps');
  assert.equal((await hashParams(page)).xaxis, 'steps');
  assert.notEqual(await canvasChecksum(page, 'canvas.chart'), byExamples, 'the loss chart is redrawn against steps');
  await screenshot(page, 'race-gd-vs-sgd-steps-1366x768-en');
  // A size outside 1…200 is refused by name; the last good sizes stay.
  await page.getByLabel('Minibatch sizes B').fill('0,20');
  await page.getByLabel('Minibatch sizes B').press('Enter');
  assert.match(await page.locator('#banner-text').innerText(), /Minibatch sizes B/);
  assert.equal((await hashParams(page)).batch, '200,20,1');
  assert.equal(await page.getByLabel('Minibatch sizes B').inputValue(), '200,20,1');
  // The same comparison for L-BFGS: full batch against minibatches of 10.
  await page.getByRole('button', { name: 'L-BFGS: full batch vs minibatch' }).click();
  const lbfgs = await page.$$eval('.legend-table tbody th', (cells) => cells.map((c) => c.textContent.trim()));
  assert.deepEqual(lbfgs, ['L-BFGS · B = 200', 'L-BFGS · B = 10']);
  assert.ok(await inkFraction(page, 'canvas.base') > 0.5, 'the logistic surface is drawn');
  await screenshot(page, 'race-lbfgs-batches-1366x768-en');
  assertNoErrors(errors);
  await context.close();
});
