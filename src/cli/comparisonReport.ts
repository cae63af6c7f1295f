/**
 * Tables, CSV and JSON of learner-comparison rows: per preset/learner/seed and the mean ±
 * standard deviation over seeds. Pure functions (the experiment and results CLIs share them).
 */
import { meanSd, type ComparisonRow } from '../session/comparison';

/** Aggregate of one preset × learner over seeds. */
export interface ComparisonSummary {
  preset: string;
  learner: string;
  bayesian: boolean;
  seeds: number;
  before: { mean: number; sd: number };
  afterShift: { mean: number; sd: number };
  /** Per budget. */
  success: { mean: number; sd: number }[];
  nll: { mean: number; sd: number } | null;
  cover90: { mean: number; sd: number } | null;
  rmse: { mean: number; sd: number };
  updateMs: { mean: number; sd: number };
  bytes: { mean: number; sd: number };
}

/** Group rows by preset and learner (order of first appearance) and aggregate over seeds. */
export function summarize(rows: readonly ComparisonRow[]): ComparisonSummary[] {
  const groups = new Map<string, ComparisonRow[]>();
  for (const r of rows) {
    const k = `${r.preset}\u0000${r.learner}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const pick = (f: (r: ComparisonRow) => number) => meanSd(g.map(f));
    const maybe = (f: (r: ComparisonRow) => number | null) => {
      const xs = g.map(f).filter((x): x is number => x !== null);
      return xs.length > 0 ? meanSd(xs) : null;
    };
    return {
      preset: g[0].preset,
      learner: g[0].learner,
      bayesian: g[0].bayesian,
      seeds: g.length,
      before: pick((r) => r.before),
      afterShift: pick((r) => r.afterShift),
      success: g[0].success.map((_, i) => pick((r) => r.success[i])),
      nll: maybe((r) => r.nll),
      cover90: maybe((r) => r.cover90),
      rmse: pick((r) => r.rmse),
      updateMs: pick((r) => r.updateMs),
      bytes: pick((r) => r.bytes),
    };
  });
}

const pct = (x: { mean: number; sd: number }) =>
  `${(100 * x.mean).toFixed(0)}±${(100 * x.sd).toFixed(0)}%`;
const num = (x: { mean: number; sd: number } | null, digits: number) =>
  x === null ? 'no uncertainty' : `${x.mean.toFixed(digits)}±${x.sd.toFixed(digits)}`;
const kib = (b: number) =>
  b >= 1024 * 1024 ? `${(b / 1048576).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`;

/** Column headers of the summary table. */
function headers(budgets: readonly number[]): string[] {
  return [
    'preset',
    'learner',
    'before',
    'after shift',
    ...budgets.map((b) => `after ${b}`),
    'NLL',
    '90% cover',
    'RMSE',
    'ms/update',
    'bytes kept',
  ];
}

/** The cells of one summary row. */
function cells(s: ComparisonSummary): string[] {
  return [
    s.preset,
    s.learner,
    pct(s.before),
    pct(s.afterShift),
    ...s.success.map(pct),
    num(s.nll, 2),
    s.cover90 === null ? 'no uncertainty' : pct(s.cover90),
    num(s.rmse, 3),
    s.updateMs.mean.toFixed(2),
    kib(s.bytes.mean),
  ];
}

/** A fixed-width text table of summaries (mean ± sd over seeds). */
export function textTable(
  summary: readonly ComparisonSummary[],
  budgets: readonly number[],
): string {
  const rows = [headers(budgets), ...summary.map(cells)];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((x, c) => x.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A Markdown table of summaries. */
export function markdownTable(
  summary: readonly ComparisonSummary[],
  budgets: readonly number[],
): string {
  const h = headers(budgets);
  const lines = [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`];
  for (const s of summary) lines.push(`| ${cells(s).join(' | ')} |`);
  return lines.join('\n');
}

const csvCell = (x: number | string | null) => {
  if (x === null) return '';
  const s = typeof x === 'number' ? (Number.isFinite(x) ? String(+x.toPrecision(6)) : '') : x;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV: one line per preset/learner/seed, then a 'mean' and an 'sd' line per preset/learner. */
export function toCsv(rows: readonly ComparisonRow[], budgets: readonly number[]): string {
  const head = [
    'preset',
    'learner',
    'seed',
    'bayesian',
    'before',
    'after_shift',
    ...budgets.map((b) => `success_at_${b}`),
    'nll',
    'cover90',
    'rmse',
    'update_ms',
    'bytes',
  ];
  const lines = [head.join(',')];
  for (const r of rows) {
    const v = [
      r.preset,
      r.learner,
      r.seed,
      String(r.bayesian),
      r.before,
      r.afterShift,
      ...r.success,
      r.nll,
      r.cover90,
      r.rmse,
      r.updateMs,
      r.bytes,
    ];
    lines.push(v.map(csvCell).join(','));
  }
  for (const s of summarize(rows)) {
    for (const stat of ['mean', 'sd'] as const) {
      const v = [
        s.preset,
        s.learner,
        stat,
        String(s.bayesian),
        s.before[stat],
        s.afterShift[stat],
        ...s.success.map((x) => x[stat]),
        s.nll ? s.nll[stat] : null,
        s.cover90 ? s.cover90[stat] : null,
        s.rmse[stat],
        s.updateMs[stat],
        s.bytes[stat],
      ];
      lines.push(v.map(csvCell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
