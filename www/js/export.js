// Export for slides and homework: every chart canvas as PNG, the scene's numbers as CSV
// (the CSV text comes from Rust, so it matches what is drawn).

import { el, button } from './ui.js';

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * "Save charts (PNG)" and "Save data (CSV)" buttons. `canvases()` lists [canvas, name] pairs
 * to save (hidden ones are skipped); `csv()` returns the scene's CSV text.
 */
export function exportControls({ scene, canvases, csv }) {
  const savePng = () => {
    for (const [canvas, name] of canvases()) {
      if (canvas.hidden || canvas.width <= 1) continue;
      canvas.toBlob((blob) => blob && download(blob, `gradscope-${scene}-${name}.png`));
    }
  };
  const saveCsv = () => download(new Blob([csv()], { type: 'text/csv' }), `gradscope-${scene}.csv`);
  return el('fieldset', { class: 'export' }, [
    el('legend', { i18n: 'export.title' }),
    el('div', { class: 'buttons' }, [button({ i18n: 'export.png', onClick: savePng }), button({ i18n: 'export.csv', onClick: saveCsv })]),
  ]);
}
