import { memo } from 'react';
import { area, line, scaleLinear } from 'd3';
import { useSampled } from './useSampled';
import { count, fixed } from '../format';
import { Axes, scaleTicks, timeTicks } from '../charts/Axes';
import { ChartFrame, clipUrl, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { OKABE_ITO, seriesColor } from '../charts/palette';
import { countNonFinite, nearestIndex, timeDomain } from '../charts/series';
import { ShiftLines } from '../charts/ShiftLines';
import { thinIndex } from './thin';
import { usePins } from '../../src/store/pinStore';
import { weightKey } from '../../src/messages/inspect';
import type { PinnedHistory } from '../../src/store/inspectHistories';

const TEST_ID = 'pinned-trace';

/** Standardised value z = (w − μ0)/σ0 of a pinned weight's history at index i. */
const z = (h: PinnedHistory, i: number, w: number) => (w - h.mu0[i]) / h.sigma0[i];

/**
 * Traces of the pinned weights over time: posterior mean ±2σ, in units of the prior,
 * (w − μ0)/σ0, so every weight shares one axis and the prior band μ0 ± 2σ0 is [−2, 2].
 */
export const PinnedTrace = memo(function PinnedTrace() {
  const pinnedHist = useSampled((s) => s.histories.inspect.pinned);
  const shifts = useSampled((s) => s.histories.shifts);
  const tick = useSampled((s) => s.snapshot?.tick ?? 0);
  const pins = usePins((s) => s.pinned);
  const unpin = usePins((s) => s.unpin);

  const keys = pins.map(weightKey);
  const shown = keys.filter((k) => pinnedHist[k]);
  const colorOf = (k: string) => seriesColor(keys.indexOf(k));
  const skipped = countNonFinite(...shown.map((k) => pinnedHist[k].mean));
  const points = shown.reduce((n, k) => n + pinnedHist[k].tick.length, 0) - skipped;

  let top = 3;
  for (const k of shown) {
    const h = pinnedHist[k];
    for (let i = 0; i < h.tick.length; i++) {
      const a = Math.abs(z(h, i, h.mean[i])) + (2 * h.std[i]) / h.sigma0[i];
      if (Number.isFinite(a)) top = Math.max(top, a);
    }
  }
  top = Math.min(top, 50);

  const legend: LegendItem[] = [
    ...keys.map((k) => ({ label: `${k} mean ±2σ`, color: colorOf(k) })),
    { label: 'prior μ0 ± 2σ0', color: '#999', kind: 'band' },
    { label: 'shift', color: OKABE_ITO.black, kind: 'dashed' },
  ];

  const controls = (
    <div className="chart-controls pins">
      {keys.map((k) => (
        <button key={k} className="small chip" onClick={() => unpin(k)} title={`unpin ${k}`}>
          {k} ✕
        </button>
      ))}
    </div>
  );

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain(timeDomain(tick)).range([0, width]);
    const y = scaleLinear().domain([-top, top]).range([height, 0]).nice();
    const hoverTick = pointer ? x.invert(pointer.x) : null;

    const series = shown.map((k) => {
      const h = pinnedHist[k];
      const idx = thinIndex(h.tick.length, width).filter((i) => Number.isFinite(h.mean[i]));
      const band = area<number>()
        .x((i) => x(h.tick[i]))
        .y0((i) => y(z(h, i, h.mean[i] - 2 * h.std[i])))
        .y1((i) => y(z(h, i, h.mean[i] + 2 * h.std[i])))(idx);
      const mid = line<number>()
        .x((i) => x(h.tick[i]))
        .y((i) => y(z(h, i, h.mean[i])))(idx);
      const hovered = hoverTick === null ? -1 : nearestIndex(h.tick, hoverTick);
      return { k, h, band, mid, hovered };
    });

    const svg = (
      <>
        <rect
          className="prior-band"
          x={0}
          width={width}
          y={y(2)}
          height={Math.max(0, y(-2) - y(2))}
        />
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={scaleTicks(y, 6)}
          xLabel="time (ticks = world steps)"
          yLabel="(w − μ0) / σ0"
        />
        <ShiftLines markers={shifts} x={x} width={width} height={height} />
        <g clipPath={clipUrl(TEST_ID)}>
          {series.map((s) => (
            <g key={s.k}>
              <path d={s.band ?? undefined} fill={colorOf(s.k)} opacity={0.18} />
              <path d={s.mid ?? undefined} fill="none" stroke={colorOf(s.k)} strokeWidth={2.5} />
              {s.hovered >= 0 && (
                <circle
                  cx={x(s.h.tick[s.hovered])}
                  cy={y(z(s.h, s.hovered, s.h.mean[s.hovered]))}
                  r={4.5}
                  fill={colorOf(s.k)}
                />
              )}
            </g>
          ))}
        </g>
        {keys.length === 0 && (
          <text className="empty" x={width / 2} y={height / 2} textAnchor="middle">
            click a cell of a heat map to pin that weight (up to six)
          </text>
        )}
        {pointer && <line className="hover-line" x1={pointer.x} x2={pointer.x} y2={height} />}
      </>
    );

    const parts = series
      .filter((s) => s.hovered >= 0)
      .map(({ k, h, hovered: i }) => `${k} ${fixed(h.mean[i], 4)} ± ${fixed(2 * h.std[i], 4)}`);
    const readout =
      hoverTick === null
        ? null
        : parts.length > 0
          ? `tick ${count(Math.max(0, hoverTick))}: ${parts.join(' · ')} (mean ± 2σ, raw units)`
          : 'no trace yet';
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Pinned weights"
      caption="Each pinned weight's posterior mean ±2σ over time, in prior units (w − μ0)/σ0; grey: the prior band μ0 ± 2σ0."
      legend={legend}
      points={points}
      skipped={skipped}
      controls={controls}
      plot={plot}
    />
  );
});
