// The path editor: an instructor's own lecture path, built from the states on screen. "Add this
// state as a step" takes the scene on screen exactly as its link holds it, with a title, a
// caption and an optional question with lettered choices; steps move up and down and go; the
// path plays with the lecture keys, saves to a JSON file, opens from one, and packs into one link.
// The draft is kept in the browser (localStorage) so a reload loses nothing; every change goes
// through the wasm's check of the format (crate/src/lecture/authored.rs), and a refused file or
// step leaves the draft as it was.

import { t } from './i18n.js';
import { el, button } from './ui.js';
import { say, fileOf, checkPath, packPath, pathAddress } from './path.js';

const STORE = 'gradscope.path';
const LETTERS = ['A', 'B', 'C', 'D'];

const emptyDraft = () => ({ gradscope_path: 1, title: t('path.default_title'), steps: [] });

function loadDraft(wasm) {
  try {
    const stored = JSON.parse(localStorage.getItem(STORE));
    if (stored?.steps?.length) {
      const checked = checkPath(wasm, stored);
      if (checked.path) return fileOf(checked.path);
    }
  } catch {
    // Storage may be off (a private window, a locked-down school browser): start empty.
  }
  return emptyDraft();
}

function storeDraft(draft) {
  try {
    localStorage.setItem(STORE, JSON.stringify(draft));
  } catch {
    // Not kept across reloads; the file and the link still are.
  }
}

/** A file name from the path's title (characters file systems refuse dropped). */
const fileName = (title) => `${title.replace(/[\\/:*?"<>|]+/g, ' ').trim().slice(0, 60) || 'gradscope'}.gradscope-path.json`;

/**
 * Install the editor: `current()` is the state on screen `{ scene, link }`, `sceneName(id)` a
 * scene's short name, `shortLink(scene, link)` the fields that differ from its defaults, `play(path, packed)` plays a checked path, `copy(url)` copies a link,
 * `announce(text)` tells screen readers.
 */
