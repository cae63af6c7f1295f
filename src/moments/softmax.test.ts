import { tf } from '../testing/tfCpu';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { allFinite, check, mcCovMatrix, mcMoments, sampleGauss } from './mcCheck';
import { softmaxMoments, softmaxMomentsCov } from './softmax';

const S = 100_000;
const K = 5; // standard errors allowed
const N = 6;

/** Monte Carlo softmax over kept entries of samples [S, ..., n] (reference; rows non-empty). */
function sampledSoftmax(z: tf.Tensor, mask: tf.Tensor | null): tf.Tensor {
  if (mask === null) return tf.softmax(z);
  const keep = tf.greater(tf.broadcastTo(mask, z.shape), 0);
  return tf.softmax(tf.where(keep, z, tf.fill(z.shape, -Infinity)));
}

/** Largest |a − b| over entries. */
function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Largest |Σ_row − 1| of a [R, n] tensor. */
function rowSumError(x: tf.Tensor): number {
  return tf.max(tf.abs(tf.sub(tf.sum(x, -1), 1))).dataSync()[0];
}

describe('softmaxMoments', () => {
  it('small variance: both orders match Monte Carlo', () => {
    const m = tf.randomNormal([3, N], 0, 1.5, 'float32', 41);
    const v = tf.randomUniform([3, N], 0.005, 0.02, 'float32', 42);
    const mc = mcMoments(sampledSoftmax(sampleGauss(m, v, S, 43), null));
    const o1 = softmaxMoments({ m, v }, null, 1);
    const o2 = softmaxMoments({ m, v }, null, 2);

    // First order drops ½ tr(H_i Σ) ≤ ~s v (< 3e-3 here); second order leaves an O(v²)
    // remainder (allowed 2e-4). Variance: O(v) relative error of J Σ Jᵀ, allowed 5% + 1e-7.
    expect(check('softmax small m1', o1.m, mc.mean, mc.seMean, K, 3e-3).maxRatio).toBeLessThan(1);
    expect(check('softmax small m2', o2.m, mc.mean, mc.seMean, K, 2e-4).maxRatio).toBeLessThan(1);
    const varTol = Array.from(o1.v.dataSync(), (x) => 0.05 * x + 1e-7);
    const rv = check('softmax small var', o1.v, mc.variance, mc.seVar, K, varTol);
    expect(rv.maxRatio).toBeLessThan(1);
    expect(rowSumError(o1.m)).toBeLessThan(1e-6);
    expect(rowSumError(o2.m)).toBeLessThan(1e-6);
  });

  it('larger variance: the second-order mean is measurably closer to Monte Carlo', () => {
    const m = tf.randomNormal([3, N], 0, 1.5, 'float32', 44);
    const v = tf.randomUniform([3, N], 0.2, 0.4, 'float32', 45);
    const mc = mcMoments(sampledSoftmax(sampleGauss(m, v, S, 46), null));
    const e1 = maxAbs(softmaxMoments({ m, v }, null, 1).m.dataSync(), mc.mean);
    const e2 = maxAbs(softmaxMoments({ m, v }, null, 2).m.dataSync(), mc.mean);
    const se = Math.max(...mc.seMean);
    if (process.env.KBT_MC_REPORT) console.log(`[mc] softmax large: e1 ${e1} e2 ${e2} se ${se}`);
    expect(e1).toBeGreaterThan(10 * se); // the first-order bias is far above sampling noise
    expect(e2).toBeLessThan(0.5 * e1);
  });

  it('masked entries get weight 0 and kept entries match masked Monte Carlo', () => {
    const m = tf.randomNormal([3, N], 0, 1, 'float32', 47);
    const v = tf.randomUniform([3, N], 0.01, 0.05, 'float32', 48);
    const mask = tf.tensor2d([
      [1, 1, 0, 1, 0, 1],
      [1, 0, 0, 0, 0, 0],
      [0, 1, 1, 1, 1, 1],
    ]);
    const mc = mcMoments(sampledSoftmax(sampleGauss(m, v, S, 49), mask));
    const o1 = softmaxMoments({ m, v }, mask, 1);
    const o2 = softmaxMoments({ m, v }, mask, 2);
    const keep = mask.dataSync();
    [o1.m, o1.v, o2.m, o2.v, o1.s].forEach((t) =>
      t.dataSync().forEach((x, i) => keep[i] === 0 && expect(x).toBe(0)),
    );
    expect(rowSumError(o1.m)).toBeLessThan(1e-6);
    expect(rowSumError(o2.m)).toBeLessThan(1e-6);
    expect(check('softmax mask m2', o2.m, mc.mean, mc.seMean, K, 5e-4).maxRatio).toBeLessThan(1);
    const varTol = Array.from(o2.v.dataSync(), (x) => 0.1 * x + 1e-7);
    expect(check('softmax mask var', o2.v, mc.variance, mc.seVar, K, varTol).maxRatio).toBeLessThan(
      1,
    );
  });

  it('zero variance equals the deterministic softmax; empty rows and huge logits stay finite', () => {
    const m = tf.tensor2d([
      [1, 2, 3, -1, 0, 0.5],
      [1e3, -1e3, 0, 2e3, 5, 1],
      [0.3, 0.1, -0.2, 0.4, 0, 9],
    ]);
    const v = tf.zerosLike(m);
    const mask = tf.tensor2d([
      [1, 1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1, 1],
      [0, 0, 0, 0, 0, 0],
    ]);
    for (const order of [1, 2] as const) {
      const out = softmaxMoments({ m, v }, mask, order);
      expect(allFinite(out.m, out.v, out.s)).toBe(true);
      const want = tf.softmax(tf.slice(m, [0, 0], [2, N]));
      expect(maxAbs(tf.slice(out.m, [0, 0], [2, N]).dataSync(), want.dataSync())).toBeLessThan(
        1e-6,
      );
      expect(tf.max(out.v).dataSync()[0]).toBe(0);
      expect(Array.from(tf.slice(out.m, [2, 0], [1, N]).dataSync())).toEqual(Array(N).fill(0));
    }
    const wide = softmaxMoments({ m, v: tf.fill(m.shape, 1e3) }, null, 2);
    expect(allFinite(wide.m, wide.v)).toBe(true);
    expect(tf.min(wide.m).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(wide.m).dataSync()[0]).toBeLessThanOrEqual(1);
  });
});

