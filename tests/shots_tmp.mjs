// One-off: every scene at three sizes, both languages, normal and presenter; lecture steps sample.
import { chromium } from 'playwright-core';
const BASE = process.env.URL ?? 'http://127.0.0.1:8092/';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const scenes = ['race', 'init', 'train', 'preprocess', 'search', 'regularize', 'landscape'];
const settled = (page) => page.waitForFunction(() => [...document.querySelectorAll('[data-computing]')].every((n) => n.dataset.computing === 'false'), null, { timeout: 120000, polling: 100 });
for (const lang of ['en', 'ko']) {
  for (const [w, h] of [[1024, 768], [1366, 768], [1920, 1080]]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h } });
    const page = await ctx.newPage();
    await page.goto(`${BASE}?lang=${lang}#scene=race`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60000 });
    for (const mode of ['normal', 'presenter']) {
      for (const s of scenes) {
        await page.evaluate((x) => { location.hash = `scene=${x}`; }, s);
        await page.waitForFunction((x) => document.getElementById(`tab-${x}`)?.getAttribute('aria-selected') === 'true', s);
        await settled(page);
        await page.waitForTimeout(300);
        await page.screenshot({ path: `/tmp/shots/${s}-${mode}-${w}x${h}-${lang}.png` });
      }
      if (mode === 'normal') await page.keyboard.press('p');
    }
    await ctx.close();
  }
}
await browser.close();
