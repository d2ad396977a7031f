// Export for slides and homework: every chart as PNG (the canvas) and as SVG (the same Rust
// drawing code, recorded as vectors: see svg.js), the scene's numbers as CSV (the CSV text
// comes from Rust, so it matches what is drawn), and the same numbers as a table on the page:
// the charts' text alternative for screen readers and for the last row.

import { t } from '../shell/i18n.js';
import { el, button, fmt, showError, errorText } from '../shell/ui.js';
import { drawToSvg } from './svg.js';

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A CSV cell that is a name (an optimizer, a method), not a number. */
const isName = (cell) => Number.isNaN(Number(cell));

/** A table this long is shown every k-th row (its groups' last rows kept); the CSV has all. */
const MAX_TABLE_ROWS = 200;

/** Rows to show of `rows`: all, or every k-th one plus the last of each group (runs of equal
 * names in the first column: each optimizer's, method's or stage's final numbers stay). */
function sampleRows(rows) {
  if (rows.length <= MAX_TABLE_ROWS) return rows;
  const k = Math.ceil(rows.length / MAX_TABLE_ROWS);
  const named = isName(rows[0][0]);
  return rows.filter((row, i) => i % k === 0 || i === rows.length - 1 || (named && rows[i + 1][0] !== row[0]));
}

/** A cell as read-out: numbers compact (3 significant digits), names and empty cells as they are. */
function cellText(cell) {
  return cell === '' || isName(cell) || Number.isInteger(Number(cell)) ? cell : fmt(Number(cell));
}

/** The scene's CSV as a table in a dialog (our CSV has no quoting: numbers and plain names). */
function showNumbers(csvText, filename) {
  const [header = [], ...body] = csvText.trim().split('\n').filter(Boolean).map((line) => line.split(','));
  const shown = sampleRows(body);
  const count = body.length === 0 ? t('export.numbers_none')
    : t(shown.length < body.length ? 'export.numbers_sampled' : 'export.numbers_all', { shown: shown.length, total: body.length });
  const table = el('table', { class: 'numbers-table' }, [
    el('caption', { text: filename }),
    el('thead', {}, [el('tr', {}, header.map((h) => el('th', { scope: 'col', text: h })))]),
    el('tbody', {}, shown.map((row) => el('tr', {}, row.map((cell) => el('td', { class: isName(cell) ? 'name' : undefined, text: cellText(cell) }))))),
  ]);
  const dialog = el('dialog', { class: 'numbers', 'aria-labelledby': 'numbers-title' }, [
    el('h2', { id: 'numbers-title', i18n: 'export.numbers_title' }),
    el('p', { text: count }),
    el('div', { class: 'numbers-scroll', tabindex: '0', i18nAria: 'export.numbers_title' }, [table]),
    el('form', { method: 'dialog' }, [el('button', { i18n: 'help.close' })]),
  ]);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

/**
 * "Save charts (PNG)", "Save charts (SVG)", "Save data (CSV)" and "Show the numbers" buttons. `canvases()` lists
 * [canvas, name, draw] to save (hidden ones are skipped); `draw(target)` redraws that chart onto
 * another canvas of the same size, for SVG (a chart without it has no SVG of its own, e.g. a
 * layer that another chart's drawing includes). `csv()` returns the scene's CSV text.
 */
export function exportControls({ scene, canvases, csv }) {
  const filename = `gradscope-${scene}.csv`;
  const shown = () => canvases().filter(([canvas]) => !canvas.hidden && canvas.width > 1);
  const savePng = () => {
    for (const [canvas, name] of shown()) {
      canvas.toBlob((blob) => blob && download(blob, `gradscope-${scene}-${name}.png`));
    }
  };
  const saveSvg = () => {
    try {
      for (const [canvas, name, draw] of shown().filter((entry) => entry[2])) {
        const svg = drawToSvg(canvas.width, canvas.height, draw);
        download(new Blob([svg], { type: 'image/svg+xml' }), `gradscope-${scene}-${name}.svg`);
      }
    } catch (err) {
      showError(errorText(err));
    }
  };
  const saveCsv = () => download(new Blob([csv()], { type: 'text/csv' }), filename);
  return el('fieldset', { class: 'export' }, [
    el('legend', { i18n: 'export.title' }),
    el('div', { class: 'buttons' }, [button({ i18n: 'export.png', onClick: savePng }), button({ i18n: 'export.svg', onClick: saveSvg }),
      button({ i18n: 'export.csv', onClick: saveCsv }), button({ i18n: 'export.numbers', onClick: () => showNumbers(csv(), filename) })]),
  ]);
}
