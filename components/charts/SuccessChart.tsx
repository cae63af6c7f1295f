import { line, scaleLinear, symbol, symbolsFill } from 'd3';
import { useFrameSelector } from '../hooks/useFrameSelector';
import { fixed, count } from '../format';
import { Axes, scaleTicks, timeTicks } from './Axes';
import { ChartFrame, clipUrl, type PlotContext } from './ChartFrame';
import type { LegendItem } from './Legend';
import { OKABE_ITO, learnerColor } from './palette';
import { countNonFinite, nearestIndex, timeDomain } from './series';
import { ShiftLines } from './ShiftLines';
import type { EvalHistory } from '../../src/store/store';

const TEST_ID = 'chart-success';
/** Above this many points per learner the dots are left out and only the line is drawn. */
const MAX_DOTS = 150;

/** Success rate of each learner's evaluation episodes over time, with shift markers. */
export function SuccessChart() {
  const evals = useFrameSelector((s) => s.histories.evals);
  const shifts = useFrameSelector((s) => s.histories.shifts);
  const tick = useFrameSelector((s) => s.snapshot?.tick ?? 0);

  const names = Object.keys(evals);
  const colors = names.map((n) => learnerColor(n, names));
  const shapes = names.map((_, i) => symbol(symbolsFill[i % symbolsFill.length], 48)() ?? '');
  const skipped = countNonFinite(...names.map((n) => evals[n].success));
  const points = names.reduce((sum, n) => sum + evals[n].success.length, 0) - skipped;

  const legend: LegendItem[] = [
    ...names.map((n, i) => ({ label: n, color: colors[i], shape: shapes[i] })),
    { label: 'shift', color: OKABE_ITO.black, kind: 'dashed' },
  ];

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain(timeDomain(tick)).range([0, width]);
    // A little room above 100% and below 0% so lines and dots at the limits are not clipped.
    const y = scaleLinear().domain([-0.04, 1.04]).range([height, 0]);

    // Hovered tick: each learner's nearest evaluation to it.
    const hoverTick = pointer ? x.invert(pointer.x) : null;
    const hovered = names.map((n) =>
      hoverTick === null ? -1 : nearestIndex(evals[n].tick, hoverTick),
    );

    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={scaleTicks(y, 5, '.0%')}
          xLabel="time (ticks = world steps)"
          yLabel="success rate (% of episodes)"
        />
        <ShiftLines markers={shifts} x={x} width={width} height={height} />
        <g clipPath={clipUrl(TEST_ID)}>
          {names.map((n, i) => (
            <LearnerSeries
              key={n}
              history={evals[n]}
              x={x}
              y={y}
              color={colors[i]}
              shape={shapes[i]}
              hovered={hovered[i]}
            />
          ))}
        </g>
        {pointer && <line className="hover-line" x1={pointer.x} x2={pointer.x} y2={height} />}
      </>
    );

    const readout = hoverTick === null ? null : successReadout(names, evals, hovered);
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Success rate"
      caption="Fraction of evaluation episodes that balance for 200 steps, per learner, in the current world."
      legend={legend}
      points={points}
      skipped={skipped}
      idleReadout={points === 0 ? 'Waiting for the first evaluation…' : undefined}
      plot={plot}
    />
  );
}

/** Props of one learner's line and dots. */
interface LearnerSeriesProps {
  history: EvalHistory;
  x: (v: number) => number;
  y: (v: number) => number;
  color: string;
  shape: string;
  /** Index of the hovered point, or -1. */
  hovered: number;
}

/** One learner's success line with a marker per evaluation; non-finite values are skipped. */
function LearnerSeries({ history, x, y, color, shape, hovered }: LearnerSeriesProps) {
  const { tick, success } = history;
  const index = tick.map((_, i) => i);
  const path = line<number>()
    .defined((i) => Number.isFinite(success[i]) && Number.isFinite(tick[i]))
    .x((i) => x(tick[i]))
    .y((i) => y(success[i]))(index);
  const dots = tick.length <= MAX_DOTS ? index : hovered >= 0 ? [hovered] : [];
  return (
    <g>
      <path d={path ?? undefined} fill="none" stroke={color} strokeWidth={2.5} />
      {dots.map((i) =>
        Number.isFinite(success[i]) ? (
          <path
            key={i}
            d={shape}
            transform={`translate(${x(tick[i])},${y(success[i])})${i === hovered ? ' scale(1.8)' : ''}`}
            fill={color}
            stroke="#fff"
            strokeWidth={1}
          />
        ) : null,
      )}
    </g>
  );
}

/**
 * Readout of the hovered evaluations: "tick 300 — success (return): kbt 0.97 (194) · …", with
 * each learner's own tick when they were not evaluated at the same tick.
 */
function successReadout(
  names: readonly string[],
  evals: Record<string, EvalHistory>,
  hovered: readonly number[],
): string {
  const shown = names.map((n, i) => ({ n, h: evals[n], k: hovered[i] })).filter((p) => p.k >= 0);
  if (shown.length === 0) return 'no evaluations yet';
  const ticks = new Set(shown.map(({ h, k }) => h.tick[k]));
  const same = ticks.size === 1;
  const parts = shown.map(({ n, h, k }) => {
    const at = same ? '' : ` @${count(h.tick[k])}`;
    return `${n} ${fixed(h.success[k])} (${fixed(h.meanReturn[k], 0)})${at}`;
  });
  const head = same ? `tick ${count(shown[0].h.tick[shown[0].k])} — ` : '';
  return `${head}success (return): ${parts.join(' · ')}`;
}
