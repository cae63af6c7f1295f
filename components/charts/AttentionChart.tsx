import { useState } from 'react';
import { interpolateBlues, scaleBand, scaleSequential } from 'd3';
import { useFrameSelector } from '../hooks/useFrameSelector';
import { fixed } from '../format';
import { Axes, type Tick } from './Axes';
import { ChartFrame, type Margins, type PlotContext } from './ChartFrame';
import { ColorLegend } from './ColorLegend';

const TEST_ID = 'chart-attention';
const MARGINS: Margins = { top: 8, right: 12, bottom: 48, left: 70 };
/** Minimum room per tick label, px (labels are thinned out below it). */
const LABEL_ROOM_X = 34;
const LABEL_ROOM_Y = 18;

/** Heat map of the agent's mean attention weights for one layer and head of its context. */
export function AttentionChart() {
  const attention = useFrameSelector((s) => s.snapshot?.attention ?? null);
  const [layerChoice, setLayer] = useState(0);
  const [headChoice, setHead] = useState(0);

  const layers = attention?.layers ?? 0;
  const heads = attention?.heads ?? 0;
  const T = attention?.tokens ?? 0;
  const layer = Math.min(layerChoice, Math.max(0, layers - 1));
  const head = Math.min(headChoice, Math.max(0, heads - 1));

  // The selected head's T×T block of the flattened [layers][heads][T][T] weights.
  const offset = (layer * heads + head) * T * T;
  const block = attention ? attention.weights.slice(offset, offset + T * T) : [];
  const complete = block.length === T * T;
  let max = 0;
  let skipped = 0;
  for (const w of block) {
    if (Number.isFinite(w)) max = Math.max(max, w);
    else skipped++;
  }
  const points = complete ? block.length - skipped : 0;
  const vmax = max > 0 ? Math.ceil(max * 20) / 20 : 1;
  const color = scaleSequential(interpolateBlues).domain([0, vmax]);
  const labels = attention?.labels ?? [];
  const label = (i: number) => labels[i] ?? `#${i}`;

  const controls = (
    <div className="chart-controls">
      <label>
        layer{' '}
        <select
          value={layer}
          onChange={(e) => setLayer(Number(e.target.value))}
          disabled={layers === 0}
        >
          {Array.from({ length: Math.max(1, layers) }, (_, i) => (
            <option key={i} value={i}>
              {i + 1}
            </option>
          ))}
        </select>
      </label>
      <label>
        head{' '}
        <select
          value={head}
          onChange={(e) => setHead(Number(e.target.value))}
          disabled={heads === 0}
        >
          {Array.from({ length: Math.max(1, heads) }, (_, i) => (
            <option key={i} value={i}>
              {i + 1}
            </option>
          ))}
        </select>
      </label>
    </div>
  );

  const plot = ({ width, height, pointer }: PlotContext) => {
    const side = Math.max(0, Math.min(width, height));
    const indices = Array.from({ length: T }, (_, i) => i);
    const band = scaleBand<number>().domain(indices).range([0, side]);
    const step = band.bandwidth();
    // Label every k-th token; when thinned, every 3k-th, so that tokens come in (R, o, a)
    // triples and the labels all fall on return-to-go tokens.
    const every = (room: number) => {
      const k = Math.max(1, Math.ceil(room / Math.max(step, 1e-9)));
      return k > 1 ? 3 * Math.ceil(k / 3) : k;
    };
    const ticks = (room: number): Tick[] =>
      indices
        .filter((i) => i % every(room) === 0)
        .map((i) => ({ position: (band(i) ?? 0) + step / 2, label: label(i) }));

    // Heat-map cells, painted on the canvas layer; non-finite weights are left blank.
    const paint = (ctx: CanvasRenderingContext2D) => {
      if (!complete) return;
      for (let q = 0; q < T; q++) {
        for (let k = 0; k < T; k++) {
          const w = block[q * T + k];
          if (!Number.isFinite(w)) continue;
          ctx.fillStyle = color(w);
          ctx.fillRect(band(k) ?? 0, band(q) ?? 0, step + 0.5, step + 0.5);
        }
      }
    };

    // The cell under the pointer: query row, key column.
    let readout: string | null = null;
    let hovered: { q: number; k: number } | null = null;
    if (pointer && complete && T > 0 && pointer.x < side && pointer.y < side) {
      hovered = {
        k: Math.min(T - 1, Math.floor(pointer.x / step)),
        q: Math.min(T - 1, Math.floor(pointer.y / step)),
      };
      const w = block[hovered.q * T + hovered.k];
      readout = `query ${label(hovered.q)} → key ${label(hovered.k)}: weight ${fixed(w, 4)}`;
    }

    const svg = (
      <>
        {hovered && (
          <rect
            className="hover-cell"
            x={band(hovered.k)}
            y={band(hovered.q)}
            width={step}
            height={step}
          />
        )}
        {!complete && (
          <text className="empty" x={side / 2} y={side / 2} textAnchor="middle">
            no attention weights yet
          </text>
        )}
        <Axes
          width={side}
          height={side}
          xTicks={ticks(LABEL_ROOM_X)}
          yTicks={ticks(LABEL_ROOM_Y)}
          xLabel="key token (attended to)"
          yLabel="query token"
          grid={false}
          yLabelOffset={58}
        />
      </>
    );
    return { svg, readout, paint };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Attention"
      caption="Mean attention weight from each query token (row) to each key token (column) of the current context; R return-to-go, o observation, a action."
      legend={
        <ColorLegend interpolator={interpolateBlues} max={vmax} label="attention weight (0–1)" />
      }
      points={points}
      skipped={skipped}
      controls={controls}
      margins={MARGINS}
      plot={plot}
    />
  );
}
