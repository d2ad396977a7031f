// Accessibility (WCAG 2.1/2.2 AA): axe-core finds no serious or critical violation on any scene
// or a lecture step, in either language; every pointer target is at least 24 px; under the
// system's reduce-motion setting Play steps instead of animating until the viewer asks; every
// scene's numbers open as a table; the race's start point can be typed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, open, assertNoErrors, settled, hashParams, screenshot } from './helpers.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every scene (small runs where a scene computes a lot) and a lecture step. */
const PAGES = ['scene=race', 'scene=init&width=100&batch=200&dim=100', 'scene=train', 'scene=train&ds=digits&layers=1&width=32',
  'scene=preprocess', 'scene=search&trials=6&epochs=2', 'scene=regularize&epochs=5&m=none,dropout', 'scene=landscape&grid=11&epochs=3', 'lecture=6&step=3'];

for (const lang of ['en', 'ko']) {
  for (const hash of PAGES) {
    test(`axe: #${hash} in ${lang} has no serious or critical violations`, async () => {
      // bypassCSP only lets the test inject axe itself; the page still runs under its policy otherwise.
      const { page, errors, context } = await open(browser, `?lang=${lang}#${hash}`, { bypassCSP: true });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
      const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
      assert.deepEqual(summary, [], summary.join('\n'));
      assertNoErrors(errors);
      await context.close();
    });
  }
}

/** Visible pointer targets smaller than 24×24 CSS px (links inside a sentence are exempt). */
function smallTargets() {
  const small = [];
  for (const node of document.querySelectorAll('button, input, select, summary, [role="tab"], a[href], [tabindex]:not([tabindex="-1"])')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(node).visibility === 'hidden') continue;
    if (node.tagName === 'A' && node.closest('p, li')) continue;
    if (box.width < 24 || box.height < 24) small.push(`${node.tagName.toLowerCase()}#${node.id} "${node.textContent.trim().slice(0, 20)}" ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
  }
  return small;
}

test('every pointer target on every scene is at least 24×24 px, also in presenter mode', async () => {
  const { page, errors, context } = await open(browser, '#scene=race', { width: 1366, height: 768 });
  const problems = [];
  for (const presenter of [false, true]) {
    if (presenter) await page.keyboard.press('p');
    for (const hash of PAGES) {
      await page.evaluate((h) => { location.hash = h; }, `#${hash}`);
      await page.waitForFunction((h) => location.hash.startsWith(`#${h.split('&')[0]}`), hash);
      await settled(page);
      const small = await page.evaluate(smallTargets);
      assert.ok(await page.locator('#scene button').count() > 0, `${hash}: the audit sees the scene's buttons`);
      if (small.length) problems.push(`${presenter ? 'presenter ' : ''}#${hash}: ${small.join(', ')}`);
    }
  }
  assert.deepEqual(problems, []);
  assertNoErrors(errors);
  await context.close();
});

const raceShown = async (page) => Number(/Step (\d+) of/.exec(await page.locator('#scene .status').innerText())[1]);

test('reduced motion: Play steps ahead a tenth of the run per press until "Animate" is pressed', async () => {
  const { page, errors, context } = await open(browser, '#scene=race&steps=200', { width: 1366, height: 768, reducedMotion: 'reduce' });
  const motion = page.locator('#motion');
  assert.ok(await motion.isVisible(), 'the switch shows under the reduce setting');
  assert.equal(await motion.getAttribute('aria-pressed'), 'false');
  const play = page.getByRole('button', { name: 'Step ahead ▸' });
  await play.click();
  assert.equal(await raceShown(page), 20, 'one press: from the start to step 20 (a tenth of 200)');
  await page.waitForTimeout(500);
  assert.equal(await raceShown(page), 20, 'nothing moves between presses');
  await page.keyboard.press('Space'); // the shortcut steps too
  assert.equal(await raceShown(page), 40);
  await motion.click();
  assert.equal(await motion.getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 5000 });
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 30000 }); // animated to the end
  assert.equal(await raceShown(page), 200);

  // The choice is remembered; the trainer steps one epoch per press, preprocessing one stage.
  await motion.click();
  await page.evaluate(() => { location.hash = '#scene=train'; });
  await settled(page);
  await page.getByRole('button', { name: 'Step ahead ▸' }).click();
  await settled(page);
  assert.match(await page.locator('#scene .status').innerText(), /^Epoch 1 /);
  await page.evaluate(() => { location.hash = '#scene=preprocess&ds=correlated'; });
  await settled(page);
  await page.getByRole('button', { name: 'Step ahead ▸' }).click();
  assert.equal((await hashParams(page)).st, '1', 'the next stage at once');
  assertNoErrors(errors);
  await context.close();

  const normal = await open(browser, '#scene=race', { width: 1366, height: 768 });
  assert.ok(await normal.page.locator('#motion').isHidden(), 'without the setting there is no switch');
  assert.ok(await normal.page.getByRole('button', { name: 'Play', exact: true }).isVisible());
  await normal.context.close();
});

