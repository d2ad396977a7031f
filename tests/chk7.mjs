import { launch, open, settled } from './e2e/helpers.mjs';
const browser = await launch();
const { page } = await open(browser, '#scene=init&width=100&batch=200&dim=100', { base: 'http://127.0.0.1:8091/', width: 1366, height: 768 });
page.on('console', (m) => console.log(Math.round(performance.now()), m.text()));
await settled(page);
await page.evaluate(() => { new PerformanceObserver((l) => l.getEntries().forEach((e) => console.log('LT', Math.round(e.duration)))).observe({ type: 'longtask' }); });
for (const tab of ['Train a network', 'Optimizer race', 'Train a network', 'Optimizer race']) { await page.getByRole('tab', { name: tab }).click(); await settled(page); await page.waitForTimeout(500); }
await browser.close();
