// The page shell: loads with no console error, tabs, language switch, hash plumbing, banner.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, assertNoErrors, screenshot, hashParams, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('loads, becomes ready, has tabs and writes the scene into the hash', async () => {
  const { page, errors, context } = await open(browser);
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
  assert.equal((await hashParams(page)).lr, '0.019');
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

test('keyboard shortcuts: presets, step, reset, learning rate, batch norm, presenter mode and the ? list', async () => {
  const { page, errors, context } = await open(browser, '#scene=race', { width: 1920, height: 1080 });
  const status = () => page.locator('.status').innerText();
  await page.locator('body').click({ position: { x: 5, y: 300 } }); // focus the page, not a control
  await page.keyboard.press('r');
  assert.match(await status(), /^Step 0 of/);
  await page.keyboard.press('ArrowRight');
  assert.match(await status(), /^Step 1 of/);
  await page.keyboard.press(']');
  assert.equal(Number((await hashParams(page)).lr).toPrecision(3), (0.019 * Math.sqrt(10)).toPrecision(3));
  await page.keyboard.press('[');
  assert.equal(Number((await hashParams(page)).lr).toPrecision(3), '0.0190');
  await page.keyboard.press('2'); // second preset: saddle point
  assert.equal((await hashParams(page)).surf, 'saddle');
  await page.keyboard.press(' ');
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.keyboard.press(' ');
  await page.getByRole('button', { name: 'Play' }).waitFor();
  await page.keyboard.press('?');
  assert.ok(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible());
  await page.keyboard.press('Escape');
  await page.keyboard.press('p');
  assert.equal(await page.getByRole('button', { name: 'Presenter mode' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('details.notes').isVisible(), false);
  assert.equal(await page.locator('.export').isVisible(), false, 'export is for the desk, not the class');
  const rate = page.getByRole('slider', { name: 'Learning rate' });
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.controls')).visibility === 'hidden');
  assert.equal(await rate.isVisible(), false, 'the controls wait in their drawer');
  await page.keyboard.press('c');
  await rate.waitFor({ state: 'visible' });
  assert.equal(await page.getByRole('button', { name: 'Show or hide the controls' }).getAttribute('aria-expanded'), 'true');
  await screenshot(page, 'presenter-race-drawer-1920x1080-en');
  await page.keyboard.press('c');
  await screenshot(page, 'presenter-race-1920x1080-en');
  await page.getByRole('tab', { name: 'Activations & init' }).click();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('b');
  assert.equal((await hashParams(page)).bn, '1');
  await settled(page);
  await screenshot(page, 'presenter-init-1920x1080-en');
  assertNoErrors(errors);
  await context.close();
});

for (const lang of ['ko', 'en']) {
  test(`presenter mode at 1920×1080 in ${lang} on every scene (screenshots to judge from the last row)`, async () => {
    const { page, errors, context } = await open(browser, `?lang=${lang}#scene=race`, { width: 1920, height: 1080 });
    await page.getByRole('button', { name: lang === 'ko' ? '발표 모드' : 'Presenter mode' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('presenter')), true);
    for (const [scene, hash] of [['race', 'scene=race'], ['init', 'scene=init&width=100&batch=200&dim=100'], ['train', 'scene=train&ds=spiral&epochs=30'], ['digits', 'scene=train&ds=digits&layers=1&width=32&epochs=5'], ['preprocess', 'scene=preprocess&st=1'], ['search', 'scene=search&strat=both&trials=9&p=lr:1e-4:1:log,dropout:0:0.6:lin'], ['regularize', 'scene=regularize&epochs=40'], ['landscape', 'scene=landscape']]) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator(`#tab-${scene === 'digits' ? 'train' : scene}[aria-selected="true"]`).waitFor();
      await settled(page);
      if (scene === 'train' || scene === 'digits') {
        // Space plays (the controls wait in the drawer), to the link's last epoch.
        await page.evaluate(() => document.activeElement?.blur());
        await page.keyboard.press(' ');
        await page.waitForFunction(() => !document.querySelector('[data-i18n="train.pause"]'), null, { timeout: 60000, polling: 100 });
      }
      await page.waitForTimeout(600);
      await screenshot(page, `presenter-${scene}-1920x1080-${lang}`);
    }
    assertNoErrors(errors);
    await context.close();
  });
}

test('a presenter link with hide= hides those controls, keeps hiding them, and refuses bad names', async () => {
  const { page, errors, context } = await open(browser, '#scene=race&hide=mom,b1');
  assert.equal(await page.getByRole('slider', { name: 'Momentum μ' }).isVisible(), false);
  assert.equal(await page.getByRole('slider', { name: 'β1 (first moment)' }).isVisible(), false);
  assert.ok(await page.getByRole('slider', { name: 'Learning rate' }).isVisible());
  await page.getByRole('slider', { name: 'Learning rate' }).focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal((await hashParams(page)).hide, 'mom,b1', 'the hide list survives changes');
  const bad = await open(browser, '#scene=race&hide=<b>x</b>');
  assert.match(await bad.page.getByRole('alert').innerText(), /invalid names/);
  assert.equal(await bad.page.locator('#banner b').count(), 0);
  assertNoErrors([...errors, ...bad.errors]);
  await context.close();
  await bad.context.close();
});

test('hide=<link key> hides that field\'s control on every scene (the keys and labels from the registry)', async () => {
  const { page, errors, context } = await open(browser, '#scene=race', { width: 1366, height: 768 });
  const scenes = await page.$$eval('[role="tab"]', (tabs) => tabs.map((t) => t.dataset.scene));
  const problems = [];
  let checked = 0;
  for (const scene of scenes) {
    const fields = await page.evaluate(async (id) => (await import('/pkg/gradscope.js')).sceneFields(id), scene);
    // The fields with a visible control (found by its label) on the scene as it opens.
    await page.evaluate((id) => { location.hash = `#scene=${id}`; }, scene);
    await page.locator(`#tab-${scene}[aria-selected="true"]`).waitFor();
    await settled(page);
    const shown = await page.evaluate((labels) => labels.filter((label) => [...document.querySelectorAll(`#scene .controls [data-i18n="${CSS.escape(label)}"]`)]
      .some((n) => n.closest('.control, .check, fieldset')?.getClientRects().length)), fields.map((f) => f.label));
    const keys = fields.filter((f) => shown.includes(f.label)).map((f) => f.key);
    if (!keys.length) problems.push(`${scene}: no control found by its field's label`);
    await page.evaluate(([id, hide]) => { location.hash = `#scene=${id}&hide=${hide}`; }, [scene, keys.join(',')]);
    await page.waitForFunction((h) => location.hash.includes(`hide=${h}`) || location.hash.includes(`hide=${encodeURIComponent(h)}`), keys.join(','));
    await settled(page);
    for (const field of fields.filter((f) => keys.includes(f.key))) {
      const visible = await page.evaluate((label) => [...document.querySelectorAll(`#scene .controls [data-i18n="${CSS.escape(label)}"]`)]
        .some((n) => n.closest('.control, .check, fieldset')?.getClientRects().length), field.label);
      if (visible) problems.push(`${scene}: hide=${field.key} leaves its control (${field.label}) shown`);
      checked += 1;
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 40, `every scene's link keys were tried (${checked})`);
  assertNoErrors(errors);
  await context.close();
});
