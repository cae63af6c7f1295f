import { describe, expect, it } from 'vitest';
import type { AttentionReport } from '../messages/attention';
import { rowForLab } from './attentionRow';
import { staleness } from './attentionStore';

/** A causal report of T tokens, 1 layer, 2 heads, scores numbered by their flat index. */
function report(T: number): AttentionReport {
  const H = 2;
  const mask = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) mask[i * T + j] = 1;
  return {
    tick: 7,
    layers: 1,
    heads: H,
    tokens: T,
    labels: Array.from({ length: T }, (_, i) => `t${i}`),
    mask,
    scoreMean: Float32Array.from({ length: H * T * T }, (_, k) => k),
    scoreCov: Float32Array.from({ length: H * T * T * T }, (_, k) => k),
  } as unknown as AttentionReport;
}

describe('rowForLab', () => {
  it('the first row (one visible key) loads as a one-entry row instead of nothing', () => {
    const row = rowForLab(report(4), 0, 0, 0)!;
    expect(row.labels).toEqual(['t0']);
    expect(row.mean).toEqual([0]);
    expect(row.cov).toEqual([[0]]);
  });

  it('takes the visible keys of the right head and row, means and covariance', () => {
    const T = 4;
    const row = rowForLab(report(T), 0, 1, 2)!; // head 2, query t2 sees t0, t1, t2
    const base = (1 * T + 2) * T;
    expect(row.labels).toEqual(['t0', 't1', 't2']);
    expect(row.mean).toEqual([base, base + 1, base + 2]);
    expect(row.cov[1][2]).toBe((base + 1) * T + 2);
    expect(row.source).toBe('layer 1 · head 2 · query t2');
  });

  it('rows, heads or layers outside the report give null', () => {
    const r = report(4);
    expect(rowForLab(r, 0, 0, 4)).toBeNull();
    expect(rowForLab(r, 0, 2, 0)).toBeNull();
    expect(rowForLab(r, 1, 0, 0)).toBeNull();
    expect(rowForLab(r, 0, 0, -1)).toBeNull();
    expect(rowForLab(r, 0, 0, 0.5)).toBeNull();
  });
});

describe('staleness', () => {
  it('says when the session was reset or moved on, nothing when current', () => {
    const r = report(4);
    expect(staleness(r, 7, false)).toBe('');
    expect(staleness(r, null, false)).toBe('');
    expect(staleness(r, 9, false)).toMatch(/tick 9.*tick 7/);
    expect(staleness(r, 2, true)).toMatch(/reset/);
  });
});
