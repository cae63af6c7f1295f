import { memo } from 'react';
import { line, scaleLinear, scaleLog } from 'd3';
import { useSampled } from './useSampled';
import { count, compact, fixed } from '../format';
import { Axes, timeTicks } from '../charts/Axes';
import { ChartFrame, clipUrl, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { OKABE_ITO } from '../charts/palette';
import { nearestIndex, timeDomain } from '../charts/series';
import { ShiftLines } from '../charts/ShiftLines';
import { thinIndex } from './thin';

const TEST_ID = 'chart-nis';
/** The central 95% interval of χ²(1): its 2.5% and 97.5% quantiles. */
export const CHI2_1_BAND: readonly [number, number] = [0.00098, 5.024];
/** Samples in the trailing running mean. */
const WINDOW = 50;
/** The log axis spans these NIS values; smaller ones sit on its floor. */
const FLOOR = 1e-5;
const CEIL = 1e3;

/** Trailing means of the last `window` finite values (NaN until one is seen). */
export function runningMean(values: readonly number[], window: number): number[] {
  const out: number[] = [];
  const kept: number[] = [];
  let sum = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      kept.push(v);
      sum += v;
      if (kept.length > window) sum -= kept.shift()!;
    }
    out.push(kept.length > 0 ? sum / kept.length : Number.NaN);
  }
  return out;
}

/**
 * The normalized innovation squared e²/S per sample on a log axis, the χ²(1) 95% band it
 * should fall in 95% of the time when the filter is consistent, and a running mean (ideal 1).
 */
export const NisChart = memo(function NisChart() {
  const h = useSampled((s) => s.histories.inspect.innovation);
  const shifts = useSampled((s) => s.histories.shifts);
  const tick = useSampled((s) => s.snapshot?.tick ?? 0);
  const finite = h.nis.filter((v) => Number.isFinite(v) && v >= 0);
  const skipped = h.nis.length - finite.length;
  const inside = finite.filter((v) => v >= CHI2_1_BAND[0] && v <= CHI2_1_BAND[1]).length;
  const mean = runningMean(h.nis, WINDOW);

  const legend: LegendItem[] = [
    { label: 'NIS e²/S', color: OKABE_ITO.blue, kind: 'dot' },
    { label: `running mean (${WINDOW} samples)`, color: OKABE_ITO.vermillion },
    { label: 'χ²(1) 95% band', color: OKABE_ITO.green, kind: 'band' },
    { label: 'shift', color: OKABE_ITO.black, kind: 'dashed' },
  ];

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain(timeDomain(tick)).range([0, width]);
    const y = scaleLog().domain([FLOOR, CEIL]).range([height, 0]).clamp(true);
    const path = line<number>()
      .defined((i) => Number.isFinite(mean[i]) && mean[i] > 0)
      .x((i) => x(h.tick[i]))
      .y((i) => y(mean[i]))(thinIndex(mean.length, width));
    const k = pointer ? nearestIndex(h.tick, x.invert(pointer.x)) : -1;

    // Dots on the canvas layer: up to 2,000 of them every frame.
    const paint = (ctx: CanvasRenderingContext2D) => {
      ctx.fillStyle = OKABE_ITO.blue;
      ctx.globalAlpha = 0.55;
      for (let i = 0; i < h.tick.length; i++) {
        const v = h.nis[i];
        if (!Number.isFinite(v) || v < 0) continue;
        ctx.fillRect(x(h.tick[i]) - 1.5, y(Math.max(v, FLOOR)) - 1.5, 3, 3);
      }
      ctx.globalAlpha = 1;
    };

    const svg = (
      <>
        <rect
          className="ok-band"
          x={0}
          width={width}
          y={y(CHI2_1_BAND[1])}
          height={y(CHI2_1_BAND[0]) - y(CHI2_1_BAND[1])}
        />
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={[1e-4, 1e-2, 1, 1e2].map((v) => ({ position: y(v), label: compact(v) }))}
          xLabel="time (ticks = world steps)"
          yLabel="NIS (log scale)"
        />
        <line className="reference" x1={0} x2={width} y1={y(1)} y2={y(1)} />
        <ShiftLines markers={shifts} x={x} width={width} height={height} />
        <g clipPath={clipUrl(TEST_ID)}>
          <path d={path ?? undefined} fill="none" stroke={OKABE_ITO.vermillion} strokeWidth={2.5} />
        </g>
        {pointer && <line className="hover-line" x1={pointer.x} x2={pointer.x} y2={height} />}
      </>
    );
    const readout = !pointer
      ? null
      : k < 0
        ? 'no updates yet'
        : `tick ${count(h.tick[k])}: NIS ${compact(h.nis[k])}, running mean ${fixed(mean[k], 3)}; ${fixed((100 * inside) / Math.max(1, finite.length), 1)}% of ${count(finite.length)} inside the band (95% expected)`;
    return { svg, readout, paint };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Normalized innovation squared"
      caption="e²/S per sample; a consistent filter puts 95% of points in the χ²(1) band [0.00098, 5.024] and has mean 1."
      legend={legend}
      points={finite.length}
      skipped={skipped}
      plot={plot}
    />
  );
});
