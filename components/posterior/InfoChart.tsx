import { memo } from 'react';
import { line, scaleLinear } from 'd3';
import { useSampled } from './useSampled';
import { count, compact } from '../format';
import { Axes, scaleTicks, timeTicks } from '../charts/Axes';
import { ChartFrame, clipUrl, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { OKABE_ITO, seriesColor } from '../charts/palette';
import { countNonFinite, nearestIndex, timeDomain } from '../charts/series';
import { ShiftLines } from '../charts/ShiftLines';
import { thinIndex } from './thin';

const TEST_ID = 'chart-info';

/** Information each update gave each Bayesian layer, ½ log det(Σ_before/Σ_after), nats. */
export const InfoChart = memo(function InfoChart() {
  const info = useSampled((s) => s.histories.inspect.info);
  const shifts = useSampled((s) => s.histories.shifts);
  const tick = useSampled((s) => s.snapshot?.tick ?? 0);
  const layers = Object.keys(info);
  const skipped = countNonFinite(...layers.map((l) => info[l].nats));
  const points = layers.reduce((n, l) => n + info[l].nats.length, 0) - skipped;
  let top = 0.01;
  for (const l of layers)
    for (const v of info[l].nats) if (Number.isFinite(v)) top = Math.max(top, v);

  const legend: LegendItem[] = [
    ...layers.map((l, i) => ({ label: l, color: seriesColor(i) })),
    { label: 'shift', color: OKABE_ITO.black, kind: 'dashed' },
  ];

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain(timeDomain(tick)).range([0, width]);
    const y = scaleLinear().domain([0, top]).range([height, 0]).nice();
    const hoverTick = pointer ? x.invert(pointer.x) : null;
    const hovered = layers.map((l) =>
      hoverTick === null ? -1 : nearestIndex(info[l].tick, hoverTick),
    );
    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={scaleTicks(y, 5)}
          xLabel="time (ticks = world steps)"
          yLabel="information (nats per update)"
        />
        <ShiftLines markers={shifts} x={x} width={width} height={height} />
        <g clipPath={clipUrl(TEST_ID)}>
          {layers.map((l, i) => {
            const h = info[l];
            const d = line<number>()
              .defined((k) => Number.isFinite(h.nats[k]))
              .x((k) => x(h.tick[k]))
              .y((k) => y(h.nats[k]))(thinIndex(h.tick.length, width));
            return (
              <path
                key={l}
                d={d ?? undefined}
                fill="none"
                stroke={seriesColor(i)}
                strokeWidth={1.5}
              />
            );
          })}
        </g>
        {pointer && <line className="hover-line" x1={pointer.x} x2={pointer.x} y2={height} />}
      </>
    );
    const parts = layers.flatMap((l, i) =>
      hovered[i] < 0 ? [] : [`${l} ${compact(info[l].nats[hovered[i]])}`],
    );
    const readout =
      hoverTick === null
        ? null
        : parts.length > 0
          ? `tick ${count(Math.max(0, hoverTick))}: ${parts.join(' · ')} nats`
          : 'no updates yet (read every 0.25 s while this tab shows)';
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Information per update"
      caption="½ log det(Σ_before/Σ_after) per layer: the sum over its rank-1 steps of −½ log(1 − m̄ᵀCm̄/S) (diag mode: of the diagonal)."
      legend={legend}
      points={points}
      skipped={skipped}
      plot={plot}
    />
  );
});