export function installPathEditor(wasm, { current, sceneName, shortLink, play, copy, announce }) {
  let draft = loadDraft(wasm);
  const field = (tag, i18n, attrs = {}) => {
    const input = el(tag, { ...attrs });
    return { input, root: el('label', { class: 'path-field' }, [el('span', { i18n }), input]) };
  };
  const pathTitle = field('input', 'path.name', { type: 'text', maxlength: '200', name: 'path-title' });
  const stepTitle = field('input', 'path.step_title', { type: 'text', maxlength: '200', name: 'step-title', required: true });
  const caption = field('textarea', 'path.caption', { rows: '2', maxlength: '2000', name: 'caption' });
  const questionText = field('input', 'path.question', { type: 'text', maxlength: '500', name: 'question' });
  const choiceInputs = LETTERS.map((letter) => {
    const input = el('input', { type: 'text', maxlength: '300', name: `choice-${letter.toLowerCase()}` });
    const label = el('span');
    label.dataset.letter = letter;
    return { input, label, root: el('label', { class: 'path-field path-choice' }, [label, input]) };
  });
  const answer = el('select', { name: 'answer' }, LETTERS.map((l, i) => el('option', { value: String(i), text: l })));
  const stateLine = el('p', { class: 'path-state' });
  const formProblem = el('p', { class: 'path-problem', role: 'alert' });
  const list = el('ol', { class: 'path-steps' });
  const empty = el('p', { class: 'path-empty', i18n: 'path.empty' });
  const linkOut = el('input', { type: 'text', readonly: true, class: 'path-link', i18nAria: 'path.link_label', hidden: true });
  const fileInput = el('input', { type: 'file', accept: '.json,application/json', hidden: true });

  const form = el('form', { class: 'path-add', novalidate: true }, [
    el('h3', { i18n: 'path.add_title' }), stateLine, stepTitle.root, caption.root,
    el('details', { class: 'path-ask' }, [el('summary', { i18n: 'path.ask' }), questionText.root,
      el('div', { class: 'path-choices' }, choiceInputs.map((c) => c.root)),
      el('label', { class: 'path-field path-choice' }, [el('span', { i18n: 'path.answer' }), answer])]),
    formProblem,
    el('div', { class: 'buttons' }, [el('button', { type: 'submit', class: 'primary', i18n: 'path.add' })]),
  ]);
  const dialog = el('dialog', { id: 'path-editor', class: 'path-editor', 'aria-labelledby': 'path-editor-title' }, [
    el('h2', { id: 'path-editor-title', i18n: 'path.title' }),
    form,
    el('section', { class: 'path-list' }, [pathTitle.root, empty, list,
      el('div', { class: 'buttons path-actions' }, [
        button({ i18n: 'path.play', primary: true, onClick: () => playDraft() }),
        button({ i18n: 'path.save', onClick: () => saveFile() }),
        button({ i18n: 'path.open', onClick: () => fileInput.click() }),
        button({ i18n: 'path.copy', onClick: () => copyLink() }),
        el('form', { method: 'dialog' }, [el('button', { i18n: 'help.close' })]),
      ]),
      linkOut, fileInput]),
  ]);
  document.body.append(dialog);

  /** Take `next` if the wasm accepts it (kept and shown); else say why and keep the draft. */
  function adopt(next, problem = formProblem) {
    const checked = checkPath(wasm, next);
    if (!checked.path) {
      problem.textContent = checked.message;
      return false;
    }
    draft = fileOf(checked.path);
    storeDraft(draft);
    problem.textContent = '';
    linkOut.hidden = true;
    render();
    return true;
  }

  function render() {
    pathTitle.input.value = say(draft.title);
    empty.hidden = draft.steps.length > 0;
    list.replaceChildren(...draft.steps.map((step, i) => {
      const label = `${say(step.title)} — ${sceneName(step.scene)}${step.question ? ` · ${t('path.asks')}` : ''}`;
      const move = (by, i18n, disabled) => button({ i18n, class: 'path-move', disabled, onClick: () => moveStep(i, by) });
      return el('li', {}, [el('span', { class: 'path-step-title', text: label }),
        move(-1, 'path.up', i === 0), move(1, 'path.down', i === draft.steps.length - 1),
        button({ i18n: 'path.delete', onClick: () => deleteStep(i) })]);
    }));
    for (const c of choiceInputs) c.label.textContent = t('path.choice', { letter: c.label.dataset.letter });
  }

  function moveStep(i, by) {
    const steps = [...draft.steps];
    [steps[i], steps[i + by]] = [steps[i + by], steps[i]];
    draft = { ...draft, steps };
    storeDraft(draft);
    render();
    list.children[i + by]?.querySelector(by < 0 ? '.path-move' : '.path-move:not(:first-of-type)')?.focus();
  }

  function deleteStep(i) {
    draft = { ...draft, steps: draft.steps.filter((_, j) => j !== i) };
    storeDraft(draft);
    render();
    announce(t('path.deleted', { n: i + 1 }));
  }

  /** The form's step, or a message naming what is missing. */
  function formStep() {
    const { scene, link } = current();
    const step = { scene, link, title: stepTitle.input.value.trim() };
    if (!step.title) return { message: t('path.need_title') };
    if (caption.input.value.trim()) step.text = caption.input.value.trim();
    const asked = questionText.input.value.trim();
    if (asked) {
      const filled = choiceInputs.map((c, i) => [c.input.value.trim(), i]).filter(([text]) => text);
      if (filled.length < 2) return { message: t('path.need_choices') };
      const right = filled.findIndex(([, i]) => i === Number(answer.value));
      if (right < 0) return { message: t('path.need_answer', { letter: LETTERS[Number(answer.value)] }) };
      step.question = { text: asked, choices: filled.map(([text]) => text), answer: right };
    }
    return { step };
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { step, message } = formStep();
    if (message) {
      formProblem.textContent = message;
      return;
    }
    if (!adopt({ ...draft, steps: [...draft.steps, step] })) return;
    form.reset();
    announce(t('path.added', { n: draft.steps.length }));
  });

  pathTitle.input.addEventListener('change', () => {
    const title = pathTitle.input.value.trim();
    if (title) adopt({ ...draft, title });
    else render();
  });

  async function playDraft() {
    if (!draft.steps.length) {
      formProblem.textContent = t('path.empty');
      return;
    }
    const checked = checkPath(wasm, draft);
    if (!checked.path) return void (formProblem.textContent = checked.message);
    dialog.close();
    play(checked.path, await packPath(draft));
  }

  function saveFile() {
    const blob = new Blob([`${JSON.stringify(draft, null, 2)}\n`], { type: 'application/json' });
    const a = el('a', { href: URL.createObjectURL(blob), download: fileName(say(draft.title)) });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    let parsed;
    try {
      parsed = JSON.parse(await file.text());
    } catch (err) {
      formProblem.textContent = t('path.refused_file', { name: file.name, reason: t('path.not_json', { message: err.message }) });
      return;
    }
    const checked = checkPath(wasm, parsed);
    if (!checked.path) {
      formProblem.textContent = t('path.refused_file', { name: file.name, reason: checked.message });
      return;
    }
    adopt(fileOf(checked.path));
    announce(t('path.opened', { title: say(draft.title), n: draft.steps.length }));
  });

  async function copyLink() {
    if (!draft.steps.length) return void (formProblem.textContent = t('path.empty'));
    const url = pathAddress(await packPath(draft));
    linkOut.value = url;
    linkOut.hidden = false;
    linkOut.select();
    copy(url);
  }

  return {
    /** Open the editor on the state on screen. */
    open() {
      const { scene, link } = current();
      const differs = shortLink(scene, link);
      stateLine.textContent = t('path.state', { scene: sceneName(scene), link: differs ? differs.slice(0, 90) : t('path.defaults') });
      formProblem.textContent = '';
      render();
      dialog.showModal();
      stepTitle.input.focus();
    },
    relabel: () => render(),
  };
}
