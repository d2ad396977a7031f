// Share with the class: the QR code on screen decodes (jsQR, an independent decoder) to the
// link shown under it, that link opens exactly the state on screen, a lecture step shares its
// step, and the single file makes the code offline.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsQR from 'jsqr';
import { launch, open, assertNoErrors, screenshot, settled } from './helpers.mjs';

const SINGLE = fileURLToPath(new URL('../../dist/gradscope.html', import.meta.url));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Open the Share dialog; return the link it shows and what its QR code decodes to. */
async function share(page) {
  await page.locator('#share-button').click();
  const dialog = page.locator('dialog#share');
  await dialog.waitFor();
  const link = await dialog.locator('.share-link').innerText();
  const { width, height, data, box } = await dialog.locator('canvas').evaluate((canvas) => {
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    return { width, height, data: [...pixels], box: canvas.getBoundingClientRect().toJSON() };
  });
  const decoded = jsQR(Uint8ClampedArray.from(data), width, height);
  return { link, decoded: decoded?.data, box };
}

test('the QR code decodes to the link under it, and the link opens the same state (ko)', async () => {
  const { page, errors, context } = await open(browser, '?lang=ko#scene=race&surf=rosenbrock&opt=adam,rmsprop&lr=0.1&steps=300', { width: 1366, height: 768 });
  const fullHash = await page.evaluate(() => location.hash);
  const { link, decoded, box } = await share(page);
  assert.equal(decoded, link, 'the code is the link shown');
  assert.ok(box.y >= 0 && box.bottom <= 768 && box.width >= 300, `the code is large and on screen: ${JSON.stringify(box)}`);
  const url = new URL(link);
  assert.equal(url.searchParams.get('lang'), 'ko');
  assert.ok(url.hash.length < fullHash.length, `${url.hash} is shorter than ${fullHash}`);
  await screenshot(page, 'share-1366x768-ko');
  const other = await open(browser, `${url.search}${url.hash}`);
  assert.equal(await other.page.evaluate(() => location.hash), fullHash, 'the shared link opens the state on screen');
  assertNoErrors([...errors, ...other.errors]);
  await context.close();
  await other.context.close();
});

test('a lecture step shares its step; a hide= link keeps hiding', async () => {
  const { page, errors, context } = await open(browser, '#lecture=7&step=3');
  const step = await share(page);
  assert.equal(step.decoded, step.link);
  assert.match(new URL(step.link).hash, /^#lecture=7&step=3/);
  const hidden = await open(browser, '#scene=race&lr=0.05&hide=lr');
  const { link } = await share(hidden.page);
  assert.match(new URL(link).hash, /^#scene=race&.*lr=0\.05.*&hide=lr$/);
  assertNoErrors([...errors, ...hidden.errors]);
  await context.close();
  await hidden.context.close();
});

test('the single file draws the code offline', async () => {
  const { page, errors, context } = await open(browser, '#scene=init&act=relu&init=he', { base: pathToFileURL(SINGLE).href, offline: true });
  await settled(page);
  const { link, decoded } = await share(page);
  assert.equal(decoded, link);
  assert.match(link, /^file:.*#scene=init&act=relu&init=he$/);
  assertNoErrors(errors);
  await context.close();
});
