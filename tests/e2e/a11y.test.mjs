// Accessibility: axe-core finds no serious or critical violation on any scene, in either language.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, open, assertNoErrors } from './helpers.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const lang of ['en', 'ko']) {
  for (const scene of ['race', 'init&width=100&batch=200&dim=100', 'train', 'train&ds=digits&layers=1&width=32']) {
    test(`axe: #scene=${scene} in ${lang} has no serious or critical violations`, async () => {
      // bypassCSP only lets the test inject axe itself; the page still runs under its policy otherwise.
      const { page, errors, context } = await open(browser, `?lang=${lang}#scene=${scene}`, { bypassCSP: true });
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
