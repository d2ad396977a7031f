// Export for slides and homework: every chart as PNG (the canvas) and as SVG (the same Rust
// drawing code, recorded as vectors: see svg.js), the scene's numbers as CSV (the CSV text
// comes from Rust, so it matches what is drawn).

import { el, button, showError, errorText } from './ui.js';
import { drawToSvg } from './svg.js';

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * "Save charts (PNG)", "Save charts (SVG)" and "Save data (CSV)" buttons. `canvases()` lists
 * [canvas, name, draw] to save (hidden ones are skipped); `draw(target)` redraws that chart onto
 * another canvas of the same size, for SVG (a chart without it has no SVG of its own, e.g. a
 * layer that another chart's drawing includes). `csv()` returns the scene's CSV text.
 */
export function exportControls({ scene, canvases, csv }) {
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
  const saveCsv = () => download(new Blob([csv()], { type: 'text/csv' }), `gradscope-${scene}.csv`);
  return el('fieldset', { class: 'export' }, [
    el('legend', { i18n: 'export.title' }),
    el('div', { class: 'buttons' }, [button({ i18n: 'export.png', onClick: savePng }), button({ i18n: 'export.svg', onClick: saveSvg }),
      button({ i18n: 'export.csv', onClick: saveCsv })]),
  ]);
}
