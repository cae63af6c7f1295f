import { describe, expect, it } from 'vitest';
import type { AttentionReport } from '../messages/attention';
import { mapScales, SCALE_FLOOR } from '../../components/attention/scales';

/** A report whose attention is deterministic (std all zero) and has no Monte Carlo yet. */
const deterministic = {
  closed: { mean: Float32Array.from([1, 0.4, 0.6]), std: new Float32Array(3) },
  mc: null,
} as unknown as AttentionReport;

describe('attention map scales', () => {
  it('all-zero std and error maps get a readable legend range, not [0, 1e-6]', () => {
    for (const view of ['abs', 'signed'] as const) {
      const { mean, std, error } = mapScales(deterministic, view);
      expect(mean.max).toBe(1);
      expect(std.max).toBe(SCALE_FLOOR);
      expect(error.max).toBe(SCALE_FLOOR);
      expect(error.min).toBe(view === 'abs' ? 0 : -SCALE_FLOOR);
    }
  });

  it('larger values set the top of the scale', () => {
    const r = {
      closed: { mean: Float32Array.from([0.5]), std: Float32Array.from([0.2]) },
      mc: { mean: Float32Array.from([0.7]), std: Float32Array.from([0.1]), errorAbs: [0.05] },
    } as unknown as AttentionReport;
    const { mean, std, error } = mapScales(r, 'abs');
    expect([mean.max, std.max, error.max]).toEqual([Math.fround(0.7), Math.fround(0.2), 0.05]);
  });
});
