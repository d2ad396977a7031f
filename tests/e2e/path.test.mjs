// An instructor's own lecture path: states added as steps from the page (one asks a question),
// reordered and deleted, kept across a reload, saved to a file and packed into a link; the path
// reopened from its link and from its file walks the same steps, with the lecture keys. A bad
// file and a damaged link are refused in the reader's language, the draft kept.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { launch, open, assertNoErrors, screenshot, settled } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const editor = (page) => page.locator('dialog#path-editor');
const stepsListed = (page) => editor(page).locator('.path-step-title').allInnerTexts();

/** Show `hash` and wait for its scene. */
async function goTo(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash.startsWith(h.split('&')[0]), hash);
  await settled(page);
}

/** From the scene on screen: Share (the s key), then "Add to my lecture path…". */
async function openEditor(page) {
  await page.keyboard.press('s');
  await page.locator('dialog#share').waitFor();
  await page.locator('#share-to-path').click();
  await editor(page).waitFor();
}

async function addStep(page, { title, caption, question, choices, answer }) {
  await openEditor(page);
  await editor(page).locator('input[name="step-title"]').fill(title);
  if (caption) await editor(page).locator('textarea[name="caption"]').fill(caption);
  if (question) {
    await editor(page).locator('.path-ask summary').click();
    await editor(page).locator('input[name="question"]').fill(question);
    for (const [i, c] of choices.entries()) await editor(page).locator(`input[name="choice-${'abcd'[i]}"]`).fill(c);
    await editor(page).locator('select[name="answer"]').selectOption(String(answer));
  }
  await editor(page).locator('button[type="submit"]').click();
}

/** Walk the playing path with PageDown: each step's scene, title and answer, and the scene's own
 * link once Esc leaves on the last step. */
async function walk(page, count) {
  const seen = [];
  await page.waitForFunction(() => location.hash.startsWith('#path=') && !document.getElementById('lecture-bar').hidden);
  for (let i = 0; i < count; i += 1) {
    const read = () => page.evaluate(() => {
      const bar = document.getElementById('lecture-bar');
      return {
        revealed: bar.dataset.revealed === 'true',
        title: bar.querySelector('.lecture-title').textContent,
        question: bar.querySelector('.lecture-question').textContent,
        answer: bar.querySelector('.lecture-answer').offsetParent ? bar.querySelector('.lecture-answer').textContent : null,
        choices: [...bar.querySelectorAll('.lecture-choices li')].filter((li) => li.offsetParent).map((li) => li.textContent),
        scene: document.querySelector('[role="tab"][aria-selected="true"]')?.dataset.scene,
        hash: location.hash,
      };
    });
    let state = await read();
    assert.match(state.hash, new RegExp(`^#path=[A-Za-z0-9_-]+&step=${i + 1}$`), 'the address holds the path and the step');
    let asked = null;
    if (!state.revealed) {
      asked = { title: state.title, question: state.question, choices: state.choices };
      await page.keyboard.press('PageDown');
      state = await read();
    }
    seen.push({ scene: state.scene, title: state.title, answer: state.answer, asked });
    if (i < count - 1) await page.keyboard.press('PageDown');
  }
  await page.keyboard.press('Escape');
  seen.push(await page.evaluate(() => location.hash.replace(/&hide=.*/, '')));
  return seen;
}

