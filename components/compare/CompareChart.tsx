import { line, scaleLinear, symbol, symbolsFill } from 'd3';
import { useFrameSelector } from '../hooks/useFrameSelector';
import { count, fixed } from '../format';
import { Axes, scaleTicks, timeTicks } from '../charts/Axes';
import { ChartFrame, clipUrl, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { learnerColor } from '../charts/palette';
import { countNonFinite, nearestIndex } from '../charts/series';

const TEST_ID = 'chart-compare';

/** Success rate against the number of new (demonstrated) samples seen, per learner, this run. */
export function CompareChart() {
  const evals = useFrameSelector((s) => s.histories.evals);
  const seen = useFrameSelector((s) => s.snapshot?.samplesSeen ?? 0);
  const names = Object.keys(evals);
  const shapes = names.map((_, i) => symbol(symbolsFill[i % symbolsFill.length], 48)() ?? '');
  const skipped = countNonFinite(...names.map((n) => evals[n].success));
  const points = names.reduce((k, n) => k + evals[n].success.length, 0) - skipped;

  const legend: LegendItem[] = names.map((n, i) => ({
    label: n,
    color: learnerColor(n, names),
    shape: shapes[i],
  }));

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear()
      .domain([0, Math.max(1, seen)])
      .range([0, width]);
    const y = scaleLinear().domain([-0.04, 1.04]).range([height, 0]);
    const at = pointer ? x.invert(pointer.x) : null;
    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={scaleTicks(y, 5, '.0%')}
          xLabel="new samples seen (demonstrations)"
          yLabel="success rate"
        />
        <g clipPath={clipUrl(TEST_ID)}>
          {names.map((n, i) => {
            const h = evals[n];
            const samples = h.samples ?? h.tick;
            const idx = samples.map((_, k) => k);
            const d = line<number>()
              .defined((k) => Number.isFinite(h.success[k]))
              .x((k) => x(samples[k]))
              .y((k) => y(h.success[k]))(idx);
            const c = learnerColor(n, names);
            return (
              <g key={n} data-testid="compare-series">
                <path d={d ?? undefined} fill="none" stroke={c} strokeWidth={2.5} />
                {idx.length <= 150 &&
                  idx.map((k) =>
                    Number.isFinite(h.success[k]) ? (
                      <path
                        key={k}
                        d={shapes[i]}
                        transform={`translate(${x(samples[k])},${y(h.success[k])})`}
                        fill={c}
                        stroke="#fff"
                      />
                    ) : null,
                  )}
              </g>
            );
          })}
        </g>
        {pointer && <line className="hover-line" x1={pointer.x} x2={pointer.x} y2={height} />}
      </>
    );
    const parts = names.flatMap((n) => {
      const h = evals[n];
      const k = at === null ? -1 : nearestIndex(h.samples ?? h.tick, at);
      return k < 0 ? [] : [`${n} ${fixed(h.success[k])} @${count((h.samples ?? h.tick)[k])}`];
    });
    const readout =
      at === null
        ? null
        : parts.length > 0
          ? `success: ${parts.join(' · ')}`
          : 'no evaluations yet';
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Success against new samples"
      caption="Each learner's evaluation success rate against the demonstrated samples it had seen; same seed, same samples, same shifts for all (this run, one seed)."
      legend={legend}
      points={points}
      skipped={skipped}
      plot={plot}
    />
  );
}