/** Open the scene's numbers table; its rows as arrays of cell texts (header first). */
async function numbersTable(page) {
  await page.getByRole('button', { name: /^(Show the numbers|숫자 보기)$/ }).click();
  const dialog = page.locator('dialog.numbers[open]');
  await dialog.waitFor();
  return dialog.locator('tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
}

test('every scene shows its numbers as a table; the race\'s final losses match its legend', async () => {
  const { page, errors, context } = await open(browser, '#scene=race&steps=300', { width: 1366, height: 768 });
  const [header, ...rows] = await numbersTable(page);
  assert.deepEqual(header, ['optimizer', 'lr', 'step', 'x', 'y', 'loss']);
  assert.ok(rows.length <= 200, `${rows.length} rows shown`);
  assert.match(await page.locator('dialog.numbers p').innerText(), /^\d+ of \d+ rows/);
  const legend = await page.locator('.legend-table tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.cells[2].textContent, tr.cells[3].textContent]));
  const lastRows = header.length && [...new Map(rows.map((r) => [r[0], r])).values()];
  assert.equal(lastRows.length, legend.length, 'every optimizer has rows');
  lastRows.forEach((row, i) => {
    assert.equal(row[2], legend[i][0], `${row[0]}: the last row is the legend's step`);
    assert.equal(row[5], legend[i][1], `${row[0]}: the last loss is the legend's`);
  });
  await screenshot(page, 'numbers-race-1366x768');
  await page.keyboard.press('Escape');
  // The dialog leaves the page on its close event, a moment after the key.
  await page.locator('dialog.numbers').waitFor({ state: 'detached', timeout: 5000 });
  assert.equal(await page.locator('dialog.numbers').count(), 0, 'Esc closes it');
  for (const hash of PAGES.slice(1, -1)) {
    await page.evaluate((h) => { location.hash = h; }, `#${hash}`);
    await page.waitForFunction((h) => location.hash.startsWith(`#${h.split('&')[0]}`), hash);
    await settled(page);
    if (hash.startsWith('scene=train')) { // its history starts with the first epoch
      await page.getByRole('button', { name: 'One epoch' }).click();
      await settled(page);
    }
    const [head, ...body] = await numbersTable(page);
    assert.ok(head.length >= 3 && body.length > 0, `#${hash}: ${head.length} columns, ${body.length} rows`);
    assert.ok(body.every((r) => r.length === head.length), `#${hash}: every row has every column`);
    await page.keyboard.press('Escape');
  }
  assertNoErrors(errors);
  await context.close();
});

test('the race\'s start point can be typed; a refused one names the field and keeps the last', async () => {
  const { page, errors, context } = await open(browser, '?lang=ko#scene=race', { width: 1366, height: 768 });
  await page.locator('#race-x0').fill('-1.5');
  await page.locator('#race-x0').press('Enter');
  assert.equal((await hashParams(page)).x0, '-1.5');
  await page.locator('#race-y0').fill('5000'); // the start range is ±1000
  await page.locator('#race-y0').press('Enter');
  assert.match(await page.locator('#banner-text').innerText(), /\(y0\)/);
  assert.notEqual(await page.locator('#race-y0').inputValue(), '5000', 'the last good value is shown again');
  assert.equal((await hashParams(page)).x0, '-1.5');
  assertNoErrors(errors);
  await context.close();
});
