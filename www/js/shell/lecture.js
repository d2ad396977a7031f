// A lecture path on screen: the built-in lectures (`#lecture=6&step=4`, crate/src/lecture/
// lists them; their words are `lecture.<id>.*`) or an instructor's own (`#path=…&step=2`, made
// in the path editor), both in the path format of crate/src/lecture/authored.rs. Each step mounts
// its scene in exactly the state its link holds and stays live; a step that asks a question
// shows only the question and its lettered choices until the next key, then the caption, the
// answer and what the figure shows (its claims). Clicker and keyboard keys: PageDown / → / Space
// next, PageUp / ← back, Home / End, b blanks the screen, Esc leaves the path keeping the current
// state.

import { t, claimText } from './i18n.js';
import { el, button } from './ui.js';
import { say } from './path.js';

/** Keys that step forward and back (presentation clickers send PageDown / PageUp). */
const NEXT = new Set(['PageDown', 'ArrowRight', ' ']);
const PREV = new Set(['PageUp', 'ArrowLeft']);

/** Claim arguments that name a method or a network read as the scene's legend names them. */
const ARG_KEYS = { regularize: 'reg.method.', landscape: 'land.net.' };

function worded(scene, said) {
  const prefix = ARG_KEYS[scene];
  if (!prefix) return said;
  const word = (raw, shown) => (t(`${prefix}${raw}`) === `${prefix}${raw}` ? shown : t(`${prefix}${raw}`));
  return { ...said, args: said.raw.map((raw, i) => word(raw, said.args[i])) };
}

/** Whether a key belongs to the focused control (a slider's arrows, a field's typing). */
function controlOwnsKey(event) {
  const target = event.target;
  if (event.key.startsWith('Page')) return false; // a clicker's keys always go to the path
  if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) && target.type !== 'checkbox') return true;
  return ['BUTTON', 'SUMMARY', 'INPUT'].includes(target.tagName) && event.key === ' ';
}

/** Give `node` the text `text` (words of a path, relabelled by `relabel`, not by data-i18n). */
function show(node, text) {
  delete node.dataset.i18n;
  node.textContent = text;
}

/**
 * The player: `builtIn` from `wasm.lecturePath()`, `mount(scene, link)` mounts a scene,
 * `writeStep({ step, within, index, packed })` puts the step in the address bar (`packed`: an
 * own path's link, null for the built-in one), `leave()` writes the mounted scene's own link,
 * `arrive()` starts the mounted scene's animation or training once the figure is on screen (a
 * step's claims are about its finished state), `measured()` after the caption's height changed
 * (the figure takes the rest of the screen), `shown(open)` when the path opens and closes (it is
 * shown as the projector view), `edit()` opens the path editor.
 */
