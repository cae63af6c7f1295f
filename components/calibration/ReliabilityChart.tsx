import { area, line, scaleLinear } from 'd3';
import { fixed } from '../format';
import { Axes, scaleTicks } from '../charts/Axes';
import { ChartFrame, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { learnerColor } from '../charts/palette';
import type { LearnerCalibration } from './useCalibration';
import { CALIB_WINDOW } from '../../src/store/calibHistories';

/** Half-width of the 95% binomial band of an observed fraction at probability p over n. */
export function binomialHalfWidth(p: number, n: number): number {
  return n > 0 ? 1.96 * Math.sqrt((p * (1 - p)) / n) : Number.NaN;
}

/**
 * Reliability diagram: observed coverage of central predictive intervals against their
 * nominal level, per learner with uncertainty; the diagonal is perfect calibration.
 */
export function ReliabilityChart({ learners }: { learners: LearnerCalibration[] }) {
  const names = learners.map((l) => l.learner);
  const scored = learners.filter((l) => l.summary.uncertain);
  const none = learners.filter((l) => !l.summary.uncertain).map((l) => l.learner);
  const n = Math.min(...scored.map((l) => l.summary.n));
  const points = scored.reduce((k, l) => k + l.summary.coverage.length, 0);

  const legend: LegendItem[] = [
    ...scored.map((l) => ({
      label: `${l.learner} (n = ${l.summary.n})`,
      color: learnerColor(l.learner, names),
    })),
    { label: 'ideal', color: '#777', kind: 'dashed' },
    { label: `95% binomial band (n = ${Number.isFinite(n) ? n : 0})`, color: '#999', kind: 'band' },
  ];

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain([0, 1]).range([0, width]);
    const y = scaleLinear().domain([0, 1]).range([height, 0]);
    const grid = Array.from({ length: 101 }, (_, i) => i / 100);
    const band =
      Number.isFinite(n) && n > 0
        ? area<number>()
            .x((p) => x(p))
            .y0((p) => y(Math.max(0, p - binomialHalfWidth(p, n))))
            .y1((p) => y(Math.min(1, p + binomialHalfWidth(p, n))))(grid)
        : null;
    const nominal = pointer ? Math.round(x.invert(pointer.x) * 10) / 10 : null;

    const svg = (
      <>
        {band && <path d={band} fill="#999" opacity={0.2} />}
        <Axes
          width={width}
          height={height}
          xTicks={scaleTicks(x, 5, '.0%')}
          yTicks={scaleTicks(y, 5, '.0%')}
          xLabel="nominal coverage of the central interval"
          yLabel="observed"
        />
        <line className="reference" x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} />
        {scored.map((l) => {
          const c = learnerColor(l.learner, names);
          const d = line<{ nominal: number; observed: number }>()
            .x((p) => x(p.nominal))
            .y((p) => y(p.observed))(l.summary.coverage);
          return (
            <g key={l.learner}>
              <path d={d ?? undefined} fill="none" stroke={c} strokeWidth={2.5} />
              {l.summary.coverage.map((p) => (
                <circle key={p.nominal} cx={x(p.nominal)} cy={y(p.observed)} r={4} fill={c} />
              ))}
            </g>
          );
        })}
        {none.length > 0 && (
          <text className="empty" x={width - 8} y={height - 10} textAnchor="end">
            no uncertainty (not scored): {none.join(', ')}
          </text>
        )}
        {learners.length === 0 && (
          <text className="empty" x={width / 2} y={height / 2} textAnchor="middle">
            waiting for demonstrated samples…
          </text>
        )}
      </>
    );
    const parts = scored.flatMap((l) => {
      const p = l.summary.coverage.find((q) => Math.abs(q.nominal - (nominal ?? -1)) < 1e-9);
      return p ? [`${l.learner} ${fixed(100 * p.observed, 1)}%`] : [];
    });
    const readout =
      nominal === null
        ? null
        : parts.length > 0
          ? `nominal ${fixed(100 * nominal, 0)}%: ${parts.join(' · ')}`
          : null;
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId="chart-calibration"
      title="Reliability"
      caption={`Fraction of each learner's last ${CALIB_WINDOW} demonstrated actions inside its central predictive interval, before learning from them (consecutive samples are correlated, so the band is optimistic).`}
      legend={legend}
      points={points}
      plot={plot}
    />
  );
}
