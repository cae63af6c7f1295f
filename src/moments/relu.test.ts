import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { allFinite, check, mcCov, mcMoments, sampleGauss } from './mcCheck';
import { reluMoments } from './relu';

const S = 100_000;
const K = 5; // standard errors allowed
const ROUND = 1e-6; // float32 and tf.erf (|error| ≈ 1e-7) rounding, far below the SEs here

describe('reluMoments', () => {
  it('matches Monte Carlo mean, variance and J = Cov(a, relu a)/Var(a) for Gaussian input', () => {
    const mArr = [-3, -1, -0.2, 0, 0.3, 1, 2.5, 5, -8, 0.05];
    const vArr = [1, 0.5, 2, 1, 0.01, 4, 0.2, 1, 1, 1e-4];
    const m = tf.tensor1d(mArr);
    const v = tf.tensor1d(vArr);
    const out = reluMoments({ m, v });
    const a = sampleGauss(m, v, S, 11);
    const mc = mcMoments(tf.relu(a));
    const cov = mcCov(a, tf.relu(a));

    const J = out.J.dataSync();
    const jMc = cov.cov.map((c, i) => c / vArr[i]);
    const jSe = cov.se.map((s, i) => s / vArr[i]);
    expect(check('relu mean', out.m, mc.mean, mc.seMean, K, ROUND).maxRatio).toBeLessThan(1);
    expect(check('relu var', out.v, mc.variance, mc.seVar, K, ROUND).maxRatio).toBeLessThan(1);
    expect(check('relu J', J, jMc, jSe, K, ROUND).maxRatio).toBeLessThan(1);
  });

  it('equals the step function for zero or sub-floor variance', () => {
    const m = tf.tensor1d([-1, 0, 2, 1e3, -1e3]);
    for (const vv of [0, 1e-14]) {
      const v = tf.fill([5], vv);
      const out = reluMoments({ m, v });
      expect(allFinite(out.m, out.v, out.J)).toBe(true);
      expect(Array.from(out.m.dataSync())).toEqual([0, 0, 2, 1e3, 0]);
      expect(Array.from(out.J.dataSync())).toEqual([0, 0, 1, 1, 0]);
      out.v.dataSync().forEach((x, i) => expect(x).toBeCloseTo(i === 2 || i === 3 ? vv : 0, 20));
    }
  });

  it('stays finite with var ≥ 0 and ≤ input var for extreme standardized inputs', () => {
    const m = tf.tensor1d([1, -1, 1e4, -1e4, 0, 30, -30]);
    const v = tf.tensor1d([1e-11, 1e-11, 1e6, 1e6, 1e-11, 1e-3, 1e-3]);
    const out = reluMoments({ m, v });
    expect(allFinite(out.m, out.v, out.J)).toBe(true);
    const vOut = out.v.dataSync();
    const vIn = v.dataSync();
    vOut.forEach((x, i) => {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(vIn[i] * (1 + 1e-6));
    });
    expect(out.m.dataSync()[5]).toBeCloseTo(30, 4);
    expect(out.m.dataSync()[6]).toBeCloseTo(0, 6);
  });
});
