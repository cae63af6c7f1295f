import { line, scaleLinear } from 'd3';
import { count, fixed } from '../format';
import { Axes, scaleTicks, timeTicks } from '../charts/Axes';
import { ChartFrame, clipUrl, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { learnerColor } from '../charts/palette';
import { nearestIndex } from '../charts/series';
import { CHUNK, type CalibHistories } from '../../src/store/calibHistories';

const TEST_ID = 'chart-nll';

/** Predictive NLL of the demonstrated actions per chunk of samples, per learner with uncertainty. */
export function NllChart({ histories }: { histories: CalibHistories }) {
  const names = Object.keys(histories);
  // A learner with uncertainty has a finite σ; the others are named, never scored.
  const scored = names.filter((n) => histories[n].recent.std.some(Number.isFinite));
  const none = names.filter((n) => !scored.includes(n));
  const waiting = scored.every((n) => histories[n].chunks.nll.length === 0);
  let lo = Infinity;
  let hi = -Infinity;
  let maxSamples = 1;
  for (const n of scored) {
    const c = histories[n].chunks;
    for (const v of c.nll) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    maxSamples = Math.max(maxSamples, c.samples[c.samples.length - 1] ?? 1);
  }
  const points = scored.reduce(
    (k, n) => k + histories[n].chunks.nll.filter(Number.isFinite).length,
    0,
  );

  const legend: LegendItem[] = scored.map((n) => ({ label: n, color: learnerColor(n, names) }));

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain([0, maxSamples]).range([0, width]);
    const y = scaleLinear()
      .domain(Number.isFinite(lo) ? [Math.min(lo, hi - 0.1), hi] : [-2, 2])
      .range([height, 0])
      .nice();
    const at = pointer ? x.invert(pointer.x) : null;
    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={scaleTicks(y, 6)}
          xLabel="demonstrated samples seen"
          yLabel="NLL (nats)"
        />
        <g clipPath={clipUrl(TEST_ID)}>
          {scored.map((n) => {
            const c = histories[n].chunks;
            const d = line<number>()
              .defined((i) => Number.isFinite(c.nll[i]))
              .x((i) => x(c.samples[i]))
              .y((i) => y(c.nll[i]))(c.nll.map((_, i) => i));
            return (
              <path
                key={n}
                d={d ?? undefined}
                fill="none"
                stroke={learnerColor(n, names)}
                strokeWidth={2.5}
              />
            );
          })}
        </g>
        {none.length > 0 && (
          <text className="empty" x={width - 8} y={16} textAnchor="end">
            no uncertainty, no NLL: {none.join(', ')}
          </text>
        )}
        {scored.length > 0 && waiting && (
          <text className="empty" x={width / 2} y={height / 2} textAnchor="middle">
            the first point comes after {CHUNK} samples
          </text>
        )}
        {pointer && <line className="hover-line" x1={pointer.x} x2={pointer.x} y2={height} />}
      </>
    );
    const parts = scored.flatMap((n) => {
      const c = histories[n].chunks;
      const i = at === null ? -1 : nearestIndex(c.samples, at);
      return i < 0 ? [] : [`${n} ${fixed(c.nll[i], 3)} @${count(c.samples[i])}`];
    });
    const readout =
      at === null ? null : parts.length > 0 ? `NLL: ${parts.join(' · ')}` : 'no chunk yet';
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Predictive NLL over time"
      caption={`Mean −log N(y; ŷ, σ²) of the expert's actions over each ${CHUNK} samples, predicted before learning from them; lower is better.`}
      legend={legend}
      points={points}
      plot={plot}
    />
  );
}
