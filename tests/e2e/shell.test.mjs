// The page shell: loads with no console error, tabs, language switch, hash plumbing, banner.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, assertNoErrors, screenshot, hashParams } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('loads, becomes ready, has tabs and writes the scene into the hash', async () => {
  const { page, errors, readyMs, context } = await open(browser);
  console.log(`time to data-ready: ${readyMs} ms`);
  assert.equal(await page.title(), 'gradscope — training neural networks, visualized');
  const tabs = page.getByRole('tab');
  assert.ok((await tabs.count()) >= 1);
  assert.equal(await page.getByRole('tab', { name: 'Optimizer race' }).getAttribute('aria-selected'), 'true');
  assert.equal((await hashParams(page)).scene, 'race');
  await screenshot(page, 'shell-1280x800-en');
  assertNoErrors(errors);
  await context.close();
});

test('language switch translates the page and keeps the state', async () => {
  const { page, errors, context } = await open(browser, '?lang=en#scene=race&lr=0.02');
  await page.getByLabel('Language').selectOption('ko');
  await page.getByRole('tab', { name: '옵티마이저 경주' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  assert.equal((await hashParams(page)).lr, '0.02');
  assert.match(page.url(), /lang=ko/);
  await page.getByLabel('언어').selectOption('en');
  await page.getByRole('tab', { name: 'Optimizer race' }).waitFor();
  assertNoErrors(errors);
  await context.close();
});

test('browser language picks Korean when there is no ?lang=', async () => {
  const { page, errors, context } = await open(browser, '', { locale: 'ko-KR' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  assertNoErrors(errors);
  await context.close();
});

test('an invalid hash shows a clear message, never as HTML, and falls back to defaults', async () => {
  const { page, errors, context } = await open(browser, '#scene=race&lr=<img src=x onerror=alert(1)>');
  const banner = page.getByRole('alert');
  await banner.waitFor();
  assert.match(await banner.innerText(), /lr/);
  assert.equal(await page.locator('#banner img').count(), 0);
  assert.equal((await hashParams(page)).lr, '0.07');
  const unknown = await open(browser, '#scene=nope');
  assert.match(await unknown.page.getByRole('alert').innerText(), /nope/);
  assertNoErrors([...errors, ...unknown.errors]);
  await context.close();
  await unknown.context.close();
});

test('every i18n key exists in both languages', () => {
  const en = JSON.parse(readFileSync(new URL('../../www/i18n/en.json', import.meta.url)));
  const ko = JSON.parse(readFileSync(new URL('../../www/i18n/ko.json', import.meta.url)));
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
  for (const [key, text] of Object.entries(ko)) assert.ok(text.trim().length > 0, `ko ${key} is empty`);
});
