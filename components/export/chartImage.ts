/**
 * A chart as an image file: its SVG with the page's computed styles inlined (so it renders
 * the same outside the page), and as PNG drawn on a canvas with the chart's canvas layer under
 * the SVG (heat-map cells and dense dots live there).
 */
import { labStore } from '../../src/store/store';
import { download, stamp } from './download';

/** Style properties copied onto every SVG element. */
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'paint-order',
  'display',
];

/** A standalone copy of `svg` with computed styles inlined and a white background. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i] as SVGElement;
    for (const p of PROPS) target.style.setProperty(p, style.getPropertyValue(p));
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(svg.clientWidth));
  copy.setAttribute('height', String(svg.clientHeight));
  return new XMLSerializer().serializeToString(copy);
}

/** Saves the chart in `box` (its .plot-box) as SVG; the canvas layer goes in as an image. */
export function saveSvg(box: HTMLElement, name: string): void {
  const svg = box.querySelector('svg');
  if (!svg) return;
  let text = standaloneSvg(svg);
  const canvas = box.querySelector('canvas');
  if (canvas) {
    const image = `<image href="${canvas.toDataURL('image/png')}" width="${svg.clientWidth}" height="${svg.clientHeight}"/>`;
    text = text.replace(/(<svg[^>]*>)/, `$1${image}`);
  }
  download(new Blob([text], { type: 'image/svg+xml' }), `${name}-${stamp()}.svg`);
}

/** Saves the chart in `box` as PNG; a failure is reported in the messages panel. */
export function savePng(box: HTMLElement, name: string): void {
  renderPng(box, name).catch((e) =>
    labStore.getState().reportError('export', `PNG of ${name} failed: ${String(e)}`),
  );
}

/** Draws the chart at the screen's pixel ratio on a white background and saves it. */
async function renderPng(box: HTMLElement, name: string): Promise<void> {
  const svg = box.querySelector('svg');
  if (!svg) return;
  const ratio = window.devicePixelRatio || 1;
  const [w, h] = [svg.clientWidth, svg.clientHeight];
  const out = document.createElement('canvas');
  out.width = Math.round(w * ratio);
  out.height = Math.round(h * ratio);
  const ctx = out.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  const layer = box.querySelector('canvas');
  if (layer) ctx.drawImage(layer, 0, 0, out.width, out.height);

  const url = URL.createObjectURL(new Blob([standaloneSvg(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    ctx.drawImage(img, 0, 0, out.width, out.height);
  } finally {
    URL.revokeObjectURL(url);
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (blob) download(blob, `${name}-${stamp()}.png`);
}
