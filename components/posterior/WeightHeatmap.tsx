import type { ReactNode } from 'react';
import { ChartFrame, type Margins, type PlotContext } from '../charts/ChartFrame';
import { Axes, type Tick } from '../charts/Axes';
import type { LayerHeatmap, WeightRef } from '../../src/messages/inspect';

const MARGINS: Margins = { top: 8, right: 12, bottom: 48, left: 62 };
/** Minimum room per tick label, px. */
const LABEL_ROOM = 36;

/** Props: which map of a layer to draw, its colour, and what a click on a cell does. */
export interface WeightHeatmapProps {
  testId: string;
  title: string;
  caption: string;
  map: LayerHeatmap | null;
  values: Float32Array | null;
  color: (v: number) => string;
  legend: ReactNode;
  /** What the value means in the readout, e.g. '(μ − μ0)/σ0'. */
  valueLabel: string;
  pinnedKeys: ReadonlySet<string>;
  onPick: (w: WeightRef) => void;
}

/**
 * A heat map of one value per weight of a Bayesian layer: rows are output neurons, columns
 * inputs with the bias last. Pointing reads a cell; clicking pins (or unpins) that weight.
 */
export function WeightHeatmap({
  testId,
  title,
  caption,
  map,
  values,
  color,
  legend,
  valueLabel,
  pinnedKeys,
  onPick,
}: WeightHeatmapProps) {
  const rows = map?.rows ?? 0;
  const cols = map?.cols ?? 0;
  const stride = map?.stride ?? 1;
  const complete = !!map && !!values && values.length === rows * cols;
  let skipped = 0;
  if (complete) for (const v of values) if (!Number.isFinite(v)) skipped++;
  const points = complete ? rows * cols - skipped : 0;

  const plot = ({ width, height, pointer }: PlotContext) => {
    const cw = cols > 0 ? width / cols : 0;
    const ch = rows > 0 ? Math.min(height / rows, Math.max(cw * 3, 48)) : 0;
    const plotH = ch * rows;
    // Every k-th index, and the bias column when it is not averaged with others.
    const ticks = (n: number, step: number, room: number, bias: boolean): Tick[] => {
      const every = Math.max(1, Math.ceil(room / Math.max(step, 1e-9)));
      const shown = Array.from({ length: n }, (_, i) => i).filter(
        (i) => i % every === 0 && !(bias && i < n - 1 && n - 1 - i < every),
      );
      if (bias && !shown.includes(n - 1)) shown.push(n - 1);
      return shown.map((i) => ({
        position: (i + 0.5) * step,
        label: bias && i === n - 1 ? 'bias' : String(i * stride),
      }));
    };

    const paint = (ctx: CanvasRenderingContext2D) => {
      if (!complete) return;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const v = values[r * cols + c];
          if (!Number.isFinite(v)) continue;
          ctx.fillStyle = color(v);
          ctx.fillRect(c * cw, r * ch, cw + 0.5, ch + 0.5);
        }
      }
    };

    // The cell under the pointer, in layer coordinates (the block's first weight if averaged).
    let hovered: { r: number; c: number } | null = null;
    if (pointer && complete && pointer.y < plotH) {
      hovered = {
        r: Math.min(rows - 1, Math.floor(pointer.y / ch)),
        c: Math.min(cols - 1, Math.floor(pointer.x / cw)),
      };
    }
    const ref = (h: { r: number; c: number }): WeightRef => ({
      layer: map!.layer,
      row: h.r * stride,
      col: Math.min(h.c * stride, map!.din1 - 1),
    });
    let readout: string | null = null;
    if (hovered) {
      const w = ref(hovered);
      const v = values![hovered.r * cols + hovered.c];
      const what = w.col === map!.din1 - 1 ? 'bias' : `input ${w.col}`;
      const block = stride > 1 ? ` (mean of a ${stride}×${stride} block)` : '';
      readout = `${map!.layer} neuron ${w.row}, ${what}: ${valueLabel} = ${v.toFixed(4)}${block} — click to pin`;
    }

    const marks = complete
      ? [...pinnedKeys].flatMap((key) => {
          const m = /^(.*)\[(\d+),(\d+)\]$/.exec(key);
          if (!m || m[1] !== map!.layer) return [];
          return [{ key, r: Math.floor(+m[2] / stride), c: Math.floor(+m[3] / stride) }];
        })
      : [];

    const svg = (
      <>
        {!complete && (
          <text className="empty" x={width / 2} y={height / 2} textAnchor="middle">
            {map ? 'no values for this layer' : 'waiting for the posterior…'}
          </text>
        )}
        {marks.map((m) => (
          <rect
            key={m.key}
            className="pinned-cell"
            x={m.c * cw}
            y={m.r * ch}
            width={cw}
            height={ch}
          />
        ))}
        {hovered && (
          <rect
            className="hover-cell"
            x={hovered.c * cw}
            y={hovered.r * ch}
            width={cw}
            height={ch}
          />
        )}
        <Axes
          width={width}
          height={plotH}
          xTicks={ticks(cols, cw, LABEL_ROOM, stride === 1)}
          yTicks={ticks(rows, ch, 18, false)}
          xLabel="input (weight column; bias last)"
          yLabel="neuron"
          grid={false}
          yLabelOffset={44}
        />
        <rect
          className="click-layer"
          width={width}
          height={plotH}
          fill="transparent"
          onClick={(event) => {
            // From the click itself: the hover state may lag a render behind.
            if (!complete) return;
            const box = event.currentTarget.getBoundingClientRect();
            const r = Math.floor((event.clientY - box.top) / ch);
            const c = Math.floor((event.clientX - box.left) / cw);
            if (r >= 0 && r < rows && c >= 0 && c < cols) onPick(ref({ r, c }));
          }}
        />
      </>
    );
    return { svg, readout, paint };
  };

  return (
    <ChartFrame
      testId={testId}
      title={title}
      caption={caption}
      legend={legend}
      points={points}
      skipped={skipped}
      margins={MARGINS}
      idleReadout="Point at a cell to read it; click to pin that weight."
      plot={plot}
    />
  );
}
