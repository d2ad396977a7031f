// The browser floor (README, "Browsers"): a browser without WebAssembly SIMD gets a message in
// its language naming the versions that work, not a blank page. Emulated by making the SIMD
// check fail (WebAssembly.validate answers false, as it does where SIMD is missing).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE_URL, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const [lang, title, versions] of [
  ['en', 'This browser cannot run gradscope', /Chrome or Edge 91 or newer, Firefox 98 or newer, or Safari 16\.4 or newer/],
  ['ko', '이 브라우저에서는 gradscope를 실행할 수 없습니다', /Chrome·Edge 91 이상, Firefox 98 이상, Safari 16\.4 이상/],
]) {
  test(`without WebAssembly SIMD the page says which browsers work (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript(() => { WebAssembly.validate = () => false; });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(new URL(`?lang=${lang}#scene=race`, BASE_URL).href);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'unsupported', null, { timeout: 30000 });
    const note = page.getByRole('alert').filter({ hasText: title });
    assert.match(await note.innerText(), versions);
    assert.ok(await note.isVisible());
    assert.equal(await page.locator('[role="tab"]').count(), 0, 'no scene started');
    assert.equal(await page.locator('.top-tools').isVisible(), false, 'no tools that cannot work');
    assert.deepEqual(errors, []);
    await screenshot(page, `floor-1366x768-${lang}`);
    await context.close();
  });
}
