import { useEffect, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { useElementSize } from '../hooks/useElementSize';
import { Legend, type LegendItem } from './Legend';
import { savePng, saveSvg } from '../export/chartImage';

/** Inner margins of a plot, px: room for tick labels and axis titles. */
export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** What a chart's plot function receives: the plot's inner size and the pointer, if over it. */
export interface PlotContext {
  width: number;
  height: number;
  /** Pointer position inside the plot, px from its top-left corner; null when not hovered. */
  pointer: { x: number; y: number } | null;
}

/** What a chart's plot function returns: SVG content and the hover readout text. */
export interface PlotOutput {
  svg: ReactNode;
  /**
   * Draws dense marks (e.g. heat-map cells) on a canvas under the SVG, in plot coordinates
   * (origin at the plot's top-left corner). Thousands of SVG elements per frame are too slow.
   */
  paint?: (ctx: CanvasRenderingContext2D) => void;
  /** Exact values under the pointer; null when nothing is hovered. */
  readout: string | null;
}

/** Props of ChartFrame. */
export interface ChartFrameProps {
  testId: string;
  title: string;
  /** One line saying what the chart shows. */
  caption: string;
  legend: ReactNode | readonly LegendItem[];
  /** Number of data points currently drawn (exposed as data-points). */
  points: number;
  /** Number of non-finite values left out (shown as a note when > 0). */
  skipped?: number;
  /** Extra inputs beside the title (e.g. layer and head selects). */
  controls?: ReactNode;
  margins?: Margins;
  /** Text shown in the readout line when the plot is not hovered. */
  idleReadout?: string;
  /** Draws the plot for the current size and pointer; re-run on every render. */
  plot: (context: PlotContext) => PlotOutput;
}

const DEFAULT_MARGINS: Margins = { top: 10, right: 18, bottom: 48, left: 62 };

/**
 * The frame every chart shares: title, caption, legend, an SVG plot sized to its box, a hover
 * readout that follows the newest data while the pointer rests, and a note on skipped values.
 */
export function ChartFrame({
  testId,
  title,
  caption,
  legend,
  points,
  skipped = 0,
  controls,
  margins = DEFAULT_MARGINS,
  idleReadout = 'Point at the chart to read exact values.',
  plot,
}: ChartFrameProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(boxRef);
  const [pointer, setPointer] = useState<PlotContext['pointer']>(null);

  const width = Math.max(0, size.width - margins.left - margins.right);
  const height = Math.max(0, size.height - margins.top - margins.bottom);
  const inside =
    pointer && pointer.x >= 0 && pointer.x <= width && pointer.y >= 0 && pointer.y <= height;
  const output =
    width > 0 && height > 0 ? plot({ width, height, pointer: inside ? pointer : null }) : null;

  // Repaint the canvas layer after every render (renders are at most one per frame).
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const paint = output?.paint;
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d', { willReadFrequently: true });
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const w = Math.round(size.width * ratio);
    const h = Math.round(size.height * ratio);
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(ratio, 0, 0, ratio, ratio * margins.left, ratio * margins.top);
    paint?.(ctx);
  });

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setPointer({
      x: event.clientX - box.left - margins.left,
      y: event.clientY - box.top - margins.top,
    });
  };

  return (
    <section className="chart panel" data-testid={testId} data-points={points}>
      <header className="chart-head">
        <h2>{title}</h2>
        {controls}
        <span className="chart-export">
          <button
            className="small"
            title="Save this chart as SVG"
            onClick={() => boxRef.current && saveSvg(boxRef.current, testId)}
          >
            SVG
          </button>
          <button
            className="small"
            title="Save this chart as PNG"
            onClick={() => boxRef.current && savePng(boxRef.current, testId)}
          >
            PNG
          </button>
        </span>
      </header>
      <p className="caption">{caption}</p>
      {isLegendItems(legend) ? <Legend items={legend} /> : legend}
      <div className="plot-box" ref={boxRef}>
        {paint && <canvas ref={canvasRef} aria-hidden="true" />}
        <svg
          width={size.width}
          height={size.height}
          role="img"
          aria-label={title}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setPointer(null)}
        >
          <defs>
            <clipPath id={`${testId}-clip`}>
              <rect width={width} height={height} />
            </clipPath>
          </defs>
          <g transform={`translate(${margins.left},${margins.top})`}>{output?.svg}</g>
        </svg>
      </div>
      <p className="readout" aria-live="off" title={output?.readout ?? undefined}>
        {output?.readout ?? idleReadout}
      </p>
      {skipped > 0 && (
        <p className="note">
          {skipped} non-finite value{skipped === 1 ? '' : 's'} not drawn
        </p>
      )}
    </section>
  );
}

/** The clip-path URL of a chart's plot area (use on marks that may leave it). */
export function clipUrl(testId: string): string {
  return `url(#${testId}-clip)`;
}

/** Whether a legend prop is a list of items (rather than a ready-made node). */
function isLegendItems(legend: ReactNode | readonly LegendItem[]): legend is readonly LegendItem[] {
  return Array.isArray(legend);
}
