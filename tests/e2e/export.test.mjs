// Export: each scene saves its charts as PNG and SVG and its numbers as CSV that parse (the
// scenes from the page's tabs: a new scene is in without a line here).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, assertNoErrors, settled, sceneIds } from './helpers.mjs';

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

/** Parse SVG text in the page: element counts, the text content, and any parser error. */
function parseSvg(page, text) {
  return page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const count = (tag) => doc.getElementsByTagName(tag).length;
    return {
      root: doc.documentElement.localName,
      error: doc.getElementsByTagName('parsererror')[0]?.textContent ?? null,
      paths: count('path') + count('rect'),
      texts: [...doc.getElementsByTagName('text')].map((t) => t.textContent),
      images: count('image'),
    };
  }, text);
}

// [scene, hash, PNG files, SVG files and a text each SVG set must contain, CSV header]
for (const [scene, hash, pngs, [svgs, svgText], header] of [
  ['race', '#scene=race', 3, [2, 'Loss − minimum (log)'], 'optimizer,lr,step,x,y,loss'],
  ['init', '#scene=init&width=100&batch=200&dim=100', 5, [5, 'Layer 1: σ'], 'layer,mean,std,saturated_fraction,zero_fraction,dead_fraction,grad_std'],
  ['train', '#scene=train', 5, [5, 'Epoch'], 'epoch,lr,train_loss,train_acc,val_loss,val_acc'],
]) {
  test(`${scene}: charts save as PNG and as SVG (drawn by the Rust renderer), numbers as CSV`, async () => {
    // A fresh page for the vector files: Chromium stops a page's automatic downloads after ten.
    const ready = async () => {
      const opened = await open(browser, hash);
      await settled(opened.page);
      if (scene === 'train') await opened.page.getByRole('button', { name: 'One epoch' }).click();
      await settled(opened.page);
      return opened;
    };
    const { page, errors, context } = await ready();
    const images = await downloads(page, 'Save charts (PNG)', pngs);
    for (const { filename, bytes } of images) {
      assert.match(filename, new RegExp(`^gradscope-${scene}-[a-z-]+\\.png$`));
      assert.ok(bytes.subarray(0, 8).equals(PNG), `${filename} is a PNG`);
    }
    const second = await ready();
    const vectors = await downloads(second.page, 'Save charts (SVG)', svgs);
    const allText = [];
    for (const { filename, bytes } of vectors) {
      assert.match(filename, new RegExp(`^gradscope-${scene}-[a-z-]+\\.svg$`));
      const svg = await parseSvg(page, bytes.toString('utf8'));
      assert.equal(svg.error, null, `${filename} parses`);
      assert.equal(svg.root, 'svg');
      assert.ok(svg.paths > 10, `${filename} has vector shapes (${svg.paths})`);
      assert.ok(svg.texts.length > 3, `${filename} has text (axis labels)`);
      allText.push(...svg.texts);
    }
    assert.ok(allText.some((t) => t.includes(svgText)), `an SVG says "${svgText}"`);
    assertNoErrors(second.errors);
    await second.context.close();
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

/** Click `name` and collect what it downloads, until none has come for two seconds. */
async function downloadsUntilQuiet(page, name) {
  const files = [];
  let last = Date.now();
  page.on('download', async (d) => {
    last = Date.now();
    files.push({ filename: d.suggestedFilename(), bytes: readFileSync(await d.path()) });
    last = Date.now();
  });
  await page.getByRole('button', { name }).click();
  while (files.length === 0 || Date.now() - last < 2000) await new Promise((r) => setTimeout(r, 200));
  page.removeAllListeners('download');
  return files;
}

// Every other scene of the page's tabs (the registry's): the same charts as PNG and as SVG,
// each a valid file with shapes and text, and a CSV whose rows line up and carry numbers.
const DETAILED = ['race', 'init', 'train'];
const OTHERS = (await sceneIds()).filter((id) => !DETAILED.includes(id));

for (const scene of OTHERS) {
  test(`${scene}: the same charts save as PNG and SVG, the numbers as CSV`, async () => {
    const ready = async () => {
      const opened = await open(browser, `#scene=${scene}${scene === 'regularize' ? '&epochs=20' : ''}`);
      await settled(opened.page);
      return opened;
    };
    const { page, errors, context } = await ready();
    const images = await downloadsUntilQuiet(page, 'Save charts (PNG)');
    for (const { filename, bytes } of images) {
      assert.match(filename, new RegExp(`^gradscope-${scene}-[a-z0-9-]+\\.png$`));
      assert.ok(bytes.subarray(0, 8).equals(PNG), `${filename} is a PNG`);
    }
    const second = await ready();
    const vectors = await downloadsUntilQuiet(second.page, 'Save charts (SVG)');
    assert.deepEqual(vectors.map((v) => v.filename.replace(/\.svg$/, '')).sort(), images.map((i) => i.filename.replace(/\.png$/, '')).sort(), 'the same charts');
    for (const { filename, bytes } of vectors) {
      const svg = await parseSvg(page, bytes.toString('utf8'));
      assert.equal(svg.error, null, `${filename} parses`);
      assert.ok(svg.paths > 10 && svg.texts.length > 3, `${filename} has shapes (${svg.paths}) and text (${svg.texts.length})`);
    }
    assertNoErrors(second.errors);
    await second.context.close();
    const [{ filename, bytes }] = await downloadsUntilQuiet(page, 'Save data (CSV)');
    assert.equal(filename, `gradscope-${scene}.csv`);
    const rows = bytes.toString('utf8').trim().split('\n').map((r) => r.split(','));
    assert.ok(rows.length > 1, 'has data rows');
    for (const row of rows.slice(1)) {
      assert.equal(row.length, rows[0].length, row.join(','));
      assert.ok(row.some((v) => v !== '' && Number.isFinite(Number(v))), `numbers: ${row.join(',')}`);
    }
    assertNoErrors(errors);
    await context.close();
  });
}
