import '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { drawNormals, softmaxCase, softmaxMc } from './softmaxCase';
import { worst } from './cases/tolerance';

const K = 5; // standard errors allowed

/** Largest |a − b| / (k·se + abs) over entries; ≤ 1 means within tolerance. */
function ratio(name: string, a: number[], b: number[], se: number[], abs: number): number {
  return worst(name, a, b, se, K, abs).maxRatio;
}

/** Largest |a_i − b_i|. */
function maxAbs(a: number[], b: number[]): number {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i])));
}

const flat = (m: number[][]) => m.flat();

describe('softmaxCase', () => {
  it('small variance: Taylor moments match seeded Monte Carlo', () => {
    const mean = [0.4, -0.3, 1.1, 0.0];
    const v = 0.01;
    const cov = mean.map((_, i) => mean.map((_, j) => (i === j ? v : 0.3 * v)));
    const out = softmaxCase({ mean, cov }, { samples: 40_000, seed: 7 });
    const mc = out.mc!;
    expect(mc.samples).toBe(40_000);
    expect(mc.jitter).toBeUndefined();

    // First order drops ½ tr(H Σ) ≤ ~s·v (allowed 3e-3); second order leaves O(v²) (2e-4).
    // Covariance: O(v) relative error of J Σ Jᵀ; entries ≤ ~2e-3 here, allowed 2e-5 absolute.
    expect(
      ratio('softmaxCase small t1 mean', out.taylor1.mean, mc.mean, mc.mean_se, 3e-3),
    ).toBeLessThan(1);
    expect(
      ratio('softmaxCase small t2 mean', out.taylor2.mean, mc.mean, mc.mean_se, 2e-4),
    ).toBeLessThan(1);
    expect(
      ratio('softmaxCase small cov', flat(out.taylor1.cov), flat(mc.cov), flat(mc.cov_se), 2e-5),
    ).toBeLessThan(1);
  });

  it('moderate variance, no tie: the second-order mean is closer to Monte Carlo', () => {
    const mean = [1.0, 0.0, -0.8];
    const cov = [
      [0.3, 0.05, 0],
      [0.05, 0.25, -0.04],
      [0, -0.04, 0.35],
    ];
    const out = softmaxCase({ mean, cov }, { samples: 40_000, seed: 11 });
    const mc = out.mc!;
    const e1 = maxAbs(out.taylor1.mean, mc.mean);
    const e2 = maxAbs(out.taylor2.mean, mc.mean);
    const se = Math.max(...mc.mean_se);
    expect(e1).toBeGreaterThan(10 * se); // first-order bias far above sampling noise
    if (process.env.KBT_MC_REPORT)
      console.log(`[mc] softmaxCase moderate: e1 ${e1} e2 ${e2} se ${se}`);
    expect(e2).toBeLessThan(0.5 * e1);
  });

  it('singular covariance gets a reported jitter; common random numbers are smooth in scale', () => {
    const mean = [0.2, -0.1, 0.5];
    const cov = [
      [0.2, 0.2, 0],
      [0.2, 0.2, 0],
      [0, 0, 0],
    ];
    const normals = drawNormals(3 * 2000, 3);
    const mc = softmaxMc(mean, cov, normals);
    expect(mc.jitter).toBeGreaterThan(0);
    expect(mc.jitter).toBeLessThan(1e-6);
    expect(mc.mean.every(Number.isFinite)).toBe(true);

    // Same normals, scale 1 vs 1.001: the estimate moves by ≪ its standard error.
    const scaled = cov.map((r) => r.map((c) => c * 1.001));
    const mc2 = softmaxMc(mean, scaled, normals);
    expect(maxAbs(mc.mean, mc2.mean)).toBeLessThan(0.05 * Math.max(...mc.mean_se));
  });

  it('softmaxCase is softmaxMc on drawNormals(samples · n, seed)', () => {
    const input = {
      mean: [0.5, -0.5, 0.1],
      cov: [
        [0.2, 0.05, 0],
        [0.05, 0.3, 0],
        [0, 0, 0.1],
      ],
    };
    const a = softmaxCase(input, { samples: 1000, seed: 12 }).mc;
    const b = softmaxMc(input.mean, input.cov, drawNormals(3 * 1000, 12));
    expect(a).toEqual(b);
  });

  it('the same seed gives the same numbers', () => {
    const input = {
      mean: [0, 1],
      cov: [
        [0.5, 0],
        [0, 0.5],
      ],
    };
    const a = softmaxCase(input, { samples: 500, seed: 3 });
    const b = softmaxCase(input, { samples: 500, seed: 3 });
    expect(a).toEqual(b);
  });
});
