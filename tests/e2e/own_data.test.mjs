// Own data on the trainer: a CSV of two clusters (class 1 on the left, class 2 on the right)
// replaces the spiral and the boundary follows them; a click adds a point of the chosen class
// and a click on it removes it; a bad CSV is refused naming the line and column in Korean,
// the last good data kept.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, open, assertNoErrors, screenshot, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const scratch = mkdtempSync(path.join(tmpdir(), 'gradscope-own-'));
const file = (name, text) => {
  const at = path.join(scratch, name);
  writeFileSync(at, text);
  return at;
};

/** Two clusters: class 0 around (−2, 0), class 1 around (2, 0). */
const CLUSTERS = `x,y,label\n${Array.from({ length: 60 }, (_, i) => {
  const c = i % 2;
  return `${(c ? 2 : -2) + 0.3 * Math.sin(i)},${1.5 * Math.cos(i * 1.7)},${c}`;
}).join('\n')}\n`;

/** The class whose washed colour the decision plot shows at a fraction (fx, fy) of its canvas. */
const classAt = (page, fx, fy) => page.evaluate(async ([fx, fy]) => {
  const colors = (await import('/pkg/gradscope.js')).TrainerScene.catalog().classColors.slice(0, 2);
  const canvas = document.querySelector('canvas.square:not([hidden])');
  const [r, g, b] = canvas.getContext('2d').getImageData(Math.round(fx * canvas.width), Math.round(fy * canvas.height), 1, 1).data;
  // The boundary washes a class colour c towards white: the pixel's darkening lines up with 255 − c.
  const score = (hex) => {
    const c = [1, 3, 5].map((i) => 255 - parseInt(hex.slice(i, i + 2), 16));
    const p = [255 - r, 255 - g, 255 - b];
    return p.reduce((s, v, i) => s + v * c[i], 0) / (Math.hypot(...c) * (Math.hypot(...p) || 1));
  };
  const scores = colors.map(score);
  return scores.indexOf(Math.max(...scores));
}, [fx, fy]);

const status = (page) => page.locator('.own-status').innerText();

test('a CSV of two clusters moves the boundary to them; clicks add and remove points', async () => {
  const { page, errors, context } = await open(browser, '#scene=train&ds=spiral&k=2', { width: 1366, height: 768 });
  await page.locator('.own-data input[type="file"]').setInputFiles(file('clusters.csv', CLUSTERS));
  await page.waitForFunction(() => /60/.test(document.querySelector('.own-status').textContent));
  assert.equal(await status(page), 'Training on your 60 points (every fifth held out; not in the link).');
  for (let i = 0; i < 8; i += 1) {
    await page.getByRole('button', { name: 'One epoch' }).click();
    await settled(page);
  }
  // The plot's window is fitted to the clusters: their sides of it take their classes.
  assert.equal(await classAt(page, 0.2, 0.45), 0, 'class 1 on the left');
  assert.equal(await classAt(page, 0.9, 0.45), 1, 'class 2 on the right');
  assert.match(await page.locator('.status').innerText(), /^Epoch 8 /, 'training went on');

  // Add a point of class 2 in the middle, then click it again to remove it.
  await page.locator('.own-classes').getByRole('radio', { name: 'Class 2' }).click();
  const box = await page.locator('canvas.square:not([hidden])').boundingBox();
  const spot = { x: box.width * 0.55, y: box.height * 0.3 };
  await page.locator('canvas.square:not([hidden])').click({ position: spot });
  await page.waitForFunction(() => /61/.test(document.querySelector('.own-status').textContent));
  await settled(page);
  await screenshot(page, 'trainer-own-data-1366x768-en');
  await page.locator('canvas.square:not([hidden])').click({ position: spot });
  await page.waitForFunction(() => /60/.test(document.querySelector('.own-status').textContent));

  await page.getByRole('button', { name: 'Back to the generated data' }).click();
  await page.waitForFunction(() => document.querySelector('.own-status').textContent === '');
  assertNoErrors(errors);
  await context.close();
});

test('a bad CSV is refused naming the line and column in Korean; the last good data stays', async () => {
  const { page, errors, context } = await open(browser, '?lang=ko#scene=train&ds=spiral&k=2', { width: 1366, height: 768 });
  await page.locator('.own-data input[type="file"]').setInputFiles(file('bad.csv', 'x,y,label\n1,2,0\n3,abc,1\n'));
  await page.locator('#banner').waitFor();
  assert.equal(await page.locator('#banner-text').innerText(), 'bad.csv 파일을 읽을 수 없습니다: 3번째 줄 2번째 열: “abc”는 숫자가 아닙니다');
  assert.equal(await status(page), '', 'still the generated data');
  await page.locator('.own-data input[type="file"]').setInputFiles(file('labels.csv', '0,0,0\n1,1,2\n'));
  await page.waitForFunction(() => /레이블 “2”는 0부터 1까지/.test(document.getElementById('banner-text').textContent));
  await page.locator('.own-data').scrollIntoViewIfNeeded();
  await screenshot(page, 'trainer-own-data-refused-1366x768-ko');
  assertNoErrors(errors);
  await context.close();
});
