// SVG export through the Rust renderer. The scene draws a chart, with its usual Rust code,
// onto a canvas whose 2D context records every call instead of painting pixels; the record is
// written out as SVG paths, circles, rectangles and text (heatmaps stay embedded bitmaps).
// This keeps vector output out of the wasm module, which has no room left under its budget.

const NS = 'http://www.w3.org/2000/svg';

/** `rgba(r,g,b,a)` / `rgb(...)` / `#rrggbb` → SVG colour and opacity attributes. */
function paint(prefix, color) {
  const m = /^rgba?\(([^)]+)\)$/.exec(String(color).replace(/\s+/g, ''));
  if (!m) return { [prefix]: String(color) };
  const [r, g, b, a = '1'] = m[1].split(',');
  return Number(a) < 1 ? { [prefix]: `rgb(${r},${g},${b})`, [`${prefix}-opacity`]: a } : { [prefix]: `rgb(${r},${g},${b})` };
}

const round = (v) => Math.round(v * 100) / 100;

/** A 2D-context stand-in (an instance of CanvasRenderingContext2D as far as wasm-bindgen's
 * checks go) implementing exactly the calls plotters-canvas and gradscope's blits make. */
function recorder() {
  const elements = [];
  let path = '';
  let matrix = new DOMMatrix();
  const stack = [];
  const ctx = Object.create(CanvasRenderingContext2D.prototype);
  const state = { fillStyle: '#000', strokeStyle: '#000', lineWidth: 1, lineJoin: 'round', font: '10px sans-serif', textAlign: 'start', textBaseline: 'alphabetic', imageSmoothingEnabled: true };
  for (const key of Object.keys(state)) {
    Object.defineProperty(ctx, key, { get: () => state[key], set: (v) => { state[key] = v; }, enumerable: true });
  }
  const transform = () => (matrix.isIdentity ? {} : { transform: `matrix(${[matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f].map(round).join(' ')})` });
  const add = (tag, attrs, text) => elements.push({ tag, attrs: { ...attrs, ...transform() }, text });
  const methods = {
    beginPath() { path = ''; },
    moveTo(x, y) { path += `M${round(x)} ${round(y)}`; },
    lineTo(x, y) { path += `L${round(x)} ${round(y)}`; },
    closePath() { path += 'Z'; },
    arc(x, y, r) { // plotters only draws full circles
      path += `M${round(x + r)} ${round(y)}A${r} ${r} 0 1 0 ${round(x - r)} ${round(y)}A${r} ${r} 0 1 0 ${round(x + r)} ${round(y)}Z`;
    },
    stroke() { add('path', { d: path, fill: 'none', ...paint('stroke', state.strokeStyle), 'stroke-width': state.lineWidth, 'stroke-linejoin': 'round' }); },
    fill() { add('path', { d: path, ...paint('fill', state.fillStyle) }); },
    fillRect(x, y, w, h) { add('rect', { x: round(x), y: round(y), width: round(w), height: round(h), ...paint('fill', state.fillStyle) }); },
    strokeRect(x, y, w, h) { add('rect', { x: round(x), y: round(y), width: round(w), height: round(h), fill: 'none', ...paint('stroke', state.strokeStyle), 'stroke-width': state.lineWidth }); },
    clearRect() {}, // every export starts from an empty picture; layers add up (surface + paths)
    fillText(text, x, y) {
      const [, style = '', size = '10', family = 'sans-serif'] = /^\s*(.*?)\s*(\d+(?:\.\d+)?)px\s+(.+)$/.exec(state.font) ?? [];
      const anchor = { start: 'start', left: 'start', end: 'end', right: 'end', center: 'middle' }[state.textAlign] ?? 'start';
      const baseline = { top: 'hanging', middle: 'central', bottom: 'text-after-edge' }[state.textBaseline] ?? 'alphabetic';
      add('text', { x: round(x), y: round(y), 'font-family': family, 'font-size': size, ...(style.includes('bold') ? { 'font-weight': 'bold' } : {}), 'text-anchor': anchor, 'dominant-baseline': baseline, ...paint('fill', state.fillStyle) }, text);
    },
    save() { stack.push({ ...state, matrix }); },
    restore() {
      const saved = stack.pop();
      if (!saved) return;
      const { matrix: savedMatrix, ...savedState } = saved;
      matrix = savedMatrix;
      Object.assign(state, savedState);
    },
    translate(x, y) { matrix = matrix.translate(x, y); },
    rotate(radians) { matrix = matrix.rotate((radians * 180) / Math.PI); },
    drawImage(image, x, y, w, h) {
      add('image', { x: round(x), y: round(y), width: round(w), height: round(h), href: image.toDataURL(), preserveAspectRatio: 'none' });
    },
  };
  for (const [name, fn] of Object.entries(methods)) Object.defineProperty(ctx, name, { value: fn });
  return { ctx, elements };
}

/**
 * A canvas of `width`×`height` for `draw(canvas)` to draw on, and the SVG text of what it drew.
 * The canvas is real (so the Rust side accepts it); only its 2D context is the recorder.
 */
export function drawToSvg(width, height, draw) {
  const canvas = document.createElement('canvas');
  Object.assign(canvas, { width, height });
  const { ctx, elements } = recorder();
  canvas.getContext = () => ctx;
  draw(canvas);
  const doc = document.implementation.createDocument(NS, 'svg');
  const svg = doc.documentElement;
  for (const [key, value] of Object.entries({ width, height, viewBox: `0 0 ${width} ${height}` })) svg.setAttribute(key, value);
  const background = doc.createElementNS(NS, 'rect');
  for (const [key, value] of Object.entries({ width: '100%', height: '100%', fill: 'white' })) background.setAttribute(key, value);
  svg.append(background);
  for (const { tag, attrs, text } of elements) {
    const node = doc.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
  }
  return new XMLSerializer().serializeToString(doc);
}