test('a path authored in the page, saved, reopened from its link and from its file walks the same steps', async () => {
  const { page, errors, context } = await open(browser, '#scene=race&opt=sgd,adam&lr=0.05', { width: 1366, height: 768 });
  await addStep(page, { title: 'Adam against SGD', caption: 'Watch the valley.', question: 'Which gets there first?', choices: ['SGD', 'Adam'], answer: 1 });
  assert.deepEqual(await stepsListed(page), ['Adam against SGD — Race · asks']);
  await editor(page).getByRole('button', { name: 'Close' }).click();
  await goTo(page, '#scene=init&act=tanh&init=small');
  await addStep(page, { title: 'Tanh, small init' });
  await editor(page).getByRole('button', { name: 'Close' }).click();
  await goTo(page, '#scene=preprocess');
  await addStep(page, { title: 'Preprocessing' });
  // Reorder and delete: the init step first, the preprocessing step gone.
  await editor(page).locator('li').nth(0).getByRole('button', { name: '↓' }).click();
  await editor(page).locator('li').nth(2).getByRole('button', { name: 'Delete' }).click();
  assert.deepEqual((await stepsListed(page)).map((s) => s.split(' — ')[0]), ['Tanh, small init', 'Adam against SGD']);
  await editor(page).locator('input[name="path-title"]').fill('Week 3');
  await editor(page).locator('input[name="path-title"]').press('Tab');
  // A step without a title is refused, naming what is missing; the draft stays.
  await editor(page).locator('button[type="submit"]').click();
  assert.equal(await editor(page).locator('.path-problem').innerText(), 'A step needs a title.');
  assert.equal((await stepsListed(page)).length, 2);
  await screenshot(page, 'path-editor-1366x768-en');

  const [download] = await Promise.all([page.waitForEvent('download'), editor(page).getByRole('button', { name: 'Save file' }).click()]);
  assert.equal(download.suggestedFilename(), 'Week 3.gradscope-path.json');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gradscope-path-')), 'week3.json');
  writeFileSync(file, readFileSync(await download.path()));
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(saved.gradscope_path, 1);
  assert.equal(saved.title, 'Week 3');
  assert.deepEqual(saved.steps.map((s) => [s.scene, s.title]), [['init', 'Tanh, small init'], ['race', 'Adam against SGD']]);
  assert.deepEqual(saved.steps[1].question, { text: 'Which gets there first?', choices: ['SGD', 'Adam'], answer: 1 });
  assert.match(saved.steps[0].link, /act=tanh/);

  await editor(page).getByRole('button', { name: 'Copy link' }).click();
  await editor(page).locator('.path-link').waitFor();
  const link = await editor(page).locator('.path-link').inputValue();
  assert.match(link, /#path=[A-Za-z0-9_-]+&step=1$/);

  // Kept across a reload.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await openEditor(page);
  assert.equal((await stepsListed(page)).length, 2, 'the draft survives a reload');
  await editor(page).getByRole('button', { name: 'Play' }).click();
  const played = await walk(page, 2);
  assert.deepEqual(played.slice(0, 2).map((s) => [s.scene, s.title]), [['init', 'Tanh, small init'], ['race', 'Adam against SGD']]);
  assert.deepEqual(played[1].asked, { title: 'Question for the class', question: 'Which gets there first?', choices: ['SGD', 'Adam'] }, 'the question first, nothing given away');
  assert.equal(played[1].answer, 'Answer: B — Adam');
  assert.match(played[2], /^#scene=race&.*opt=sgd(%2C|,)adam&lr=0.05/, `Esc keeps the step's state: ${played[2]}`);
  assertNoErrors(errors);
  await context.close();

  const fromLink = await open(browser, link.slice(link.indexOf('#')), { width: 1366, height: 768 });
  assert.deepEqual(await walk(fromLink.page, 2), played, 'the link walks the same steps');
  assertNoErrors(fromLink.errors);
  await fromLink.context.close();

  const fromFile = await open(browser, '#scene=landscape', { width: 1366, height: 768 });
  await openEditor(fromFile.page);
  await editor(fromFile.page).locator('input[type="file"]').setInputFiles(file);
  await fromFile.page.waitForFunction(() => document.querySelectorAll('#path-editor .path-step-title').length === 2);
  await editor(fromFile.page).getByRole('button', { name: 'Play' }).click();
  assert.deepEqual(await walk(fromFile.page, 2), played, 'the file walks the same steps');
  assertNoErrors(fromFile.errors);
  await fromFile.context.close();
});

test('a bad file and a damaged link are refused in Korean, naming the step; the draft stays', async () => {
  const { page, errors, context } = await open(browser, '?lang=ko#scene=race', { width: 1024, height: 768 });
  await addStep(page, { title: '첫 단계' });
  const bad = path.join(mkdtempSync(path.join(tmpdir(), 'gradscope-path-')), 'bad.json');
  writeFileSync(bad, JSON.stringify({ gradscope_path: 1, title: '나쁜 경로', steps: [
    { scene: 'race', title: '좋은 단계' }, { scene: 'init', link: 'act=nope', title: '나쁜 단계' }] }));
  await editor(page).locator('input[type="file"]').setInputFiles(bad);
  const problem = editor(page).locator('.path-problem');
  await problem.waitFor();
  const said = await problem.innerText();
  assert.match(said, /^bad\.json 파일은 강의 경로로 열 수 없습니다: 2단계: 장면이 이 상태를 받아들이지 않습니다: 활성화 함수.*\(act\): 다음 중 하나여야 합니다: .*\(입력값: nope\)$/, said);
  assert.deepEqual((await stepsListed(page)).map((s) => s.split(' — ')[0]), ['첫 단계'], 'the draft is kept');
  await screenshot(page, 'path-editor-refused-1024x768-ko');
  await editor(page).getByRole('button', { name: '닫기' }).click();

  await page.evaluate(() => { location.hash = '#path=not-a-path&step=1'; });
  await page.locator('#banner').waitFor();
  assert.match(await page.locator('#banner-text').innerText(), /^이 링크의 강의 경로를 열 수 없습니다: 링크가 손상되었거나 잘렸습니다/);
  assert.equal(await page.evaluate(() => document.querySelector('[role="tab"][aria-selected="true"]').dataset.scene), 'race');
  assertNoErrors(errors);
  await context.close();
});
