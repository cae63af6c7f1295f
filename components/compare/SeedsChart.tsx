import { useEffect, useState } from 'react';
import { line, scaleLinear, scalePoint } from 'd3';
import { z } from 'zod';
import { fixed } from '../format';
import { Axes, scaleTicks } from '../charts/Axes';
import { ChartFrame, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { learnerColor } from '../charts/palette';

/** The part of public/results/compare.json (written by `npm run results`) this chart reads. */
const ResultsSchema = z.object({
  presets: z.array(z.string()),
  seeds: z.array(z.number()),
  learners: z.array(z.string()),
  budgets: z.array(z.number()),
  rows: z.array(
    z.object({
      preset: z.string(),
      seed: z.number(),
      learner: z.string(),
      success: z.array(z.number().nullable()),
    }),
  ),
});
type Results = z.infer<typeof ResultsSchema>;

/** Mean and standard deviation over seeds of one learner's success at each budget. */
function spread(results: Results, learner: string, preset: string) {
  return results.budgets.map((_, b) => {
    const v = results.rows
      .filter((r) => r.learner === learner && (preset === 'all' || r.preset === preset))
      .map((r) => r.success[b])
      .filter((s): s is number => s !== null && Number.isFinite(s));
    const mean = v.reduce((a, x) => a + x, 0) / Math.max(1, v.length);
    const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, v.length - 1));
    return { mean: v.length > 0 ? mean : Number.NaN, sd: v.length > 1 ? sd : 0, n: v.length };
  });
}

/**
 * Success after a shift at fixed budgets of new samples, mean ± 1 sd over seeds, from the
 * headless comparison (`npm run results`), per preset or over all presets.
 */
export function SeedsChart() {
  const [results, setResults] = useState<Results | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [preset, setPreset] = useState('all');

  useEffect(() => {
    fetch(`${import.meta.env.BASE_URL}results/compare.json`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((json) => {
        const parsed = ResultsSchema.safeParse(json);
        if (parsed.success) setResults(parsed.data);
        else setProblem('results/compare.json has an unexpected shape');
      })
      .catch((e) => setProblem(`no results/compare.json (${String(e)})`));
  }, []);

  const learners = results?.learners ?? [];
  const stats = learners.map((l) => ({ l, s: results ? spread(results, l, preset) : [] }));
  const points = stats.reduce((k, { s }) => k + s.filter((p) => p.n > 0).length, 0);
  const legend: LegendItem[] = learners.map((l) => ({
    label: l,
    color: learnerColor(l, learners),
  }));

  const controls = (
    <div className="chart-controls">
      <label>
        preset{' '}
        <select value={preset} onChange={(e) => setPreset(e.target.value)} disabled={!results}>
          <option value="all">all presets</option>
          {(results?.presets ?? []).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
    </div>
  );

  const plot = ({ width, height, pointer }: PlotContext) => {
    const budgets = results?.budgets ?? [];
    const x = scalePoint<number>().domain(budgets).range([0, width]).padding(0.5);
    const y = scaleLinear().domain([-0.04, 1.04]).range([height, 0]);
    const dodge = (i: number) => (i - (learners.length - 1) / 2) * 6;
    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={budgets.map((b) => ({ position: x(b) ?? 0, label: String(b) }))}
          yTicks={scaleTicks(y, 5, '.0%')}
          xLabel="new samples after the shift (budget)"
          yLabel="success rate"
        />
        {stats.map(({ l, s }, i) => {
          const c = learnerColor(l, learners);
          const d = line<number>()
            .defined((b) => Number.isFinite(s[b].mean))
            .x((b) => (x(budgets[b]) ?? 0) + dodge(i))
            .y((b) => y(s[b].mean))(budgets.map((_, b) => b));
          return (
            <g key={l}>
              <path d={d ?? undefined} fill="none" stroke={c} strokeWidth={2.5} />
              {s.map((p, b) =>
                Number.isFinite(p.mean) ? (
                  <g key={b} transform={`translate(${(x(budgets[b]) ?? 0) + dodge(i)},0)`}>
                    <line
                      y1={y(Math.max(0, p.mean - p.sd))}
                      y2={y(Math.min(1, p.mean + p.sd))}
                      stroke={c}
                      strokeWidth={2}
                    />
                    <circle cy={y(p.mean)} r={4.5} fill={c} />
                  </g>
                ) : null,
              )}
            </g>
          );
        })}
        {!results && (
          <text className="empty" x={width / 2} y={height / 2} textAnchor="middle">
            {problem ?? 'loading results/compare.json…'}
          </text>
        )}
      </>
    );
    let readout: string | null = null;
    if (pointer && results && budgets.length > 0) {
      const step = width / budgets.length;
      const b = Math.min(budgets.length - 1, Math.max(0, Math.floor(pointer.x / step)));
      readout =
        `${budgets[b]} samples: ` +
        stats
          .map(({ l, s }) => `${l} ${fixed(s[b].mean)} ± ${fixed(s[b].sd)} (n ${s[b].n})`)
          .join(' · ');
    }
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId="chart-compare-seeds"
      title="Over seeds"
      caption={`Success after a shift at fixed budgets of new samples: mean ± 1 sd over ${results?.seeds.length ?? '…'} seeds${preset === 'all' ? ' and every preset' : ''}, from the headless comparison (npm run results).`}
      legend={legend}
      points={points}
      controls={controls}
      plot={plot}
    />
  );
}
