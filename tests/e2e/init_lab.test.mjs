// The activations & init lab: the lecture's cases, batch norm switch, per-layer table,
// refusals, and screenshots.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot, canvasChecksum, inkFraction, hashParams } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const UNTRANSLATED = /\b(app|scene|init|act|act_note|initname|init_preset|chart|error)\.[a-z_0-9]+\b/;

/** The per-layer table as numbers: [{ std, saturated, zero, dead, gradStd }], once the
 * workers have finished the newest run (the backward pass follows the forward pass). */
async function layerTable(page) {
  await page.waitForFunction(() => document.querySelector('.init-stage')?.dataset.computing === 'false'
    && ![...document.querySelectorAll('.layer-table td')].some((td) => td.textContent === '…'));
  return page.$$eval('.layer-table tbody tr', (rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    const num = (s) => (s === '—' ? null : parseFloat(s));
    return { std: num(cells[1]), saturated: num(cells[2]), zero: num(cells[3]), dead: num(cells[4]), gradStd: num(cells[5]) };
  }));
}

test('lecture default (tanh, std 0.01): activations collapse layer by layer, as in the slides', async () => {
  const { page, errors, context } = await open(browser, '#scene=init', { width: 1920, height: 1080 });
  assert.equal(await page.getByRole('tab', { name: 'Activations & init' }).getAttribute('aria-selected'), 'true');
  const rows = await layerTable(page);
  assert.equal(rows.length, 10);
  assert.ok(rows.every((r) => r.gradStd > 0 && r.gradStd < 1e-9), `vanishing gradients ${rows.map((r) => r.gradStd)}`);
  // Slides: 0.213, 0.0477, 0.0106 — a statistical match (our own random draws).
  assert.ok(Math.abs(rows[0].std - 0.213) < 0.01, `layer 1 std ${rows[0].std}`);
  assert.ok(Math.abs(rows[1].std - 0.0477) < 0.004, `layer 2 std ${rows[1].std}`);
  for (let l = 1; l < 10; l += 1) assert.ok(rows[l].std < rows[l - 1].std * 0.3, `layer ${l + 1} collapses`);
  // The verdict names the layer the table shows: the first whose std is below a tenth of layer 1's.
  const vanish = rows.findIndex((r) => r.std < rows[0].std / 10) + 1;
  assert.equal(await page.locator('h2 .verdict').innerText(), `— the activations vanish by layer ${vanish}`);
  for (const canvas of ['canvas.hist >> nth=0', 'canvas.hist >> nth=1']) assert.ok(await inkFraction(page, canvas) > 0.02);
  assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
  console.log(await page.locator('.status').innerText());
  await screenshot(page, 'init-1920x1080-en');
  await screenshot(page, 'init-1920x1080-en-full', { fullPage: true });
  assertNoErrors(errors);
  await context.close();
});

test('the verdict over the histograms: saturated, healthy, dead units, in both languages', async () => {
  const { page, errors, context } = await open(browser, '#scene=init&act=tanh&init=large&width=100&batch=200&dim=100');
  const verdict = page.locator('h2 .verdict');
  assert.match(await verdict.innerText(), /^— saturated from layer 1 \(\d+(\.\d)? % of the activations\)$/);
  for (const [link, text] of [['act=relu&init=he', /^— healthy: the scale holds over all 10 layers$/], ['act=relu&init=he&bias=-3', /^— units die from layer \d+/]]) {
    await page.evaluate((h) => { location.hash = h; }, `scene=init&${link}&width=100&batch=200&dim=100`);
    await layerTable(page);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('h2 .verdict').textContent), text.source);
  }
  await page.getByLabel('Language').selectOption('ko');
  await page.waitForFunction(() => /층부터 유닛이 죽음/.test(document.querySelector('h2 .verdict').textContent));
  assertNoErrors(errors);
  await context.close();
});

test('presets show saturation, health, collapse and dead units; batch norm heals', async () => {
  const { page, errors, context } = await open(browser, `#scene=init&width=100&batch=200&dim=100`);
  const preset = async (name) => {
    await page.getByRole('button', { name }).click();
    return layerTable(page);
  };
  const large = await preset('tanh + large init (saturation)');
  assert.ok(large.every((r) => r.saturated > 60), `saturated ${large.map((r) => r.saturated)}`);
  const xavier = await preset('tanh + Xavier (healthy)');
  assert.ok(xavier.every((r) => r.std > 0.15 && r.saturated < 20), `xavier ${xavier.map((r) => r.std)}`);
  const reluHe = await preset('ReLU + He (healthy)');
  assert.ok(reluHe.every((r) => r.std > 0.3 && r.zero > 40 && r.zero < 60));
  const dead = await preset('ReLU + large negative bias (dead units)');
  assert.ok(dead.slice(1).every((r) => r.dead > 90), `dead ${dead.map((r) => r.dead)}`);
  await preset('tanh + small init (collapse)');
  const before = await canvasChecksum(page, 'canvas.hist >> nth=0');
  await page.getByRole('checkbox', { name: 'Batch norm (before each activation)' }).check();
  const bn = await layerTable(page);
  assert.ok(bn.every((r) => Math.abs(r.std - 0.628) < 0.05), `bn ${bn.map((r) => r.std)}`);
  assert.notEqual(await canvasChecksum(page, 'canvas.hist >> nth=0'), before);
  assert.equal((await hashParams(page)).bn, '1');
  await page.getByRole('slider', { name: 'Eval mode after K warm-up batches (0 = off)' }).fill('5');
  await page.getByRole('columnheader', { name: 'Std (eval mode)' }).waitFor();
  await screenshot(page, 'init-bn-eval-1280x800-en', { fullPage: true });
  assertNoErrors(errors);
  await context.close();
});