describe('softmaxMomentsCov', () => {
  it('with a diagonal covariance equals the diagonal version', () => {
    const m = tf.randomNormal([2, N], 0, 1, 'float32', 50);
    const v = tf.randomUniform([2, N], 0.01, 0.5, 'float32', 51);
    const mask = tf.tensor1d([1, 1, 0, 1, 1, 1]);
    for (const order of [1, 2] as const) {
      const d = softmaxMoments({ m, v }, mask, order);
      const c = softmaxMomentsCov(m, tf.mul(tf.expandDims(v, -1), tf.eye(N)), mask, order);
      expect(maxAbs(c.m.dataSync(), d.m.dataSync())).toBeLessThan(1e-6);
      expect(maxAbs(c.v.dataSync(), d.v.dataSync())).toBeLessThan(1e-6);
      expect(maxAbs(c.s.dataSync(), d.s.dataSync())).toBeLessThan(1e-7);
    }
  });

  it('matches Monte Carlo for a correlated row, second order closer in the mean', () => {
    const n = 5;
    const mu = tf.tensor1d([0.5, -0.3, 1.2, 0, -1]);
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 52);
    const cov = tf.add(tf.mul(tf.matMul(a, a, false, true), 0.1 / n), tf.mul(tf.eye(n), 0.02));
    const L = new CholeskyDecomposition(new Matrix(cov.arraySync() as number[][]));
    const lT = tf.tensor2d(L.lowerTriangularMatrix.transpose().to2DArray());
    const z = tf.add(tf.matMul(tf.randomNormal([S, n], 0, 1, 'float32', 53), lT), mu);
    const samples = tf.softmax(z);
    const mc = mcMoments(samples);
    const mcCov = mcCovMatrix(samples);
    const o1 = softmaxMomentsCov(mu, cov, null, 1);
    const o2 = softmaxMomentsCov(mu, cov, null, 2);

    const e1 = maxAbs(o1.m.dataSync(), mc.mean);
    const e2 = maxAbs(o2.m.dataSync(), mc.mean);
    if (process.env.KBT_MC_REPORT) console.log(`[mc] softmax cov mean: e1 ${e1} e2 ${e2}`);
    expect(e2).toBeLessThan(0.5 * e1);
    expect(check('softmax cov m2', o2.m, mc.mean, mc.seMean, K, 2e-3).maxRatio).toBeLessThan(1);

    // J Σ Jᵀ against the MC covariance: O(Σ) relative error with Σ_ii up to 0.22 here,
    // allowed 20% of the largest entry.
    const scale = Math.max(...o2.cov.dataSync().map(Math.abs));
    const r = check('softmax cov cov', o2.cov, mcCov.cov, mcCov.se, K, 0.2 * scale);
    expect(r.maxRatio).toBeLessThan(1);
    expect(rowSumError(tf.reshape(o2.m, [1, n]))).toBeLessThan(1e-6);
  });

  it('second-order mean equals s_i + ½ tr(H_i Σ) with H_i formed explicitly', () => {
    const n = 4;
    const mu = tf.tensor1d([0.2, -0.5, 1, 0.1]);
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 54);
    const cov = tf.mul(tf.matMul(a, a, false, true), 0.2);
    const s = tf.softmax(mu);
    const e = tf.eye(n);
    const jac = tf.sub(tf.mul(tf.expandDims(s, -1), e), tf.outerProduct(s, s));
    const d = tf.sub(e, s); // row i: e_i − s
    const outer = tf.mul(tf.expandDims(d, -1), tf.expandDims(d, -2)); // [i, k, l]
    const h = tf.mul(tf.reshape(s, [n, 1, 1]), tf.sub(outer, jac));
    const want = tf.add(s, tf.mul(0.5, tf.sum(tf.mul(h, cov), [1, 2])));
    const got = softmaxMomentsCov(mu, cov, null, 2).m;
    expect(maxAbs(got.dataSync(), want.dataSync())).toBeLessThan(1e-6);
  });

  it('zeroes masked rows and columns of the covariance', () => {
    const mu = tf.tensor2d([[0.1, 0.2, 0.3]]);
    const cov = tf.reshape(
      tf.tensor2d([
        [1, 0.5, 0.2],
        [0.5, 1, 0.1],
        [0.2, 0.1, 1],
      ]),
      [1, 3, 3],
    );
    const out = softmaxMomentsCov(mu, cov, tf.tensor1d([1, 0, 1]), 2);
    const c = out.cov.arraySync() as number[][][];
    [0, 1, 2].forEach((j) => {
      expect(c[0][1][j]).toBe(0);
      expect(c[0][j][1]).toBe(0);
    });
    expect(out.m.dataSync()[1]).toBe(0);
    expect(allFinite(out.m, out.cov, out.v)).toBe(true);
  });
});
