// Export: each scene saves its charts as PNG and its numbers as CSV that parse.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, assertNoErrors } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Click `name` and collect the downloads it starts: [{ filename, bytes }]. */
async function downloads(page, name, count) {
  const files = [];
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: ${files.length} of ${count} downloads`)), 30000);
    page.on('download', async (d) => {
      files.push({ filename: d.suggestedFilename(), bytes: readFileSync(await d.path()) });
      if (files.length === count) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await page.getByRole('button', { name }).click();
  await done;
  page.removeAllListeners('download');
  return files;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

for (const [scene, hash, pngs, header] of [
  ['race', '#scene=race', 3, 'optimizer,lr,step,x,y,loss'],
  ['init', '#scene=init&width=100&batch=200&dim=100', 5, 'layer,mean,std,saturated_fraction,zero_fraction,dead_fraction,grad_std'],
  ['train', '#scene=train', 5, 'epoch,lr,train_loss,train_acc,val_loss,val_acc'],
]) {
  test(`${scene}: charts save as PNG and numbers as CSV`, async () => {
    const { page, errors, context } = await open(browser, hash);
    if (scene === 'train') await page.getByRole('button', { name: 'One epoch' }).click();
    if (scene === 'init') await page.waitForFunction(() => ![...document.querySelectorAll('.layer-table td')].some((td) => td.textContent === '…'));
    const images = await downloads(page, 'Save charts (PNG)', pngs);
    for (const { filename, bytes } of images) {
      assert.match(filename, new RegExp(`^gradscope-${scene}-[a-z-]+\\.png$`));
      assert.ok(bytes.subarray(0, 8).equals(PNG), `${filename} is a PNG`);
    }
    const [{ filename, bytes }] = await downloads(page, 'Save data (CSV)', 1);
    assert.equal(filename, `gradscope-${scene}.csv`);
    const rows = bytes.toString('utf8').trim().split('\n').map((r) => r.split(','));
    assert.ok(rows[0].join(',').startsWith(header), rows[0].join(','));
    assert.ok(rows.length > 1, 'has data rows');
    for (const row of rows.slice(1)) {
      assert.equal(row.length, rows[0].length);
      assert.ok(row.slice(1).every((v) => v === '' || Number.isFinite(Number(v))), row.join(','));
    }
    assertNoErrors(errors);
    await context.close();
  });
}
