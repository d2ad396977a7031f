// Language switch on every scene: no untranslated key or unfilled placeholder anywhere on the
// page (text, aria-label, title), the hash is untouched, and switching back redraws every
// canvas pixel for pixel as before (the state survives the round trip).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, canvasChecksum, sceneIds } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Checksums of every canvas once two readings 300 ms apart agree (animations have ended,
 * deferred gradients are drawn). */
async function settledCanvases(page) {
  const read = async () => {
    const sums = [];
    for (let i = 0; i < (await page.locator('#scene canvas').count()); i += 1) {
      sums.push(await canvasChecksum(page, `#scene canvas >> nth=${i}`));
    }
    return sums;
  };
  let last = await read();
  for (let tries = 0; tries < 60; tries += 1) {
    await page.waitForTimeout(300);
    const now = await read();
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error('the canvases never stopped changing');
}

/** Visible text, aria-labels and titles that look like an i18n key or keep a `{placeholder}`. */
function untranslated(page) {
  return page.evaluate(() => {
    const KEY = /^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/;
    const PLACEHOLDER = /\{\w+\}/;
    const found = [];
    const check = (text, where) => {
      const s = (text ?? '').trim();
      if (s && (KEY.test(s) || PLACEHOLDER.test(s))) found.push(`${where}: ${s}`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('[hidden], template, script, style') === null) check(node.textContent, node.parentElement.tagName);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      check(el.getAttribute('aria-label'), `aria-label of ${el.tagName}`);
      check(el.getAttribute('title'), `title of ${el.tagName}`);
      check(el.getAttribute('placeholder'), `placeholder of ${el.tagName}`);
    }
    return found;
  });
}

// Every scene the page has (its tabs, from the registry), lighter where the defaults are heavy,
// and the trainer on the digits too.
const LIGHTER = { init: 'init&layers=6&width=100&batch=200&dim=100', regularize: 'regularize&epochs=20' };
const SCENES = [...(await sceneIds()).map((id) => LIGHTER[id] ?? id), 'train&ds=digits&layers=1&width=32'];

for (const scene of SCENES) {
  test(`#scene=${scene}: English → Korean → English keeps the state and the pictures, with nothing untranslated`, async () => {
    const { page, errors, context } = await open(browser, `?lang=en#scene=${scene}`, { width: 1920, height: 1080 });
    // The hash once the scene has mounted (the digits load first) and its throttled write landed.
    const before = await settledCanvases(page);
    const hash = () => page.waitForTimeout(200).then(() => page.evaluate(() => location.hash));
    const hashBefore = await hash();
    assert.deepEqual(await untranslated(page), []);

    await page.getByLabel('Language').selectOption('ko');
    await page.locator('html[lang="ko"]').waitFor();
    const korean = await settledCanvases(page);
    assert.deepEqual(await untranslated(page), []);
    assert.equal(await hash(), hashBefore, 'the language switch leaves the scene state alone');
    assert.notDeepEqual(korean, before, 'chart text is redrawn in Korean');

    await page.getByLabel('언어').selectOption('en');
    await page.locator('html[lang="en"]').waitFor();
    assert.deepEqual(await settledCanvases(page), before, 'back in English, every canvas is as it was');
    assert.equal(await hash(), hashBefore);
    assertNoErrors(errors);
    await context.close();
  });
}

test('a bad link on the Korean page is refused in Korean, naming the field', async () => {
  for (const [hash, label, value] of [
    ['#scene=race&lr=1e308', '학습률', '1e308'],
    ['#scene=train&act=step', '활성화 함수', 'step'],
    ['#scene=init&layers=abc', '은닉층 수 L', 'abc'],
  ]) {
    const { page, errors, context } = await open(browser, `?lang=ko${hash}`);
    const text = await page.getByRole('alert').innerText();
    assert.ok(text.includes(label) && text.includes(value), `${hash}: ${text}`);
    assert.match(text, /여야 합니다/, `${hash}: a Korean reason, got ${text}`);
    assert.doesNotMatch(text, /must be/, `${hash}: no English reason in ${text}`);
    assertNoErrors(errors);
    await context.close();
  }
});
