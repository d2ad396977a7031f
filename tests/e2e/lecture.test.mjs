// The lecture path: driven from the first step to the last with PageDown (a question step takes
// one press to reveal its figure, one more to move on) and back with PageUp; every step mounts
// its scene with no refusal; Home / End, the contents, b (blank) and Esc (leave, the state
// kept); both languages; presenter mode. Screenshots of a few steps.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, assertNoErrors, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const bar = (page) => page.evaluate(() => {
  const node = document.getElementById('lecture-bar');
  const banner = document.getElementById('banner');
  return {
    shown: !node.hidden,
    step: node.dataset.step,
    revealed: node.dataset.revealed === 'true',
    title: node.querySelector('.lecture-title').textContent,
    scene: document.querySelector('[role="tab"][aria-selected="true"]')?.dataset.scene,
    stageHidden: [...document.querySelectorAll('#scene .stage')].some((s) => getComputedStyle(s).visibility === 'hidden'),
    choices: [...node.querySelectorAll('.lecture-choices li')].filter((li) => li.offsetParent).length,
    textShown: Boolean(node.querySelector('.lecture-text').offsetParent),
    claims: [...node.querySelectorAll('.lecture-claims li')].filter((li) => li.offsetParent).map((li) => li.textContent),
    answer: node.querySelector('.lecture-answer').offsetParent ? node.querySelector('.lecture-answer').textContent : null,
    refusal: banner.hidden ? null : document.getElementById('banner-text').textContent,
    hash: location.hash,
  };
});

test('PageDown walks both lectures step by step, questions first; PageUp walks back', async () => {
  const { page, errors, context } = await open(browser, '?workers=2#lecture=6&step=1', { width: 1366, height: 768 });
  const steps = await page.evaluate(async () => (await import('/pkg/gradscope.js')).lecturePath().steps);
  let state = await bar(page);
  assert.equal(state.step, steps[0].id);
  const seen = [];
  for (const [i, step] of steps.entries()) {
    state = await bar(page);
    assert.equal(state.step, step.id, `step ${i + 1}`);
    assert.equal(state.scene, step.scene, `${step.id}: its scene`);
    assert.equal(state.refusal, null, `${step.id}: #scene=${step.scene}&${step.link} is accepted`);
    const within = steps.filter((s) => s.lecture === step.lecture).indexOf(step) + 1;
    assert.equal(state.hash, `#lecture=${step.lecture}&step=${within}`);
    assert.notEqual(state.title, '', `${step.id} has a title`);
    if (step.question) {
      assert.equal(state.revealed, false, `${step.id} asks first`);
      assert.ok(state.stageHidden, `${step.id}: the figure waits for the answer`);
      assert.equal(state.choices, step.question.choices.length, `${step.id}: its lettered choices`);
      assert.ok(!state.textShown && state.claims.length === 0 && state.answer === null, `${step.id}: nothing gives the answer away`);
      await page.keyboard.press('PageDown');
      state = await bar(page);
      assert.equal(state.step, step.id, 'the first press reveals, it does not move on');
      assert.ok(state.revealed && !state.stageHidden, `${step.id}: revealed`);
      assert.match(state.answer, /^Answer: [ABCD] — /, `${step.id}: the answer is given`);
    }
    assert.ok(state.textShown, `${step.id}: its caption`);
    assert.equal(state.claims.length, step.said.length, `${step.id}: what its figure shows`);
    for (const c of state.claims) assert.doesNotMatch(c, /\{\d|claim\./, `${step.id}: a worded claim: ${c}`);
    if (i === 18) await screenshot(page, 'lecture-small-init-revealed-1366x768-en');
    seen.push(step.id);
    if (i < steps.length - 1) await page.keyboard.press('PageDown');
  }
  assert.equal(seen.length, steps.length);
  assert.equal((await bar(page)).step, steps.at(-1).id);
  for (let k = 2; k <= 4; k += 1) {
    await page.keyboard.press('PageUp');
    assert.equal((await bar(page)).step, steps.at(-k).id);
  }
  await page.keyboard.press('Home');
  assert.equal((await bar(page)).step, steps[0].id);
  await page.keyboard.press('End');
  assert.equal((await bar(page)).step, steps.at(-1).id);
  assertNoErrors(errors);
  await context.close();
});

test('the contents jump to a step; b blanks the screen; Esc leaves with the scene state kept', async () => {
  const { page, errors, context } = await open(browser, '#scene=race', { width: 1366, height: 768 });
  await page.getByRole('button', { name: 'Lecture', exact: true }).click();
  assert.equal((await bar(page)).hash, '#lecture=6&step=1');
  await page.getByRole('button', { name: 'Contents' }).click();
  await page.locator('dialog.lecture-toc').getByRole('button', { name: 'SGD + Momentum' }).click();
  let state = await bar(page);
  assert.equal(state.step, 'momentum');
  assert.equal(state.scene, 'race');
  await page.keyboard.press('b');
  assert.ok(await page.locator('.lecture-blank').isVisible(), 'blanked');
  await page.keyboard.press('b');
  assert.ok(await page.locator('.lecture-blank').isHidden(), 'back');
  await page.keyboard.press('ArrowRight'); // reveal
  await page.keyboard.press('Escape');
  state = await bar(page);
  assert.equal(state.shown, false);
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('presenter')), false, 'leaving restores the view it found');
  assert.match(state.hash, /^#scene=race&/, 'the scene keeps its own link');
  assert.match(state.hash, /opt=sgd%2Cmomentum|opt=sgd,momentum/, `the step's state stays: ${state.hash}`);
  assertNoErrors(errors);
  await context.close();
});

test('Korean, presenter mode: the step is worded in Korean and its figure is on screen', async () => {
  const { page, errors, context } = await open(browser, '?lang=ko#lecture=7&step=1', { width: 1366, height: 768 });
  const presenter = () => page.evaluate(() => document.documentElement.classList.contains('presenter'));
  assert.ok(await presenter(), 'the path is shown as the projector view');
  let state = await bar(page);
  assert.equal(state.step, 'zigzag');
  assert.match(state.title, /[가-힣]/, `a Korean title: ${state.title}`);
  await page.keyboard.press('PageDown');
  state = await bar(page);
  assert.ok(state.revealed);
  await screenshot(page, 'lecture-zigzag-presenter-1366x768-ko');
  await page.goto(page.url().replace(/#.*/, '#lecture=9&step=1'));
  await page.waitForFunction(() => !document.getElementById('banner').hidden);
  assert.match(await page.locator('#banner-text').innerText(), /9/, 'an unknown lecture is named');
  assertNoErrors(errors);
  await context.close();
});
