import { line, scaleLinear } from 'd3';
import { useFrameSelector } from '../hooks/useFrameSelector';
import { count, fixed } from '../format';
import { Axes, scaleTicks, timeTicks } from './Axes';
import { ChartFrame, clipUrl, type PlotContext } from './ChartFrame';
import type { LegendItem } from './Legend';
import { OKABE_ITO, seriesColor } from './palette';
import { countNonFinite, nearestIndex, timeDomain } from './series';
import { ShiftLines } from './ShiftLines';

const TEST_ID = 'chart-posterior';
/** The y axis ends here unless a ratio exceeds it (process noise can push σ above σ0). */
const Y_TOP = 1.05;

/** Posterior shrinkage σ/σ0 of each Bayesian layer over time, with shift markers. */
export function PosteriorChart() {
  const shrink = useFrameSelector((s) => s.histories.shrink);
  const shifts = useFrameSelector((s) => s.histories.shifts);
  const tick = useFrameSelector((s) => s.snapshot?.tick ?? 0);

  const layers = Object.keys(shrink);
  const skipped = countNonFinite(...layers.map((l) => shrink[l].ratio));
  const points = layers.reduce((n, l) => n + shrink[l].ratio.length, 0) - skipped;
  let top = Y_TOP;
  for (const l of layers)
    for (const r of shrink[l].ratio) if (Number.isFinite(r)) top = Math.max(top, r);

  const legend: LegendItem[] = [
    ...layers.map((l, i) => ({ label: l, color: seriesColor(i) })),
    { label: 'prior (σ = σ0)', color: '#777', kind: 'dashed' },
    { label: 'shift', color: OKABE_ITO.black, kind: 'dashed' },
  ];

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain(timeDomain(tick)).range([0, width]);
    const y = scaleLinear()
      .domain([0, Math.min(top, 10)])
      .range([height, 0]);
    const hoverTick = pointer ? x.invert(pointer.x) : null;
    const hovered = layers.map((l) =>
      hoverTick === null ? -1 : nearestIndex(shrink[l].tick, hoverTick),
    );

    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={scaleTicks(y, 6)}
          xLabel="time (ticks = world steps)"
          yLabel="σ / σ0 (layer mean)"
        />
        <line className="reference" x1={0} x2={width} y1={y(1)} y2={y(1)} />
        <ShiftLines markers={shifts} x={x} width={width} height={height} />
        <g clipPath={clipUrl(TEST_ID)}>
          {layers.map((l, i) => {
            const h = shrink[l];
            const d = line<number>()
              .defined((k) => Number.isFinite(h.ratio[k]))
              .x((k) => x(h.tick[k]))
              .y((k) => y(h.ratio[k]))(h.tick.map((_, k) => k));
            const k = hovered[i];
            return (
              <g key={l}>
                <path d={d ?? undefined} fill="none" stroke={seriesColor(i)} strokeWidth={2.5} />
                {k >= 0 && Number.isFinite(h.ratio[k]) && (
                  <circle cx={x(h.tick[k])} cy={y(h.ratio[k])} r={5} fill={seriesColor(i)} />
                )}
              </g>
            );
          })}
        </g>
        {pointer && <line className="hover-line" x1={pointer.x} x2={pointer.x} y2={height} />}
      </>
    );

    const parts = layers
      .map((l, i) => {
        const k = hovered[i];
        return k < 0 ? null : `${l} ${fixed(shrink[l].ratio[k], 4)}`;
      })
      .filter((p) => p !== null);
    const at = hoverTick === null ? '' : `tick ${count(Math.max(0, hoverTick))}: `;
    const readout =
      hoverTick === null ? null : parts.length > 0 ? at + parts.join(' · ') : 'no updates yet';
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Posterior shrinkage"
      caption="Weight uncertainty σ/σ0, averaged over each Bayesian layer's weights: 1 = prior, 0 = certain."
      legend={legend}
      points={points}
      skipped={skipped}
      plot={plot}
    />
  );
}