export function createLecture({ builtIn, mount, writeStep, leave, arrive, measured, shown, edit }) {
  let path = builtIn;
  let steps = path.steps;
  let packed = null; // the own path's link, null while the built-in one plays
  let index = -1; // the step on screen; -1 when the path is closed
  let revealed = true;
  const progress = el('progress', { class: 'lecture-progress', max: String(steps.length), value: '0' });
  const where = el('p', { class: 'lecture-where' });
  const title = el('h2', { class: 'lecture-title' });
  const text = el('p', { class: 'lecture-text' });
  const question = el('p', { class: 'lecture-question' });
  const choices = el('ol', { class: 'lecture-choices', type: 'A' });
  const answer = el('p', { class: 'lecture-answer' });
  const reveal = el('p', { class: 'lecture-reveal', i18n: 'lecture.reveal' });
  const shows = el('ul', { class: 'lecture-claims', i18nAria: 'lecture.shows' });
  const contents = el('dialog', { class: 'lecture-toc', 'aria-labelledby': 'lecture-toc-title' });
  const bar = el('section', { id: 'lecture-bar', class: 'lecture-bar', hidden: true, i18nAria: 'lecture.start' }, [
    progress,
    el('div', { class: 'lecture-head' }, [where, title,
      el('div', { class: 'lecture-nav' }, [
        button({ i18n: 'lecture.prev', onClick: () => go(index - 1) }),
        button({ i18n: 'lecture.next', primary: true, onClick: () => forward() }),
        button({ i18n: 'lecture.toc', 'aria-haspopup': 'dialog', onClick: () => contents.showModal() }),
        button({ i18n: 'lecture.leave', onClick: () => close() }),
      ])]),
    question, choices, reveal, text, answer, shows,
  ]);
  const blank = el('div', { class: 'lecture-blank', hidden: true, role: 'status' }, [el('p', { i18n: 'lecture.blanked' })]);
  document.querySelector('header.top').after(bar);
  document.body.append(blank, contents);
  buildContents();

  /** The part a step belongs to ("Lecture 6"): its own, else the path's title. */
  function partOf(step) {
    return step.part ?? path.title;
  }
  function samePart(a, b) {
    return JSON.stringify(partOf(a)) === JSON.stringify(partOf(b));
  }
  function ofPart(step) {
    return steps.filter((s) => samePart(s, step));
  }

  function buildContents() {
    const parts = steps.filter((s, i) => steps.findIndex((o) => samePart(o, s)) === i);
    contents.replaceChildren(el('h2', { id: 'lecture-toc-title', i18n: 'lecture.toc_title' }), ...parts.map((first) => el('section', {}, [
      el('h3', { text: say(partOf(first)) }),
      el('ol', {}, steps.map((s, i) => [s, i]).filter(([s]) => samePart(s, first)).map(([s, i]) => el('li', {}, [
        button({ text: say(s.title), onClick: () => { contents.close(); go(i); } }),
      ]))),
    ])), el('div', { class: 'buttons' }, [
      button({ i18n: 'path.open_editor', onClick: () => { contents.close(); edit(); } }),
      el('form', { method: 'dialog' }, [el('button', { i18n: 'help.close' })]),
    ]));
  }

  /** Step `i` of the whole path (clamped): its scene in the step's state, its words. */
  function go(i) {
    const next = Math.max(0, Math.min(steps.length - 1, i));
    const step = steps[next];
    if (index < 0) shown(true);
    index = next;
    revealed = !step.question;
    document.documentElement.classList.add('lecture-on');
    bar.hidden = false;
    mount(step.scene, step.link);
    writeStep({ step, within: ofPart(step).indexOf(step) + 1, index: next, packed });
    writeWords();
    progress.max = steps.length;
    progress.value = next + 1;
    bar.dataset.step = step.id ?? String(next + 1);
    showReveal();
  }

  /** The step's words in the current language: before the reveal a neutral title (a step's own
   * title can give the answer away), the question and its lettered choices; after it the title,
   * the caption, the answer and what the figure shows. */
  function writeWords() {
    const step = steps[index];
    writeWhere();
    const asking = !revealed;
    show(title, asking ? t('lecture.question_title') : say(step.title));
    show(text, say(step.text));
    const q = step.question;
    show(question, q ? say(q.text) : '');
    choices.replaceChildren(...(q?.choices ?? []).map((c) => el('li', { text: say(c) })));
    if (q) answer.textContent = t('lecture.answer', { letter: 'ABCD'[q.answer], choice: say(q.choices[q.answer]) });
    shows.replaceChildren(...step.said.map((said) => el('li', {}, [claimText(worded(step.scene, said))])));
  }

  /** "Lecture 6 · Training Neural Networks I · Step 4 of 33" (in the current language). */
  function writeWhere() {
    const step = steps[index];
    const part = ofPart(step);
    where.textContent = `${say(partOf(step))} · ${t('lecture.progress', { step: part.indexOf(step) + 1, total: part.length })}`;
    progress.setAttribute('aria-label', where.textContent);
  }

  function showReveal() {
    const step = steps[index];
    writeWords();
    question.hidden = choices.hidden = !step.question || revealed;
    reveal.hidden = revealed;
    text.hidden = !revealed || !step.text;
    shows.hidden = !revealed;
    answer.hidden = !step.question || !revealed;
    document.documentElement.classList.toggle('lecture-asking', !revealed);
    bar.dataset.revealed = String(revealed);
    measured();
    requestAnimationFrame(() => placeFigure());
    if (revealed) arrive();
  }

  /** The step's figure on screen: the page's top, or the step's focus just below the caption
   * (which stays on top while the page scrolls). A focus that is not drawn yet (a chart that
   * appears when its computation ends) is waited for, as long as the step stays. */
  function placeFigure(tries = 300) {
    const step = steps[index];
    const target = step && revealed && step.focus ? focusOf(step) : null;
    if (target && !target.getClientRects().length && tries > 0) {
      const waiting = index;
      setTimeout(() => index === waiting && placeFigure(tries - 1), 100);
      return;
    }
    const top = target ? target.getBoundingClientRect().top + window.scrollY - bar.offsetHeight - 8 : 0;
    window.scrollTo(0, Math.max(0, top));
    placedAt = target ? window.scrollY : null;
  }
  /** The step's focus, if its selector finds it (an own path's selector may find nothing). */
  function focusOf(step) {
    try {
      return document.querySelector(step.focus);
    } catch {
      return null;
    }
  }

  // What sits above a step's focus can grow after the scroll (a comparison's table filling in):
  // keep the focus in place until the presenter scrolls on their own.
  let placedAt = null;
  new ResizeObserver(() => {
    if (index >= 0 && placedAt !== null && window.scrollY === placedAt) placeFigure(0);
  }).observe(document.getElementById('scene'));

  /** The next key: reveal the step's figure if it asks first, else the next step. */
  function forward() {
    if (!revealed) {
      revealed = true;
      showReveal();
    } else if (index < steps.length - 1) {
      go(index + 1);
    }
  }

  /** Leave the path; `keepState` writes the mounted scene's own link (Esc, the button). */
  function close(keepState = true) {
    if (index < 0) return;
    index = -1;
    shown(false);
    bar.hidden = true;
    blank.hidden = true;
    document.documentElement.classList.remove('lecture-on', 'lecture-asking');
    measured();
    if (keepState) leave();
  }

  window.addEventListener('keydown', (event) => {
    if (index < 0 || event.ctrlKey || event.metaKey || event.altKey || contents.open) return;
    if (document.querySelector('dialog[open]')) return; // the shortcut list is open
    const act = (fn) => {
      event.preventDefault();
      event.stopImmediatePropagation();
      fn();
    };
    if (event.key === 'b') return act(() => { blank.hidden = !blank.hidden; });
    if (!blank.hidden) return act(() => { blank.hidden = true; }); // any key brings the screen back
    if (event.key === 'Escape') return act(() => close());
    if (controlOwnsKey(event)) return;
    if (NEXT.has(event.key)) return act(forward);
    if (PREV.has(event.key)) return act(() => go(index - 1));
    if (event.key === 'Home') return act(() => go(0));
    if (event.key === 'End') return act(() => go(steps.length - 1));
  }, true);

  /** Play `next` (checked by the wasm) from its step `at`; `link` is its packed form, null for
   * the built-in path. */
  function play(next, at, link) {
    path = next;
    steps = path.steps;
    packed = link;
    buildContents();
    go(at);
  }

  return {
    /** Open `#lecture=L&step=S` (1-based within the lecture); false if there is no such step. */
    open(lecture, step) {
      if (path !== builtIn) {
        path = builtIn;
        steps = path.steps;
        packed = null;
        buildContents();
      }
      const inLecture = steps.map((s, i) => [s, i]).filter(([s]) => s.lecture === lecture);
      const found = inLecture[step - 1];
      go(found ? found[1] : (inLecture[0]?.[1] ?? 0));
      return Boolean(found);
    },
    /** Play an own path (`#path=…&step=S`, the editor's Play) from its step `step` (1-based). */
    play: (next, step, link) => play(next, Math.max(0, Math.min(next.steps.length, step) - 1), link),
    /** Open the built-in path at its first step (the top bar's button), or where it is. */
    start: () => (index < 0 ? play(builtIn, 0, null) : go(index)),
    close,
    get active() {
      return index >= 0;
    },
    relabel() {
      buildContents();
      if (index >= 0) writeWords();
    },
  };
}