test('residual connections keep the gradient alive 50 sigmoid layers deep', async () => {
  const { page, errors, context } = await open(browser, '#scene=init&width=100&batch=200&dim=100', { width: 1366, height: 768 });
  await page.getByRole('button', { name: '50 sigmoid layers, plain' }).click();
  const plain = await layerTable(page);
  assert.equal(plain.length, 50);
  assert.ok(plain[0].gradStd / plain[49].gradStd < 1e-6, `plain: ${plain[0].gradStd} vs ${plain[49].gradStd}`);
  await page.getByRole('checkbox', { name: 'Residual connections (a + f(a))' }).check();
  const residual = await layerTable(page);
  assert.equal((await hashParams(page)).res, '1');
  assert.ok(residual[0].gradStd / residual[49].gradStd > 1e-3, `residual: ${residual[0].gradStd} vs ${residual[49].gradStd}`);
  await screenshot(page, 'init-residual-50-1366x768-en', { fullPage: true });
  assertNoErrors(errors);
  await context.close();
});

test('a refused value shows a message and keeps the last good run', async () => {
  const { page, errors, context } = await open(browser, '#scene=init&layers=abc');
  assert.match(await page.getByRole('alert').innerText(), /layers/);
  assert.equal((await layerTable(page)).length, 10);
  const heavy = await open(browser, '#scene=init&width=1000&batch=2000&layers=20&dim=1000');
  assert.match(await heavy.page.getByRole('alert').innerText(), /at most/);
  assertNoErrors([...errors, ...heavy.errors]);
  await context.close();
  await heavy.context.close();
});

test('Korean init lab has every string translated', async () => {
  const { page, errors, context } = await open(browser, '?lang=ko#scene=init&width=100&batch=200&dim=100', { width: 1920, height: 1080 });
  assert.doesNotMatch(await page.locator('body').innerText(), UNTRANSLATED);
  await screenshot(page, 'init-1920x1080-ko');
  assertNoErrors(errors);
  await context.close();
});

test('"Show the maths": the chosen layer\'s variance rule with the numbers of the table (en, ko)', async () => {
  for (const lang of ['en', 'ko']) {
    const { page, errors, context } = await open(browser, `?lang=${lang}#scene=init&act=relu&init=he&layers=4&width=100&batch=200&dim=100`, { width: 1366, height: 768 });
    const rows = await layerTable(page);
    const means = await page.$$eval('.layer-table tbody tr', (trs) => trs.map((tr) => parseFloat(tr.querySelectorAll('td')[0].textContent)));
    const panel = page.locator('.init-stage details.maths');
    await panel.locator('summary').click();
    await panel.locator('select').selectOption('3');
    const cells = await panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent]));
    const value = (start) => parseFloat(cells.find(([name]) => name.startsWith(start))[1]);
    assert.equal(value('n'), 100);
    assert.equal(value('Var(W)'), 0.02, 'He: Var(W) = 2/n');
    assert.equal(value('n·Var(W)'), 2);
    // E[x²] of layer 3 is layer 2's mean² + std², E[h²] measured is layer 3's (3 significant digits).
    const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 0.01 * Math.abs(b), `${what}: ${a} vs ${b}`);
    close(value('E[x²]'), means[1] ** 2 + rows[1].std ** 2, 'E[x²] from the table');
    const measured = cells.filter(([name]) => name.startsWith('E[h²]'))[1][1];
    close(parseFloat(measured), means[2] ** 2 + rows[2].std ** 2, 'E[h²] from the table');
    close(value('Var(z)'), 2 * value('E[x²]'), 'Var(z) = n·Var(W)·E[x²]');
    const predicted = parseFloat(cells.filter(([name]) => name.startsWith('E[h²]'))[0][1]);
    assert.ok(Math.abs(predicted - parseFloat(measured)) < 0.15 * parseFloat(measured), `ReLU halves E[z²]: ${predicted} vs ${measured}`);
    assert.equal(parseFloat(cells.find(([name]) => name.startsWith('std(∂L/∂W)'))[1]), rows[2].gradStd, 'the table\'s gradient std');
    assert.doesNotMatch(await panel.innerText(), UNTRANSLATED);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, `init-maths-1366x768-${lang}`);
    assertNoErrors(errors);
    await context.close();
  }
});

test('answer first: at the lecture size a change shows the first rows\' histograms, then the whole batch\'s', async () => {
  const { page, errors, context } = await open(browser, '#scene=init', { width: 1366, height: 768 });
  await layerTable(page);
  await page.evaluate(() => {
    window.statuses = [];
    const status = document.querySelector('.init-stage .status');
    new MutationObserver(() => window.statuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.locator('#init-bn').check();
  const after = await layerTable(page);
  const statuses = await page.evaluate(() => window.statuses);
  const preview = statuses.findIndex((s) => s.startsWith('Preview from the first 100 of 1000 examples'));
  assert.ok(preview >= 0, `a preview came first: ${statuses.join(' | ')}`);
  assert.ok(statuses.slice(preview + 1).some((s) => !s.startsWith('Preview')), 'then the whole batch');
  assert.doesNotMatch(await page.locator('.init-stage .status').innerText(), /^Preview/, 'the whole batch stays on screen');
  // What stays is the whole batch's result: the same table as the link opened fresh.
  const fresh = await open(browser, `#${(await page.evaluate(() => location.hash)).slice(1)}`, { width: 1366, height: 768 });
  assert.deepEqual(await layerTable(fresh.page), after);
  assertNoErrors(errors);
  assertNoErrors(fresh.errors);
  await fresh.context.close();
  await context.close();
});
