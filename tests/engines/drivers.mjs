// The two other engines behind one small interface, so one smoke suite drives both:
// Debian's Firefox ESR over WebDriver BiDi (puppeteer-core) and WebKitGTK's MiniBrowser through
// WebKitWebDriver (selenium-webdriver; the command runs under xvfb-run). No browser download.

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { Builder, Key } from 'selenium-webdriver';

export const SHOTS = process.env.GRADSCOPE_SCREENSHOTS ?? path.resolve('..', 'target', 'screenshots');
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function shotFile(name) {
  mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, `${name}.png`);
}

/**
 * Errors the page reports, collected in the page itself (WebDriver classic has no console
 * events): uncaught errors, rejections and console.error from the moment it is installed.
 */
export function installErrorHook() {
  if (window.smokeErrors) return;
  window.smokeErrors = [];
  window.addEventListener('error', (e) => window.smokeErrors.push(`error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => window.smokeErrors.push(`rejection: ${e.reason}`));
  const original = console.error;
  console.error = (...args) => {
    window.smokeErrors.push(`console: ${args.join(' ')}`);
    original.apply(console, args);
  };
}

export async function firefox() {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message ?? e}`));
  await page.evaluateOnNewDocument(installErrorHook);
  return {
    engine: 'firefox',
    version: await browser.version(),
    errors,
    goto: (url) => page.goto(url, { waitUntil: 'domcontentloaded', timeout: 90000 }),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    resize: (width, height) => page.setViewport({ width, height }),
    key: (key) => page.keyboard.press(key),
    screenshot: (name) => page.screenshot({ path: shotFile(name) }),
    close: () => browser.close(),
  };
}

/** A free local port for WebKitWebDriver. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const WEBDRIVER_KEYS = { PageDown: Key.PAGE_DOWN, PageUp: Key.PAGE_UP, ArrowRight: Key.ARROW_RIGHT, ArrowLeft: Key.ARROW_LEFT, Escape: Key.ESCAPE };

export async function webkit() {
  const port = await freePort();
  const server = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore' });
  let driver;
  for (let attempt = 0; !driver; attempt += 1) {
    try {
      driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      }).build();
    } catch (err) {
      if (attempt >= 20) { server.kill(); throw err; }
      await new Promise((r) => setTimeout(r, 250)); // the driver is still starting
    }
  }
  driver.manage().setTimeouts({ script: 120000, pageLoad: 90000 });
  const version = (await driver.getCapabilities()).get('browserVersion');
  return {
    engine: 'webkit',
    version: `WebKitGTK ${version}`,
    errors: [],
    goto: async (url) => {
      await driver.get(url);
      await driver.executeScript(installErrorHook);
    },
    // WebDriver runs the body of a function; an async one's promise is awaited.
    evaluate: (fn, arg) => driver.executeScript(`return (${fn}).apply(null, arguments)`, arg),
    resize: (width, height) => driver.manage().window().setRect({ width, height }),
    key: (key) => driver.actions().sendKeys(WEBDRIVER_KEYS[key] ?? key).perform(),
    screenshot: async (name) => writeFileSync(shotFile(name), await driver.takeScreenshot(), 'base64'),
    close: async () => {
      await driver.quit().catch(() => {});
      server.kill();
    },
  };
}
