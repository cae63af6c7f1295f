/**
 * The softmax lab's input for one query row of an attention report: the row's visible keys
 * (masked ones left out), their score means and full score covariance.
 */
import type { AttentionReport } from '../messages/attention';
import type { LogitRow } from './softmaxLabStore';

/**
 * Query row `row` of head (`layer`, `head`) as a {@link LogitRow}. The first row sees one key
 * (itself): its softmax is exactly 1, and the lab shows it as such instead of nothing happening.
 * Rows or heads outside the report give null.
 */
export function rowForLab(
  report: AttentionReport,
  layer: number,
  head: number,
  row: number,
): LogitRow | null {
  const T = report.tokens;
  const inside = (v: number, n: number) => Number.isInteger(v) && v >= 0 && v < n;
  if (!inside(layer, report.layers) || !inside(head, report.heads) || !inside(row, T)) return null;
  const keys = Array.from({ length: T }, (_, j) => j).filter((j) => report.mask[row * T + j]);
  if (keys.length === 0) return null;
  const base = (layer * report.heads + head) * T;
  return {
    labels: keys.map((j) => report.labels[j]),
    mean: keys.map((j) => report.scoreMean[(base + row) * T + j]),
    cov: keys.map((j) => keys.map((l) => report.scoreCov[((base + row) * T + j) * T + l])),
    source: `layer ${layer + 1} · head ${head + 1} · query ${report.labels[row]}`,
  };
}
