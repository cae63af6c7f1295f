import { line, scaleLinear } from 'd3';
import { compact } from '../format';
import { Axes, scaleTicks } from '../charts/Axes';
import { ChartFrame, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { learnerColor } from '../charts/palette';
import type { LearnerCalibration } from './useCalibration';

/** Predicted σ against the observed error in quantile bins of σ, per learner with uncertainty. */
export function SigmaChart({ learners }: { learners: LearnerCalibration[] }) {
  const names = learners.map((l) => l.learner);
  const scored = learners.filter((l) => l.summary.bins.length > 0);
  const none = learners.filter((l) => l.summary.bins.length === 0).map((l) => l.learner);
  let top = 1e-3;
  for (const l of scored)
    for (const b of l.summary.bins) top = Math.max(top, b.meanSigma, b.rmsError, b.meanAbsError);
  const points = scored.reduce((k, l) => k + l.summary.bins.length, 0);

  const legend: LegendItem[] = [
    ...scored.map((l) => ({
      label: `${l.learner} RMS error`,
      color: learnerColor(l.learner, names),
    })),
    { label: 'calibrated: RMS error = σ', color: '#777', kind: 'dashed' },
  ];

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain([0, top]).range([0, width]).nice();
    const y = scaleLinear().domain([0, top]).range([height, 0]).nice();
    let readout: string | null = null;
    if (pointer) {
      let best = Infinity;
      for (const l of scored)
        for (const b of l.summary.bins) {
          const d = Math.hypot(x(b.meanSigma) - pointer.x, y(b.rmsError) - pointer.y);
          if (d < best && d < 30) {
            best = d;
            readout = `${l.learner}: σ in [${compact(b.sigmaLo)}, ${compact(b.sigmaHi)}] (mean ${compact(b.meanSigma)}), RMS error ${compact(b.rmsError)}, mean |error| ${compact(b.meanAbsError)}, n = ${b.n}`;
          }
        }
    }
    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={scaleTicks(x, 5)}
          yTicks={scaleTicks(y, 5)}
          xLabel="predicted σ (bin mean, action units)"
          yLabel="RMS error"
        />
        <line className="reference" x1={x(0)} y1={y(0)} x2={x(top)} y2={y(top)} />
        {scored.map((l) => {
          const c = learnerColor(l.learner, names);
          const d = line<(typeof l.summary.bins)[number]>()
            .x((b) => x(b.meanSigma))
            .y((b) => y(b.rmsError))(l.summary.bins);
          return (
            <g key={l.learner}>
              <path d={d ?? undefined} fill="none" stroke={c} strokeWidth={2} />
              {l.summary.bins.map((b, i) => (
                <circle key={i} cx={x(b.meanSigma)} cy={y(b.rmsError)} r={4} fill={c} />
              ))}
            </g>
          );
        })}
        {none.length > 0 && (
          <text className="empty" x={width - 8} y={height - 10} textAnchor="end">
            no σ to bin: {none.join(', ')}
          </text>
        )}
      </>
    );
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId="chart-sigma"
      title="Predicted σ against error"
      caption="Recent predictions in ten equal-count bins of predicted σ: RMS of y − ŷ per bin against the bin's mean σ (mean |error| in the readout)."
      legend={legend}
      points={points}
      plot={plot}
    />
  );
}
