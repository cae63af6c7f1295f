import { describe, expect, it } from 'vitest';
import { appendCalib, CHUNK } from './calibHistories';
import { gaussianNll } from '../metrics/calibration';
import type { CalibPoint } from '../messages/compare';

/** n points of two learners: kbt with a std, sgd without. */
function points(from: number, n: number): CalibPoint[] {
  return Array.from({ length: n }, (_, i) => [
    { tick: from + i, samples: from + i, learner: 'kbt', mean: 0, std: 0.5, y: Math.sin(from + i) },
    { tick: from + i, samples: from + i, learner: 'sgd', mean: 0, std: null, y: 1 },
  ]).flat();
}

describe('calibration histories', () => {
  it('closes a chunk every CHUNK samples, with the NLL of exactly those samples', () => {
    let h = appendCalib({}, points(0, 70));
    expect(h.kbt.chunks.nll).toHaveLength(0);
    h = appendCalib(h, points(70, 70));
    expect(h.kbt.chunks.samples).toEqual([CHUNK]);
    expect(h.kbt.open).toHaveLength(140 - CHUNK);
    const first = points(0, CHUNK).filter((p) => p.learner === 'kbt');
    expect(h.kbt.chunks.nll[0]).toBeCloseTo(gaussianNll(first)!, 12);
    expect(h.kbt.recent.y).toHaveLength(140);
  });

  it('a point learner gets RMSE but NaN NLL and NaN std (never a made-up σ)', () => {
    const h = appendCalib({}, points(0, CHUNK));
    expect(h.sgd.chunks.nll[0]).toBeNaN();
    expect(h.sgd.chunks.rmse[0]).toBeCloseTo(1, 12);
    expect(h.sgd.recent.std.every(Number.isNaN)).toBe(true);
  });
});
