import { tf } from '../testing/tfCpu';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { augment, linearBayes, linearDet } from './linear';
import { allFinite, check, mcCovMatrix, mcMoments, sampleGauss } from './mcCheck';

const S = 100_000;
const K = 5; // standard errors allowed; the ops are exact, so this is pure sampling error
const ROUND = 1e-5; // float32 rounding of sums of a few products

const [B, T, DIN, DOUT] = [2, 3, 3, 2];
const D1 = DIN + 1;

/** Fixed test input x: [B, T, DIN] with means ~N(0,1) and variances in [0.05, 0.55]. */
function input() {
  return {
    m: tf.randomNormal([B, T, DIN], 0, 1, 'float32', 1),
    v: tf.add(tf.randomUniform([B, T, DIN], 0, 0.5, 'float32', 2), 0.05),
  };
}

/** Random SPD blocks [DOUT, D1, D1]: A Aᵀ / D1 · 0.3 + 0.05 I. */
function spdBlocks(): tf.Tensor3D {
  const a = tf.randomNormal([DOUT, D1, D1], 0, 1, 'float32', 3);
  const aat = tf.matMul(a, a, false, true);
  return tf.add(tf.mul(aat, 0.3 / D1), tf.mul(tf.eye(D1), 0.05)) as tf.Tensor3D;
}

/** S weight samples [S, DOUT, D1] with w_n ~ N(μ_n, C_n), via Cholesky C_n = L Lᵀ. */
function sampleWeights(mu: tf.Tensor2D, cov: tf.Tensor3D): tf.Tensor {
  const blocks = cov.arraySync();
  const lower = blocks.map((c) => new CholeskyDecomposition(new Matrix(c)).lowerTriangularMatrix);
  const lT = tf.tensor3d(lower.map((l) => l.transpose().to2DArray()));
  const z = tf.randomNormal([DOUT, S, D1], 0, 1, 'float32', 4);
  const w = tf.transpose(tf.matMul(z, lT), [1, 0, 2]); // [S, DOUT, D1]
  return tf.add(w, mu);
}

/** Monte Carlo outputs [S, B, T, DOUT] of a_tn = w_nᵀ x̄_t for sampled inputs and weights. */
function sampleOutputs(x: { m: tf.Tensor; v: tf.Tensor }, w: tf.Tensor): tf.Tensor {
  const xs = sampleGauss(x.m, x.v, S, 5); // [S, B, T, DIN]
  const xBar = tf.concat([xs, tf.ones([S, B, T, 1])], -1);
  const a = tf.matMul(tf.reshape(xBar, [S, B * T, D1]), w, false, true); // [S, B·T, DOUT]
  return tf.reshape(a, [S, B, T, DOUT]);
}

describe('linearDet', () => {
  it('matches Monte Carlo mean and variance of x·W + b', () => {
    const x = input();
    const w = tf.randomNormal([DIN, 5], 0, 1, 'float32', 6) as tf.Tensor2D;
    const b = tf.tensor1d([0.1, -0.2, 0.3, 0, 1]);
    const out = linearDet(x, w, b);
    expect(out.m.shape).toEqual([B, T, 5]);
    const xs = tf.reshape(sampleGauss(x.m, x.v, S, 7), [S * B * T, DIN]);
    const mc = mcMoments(tf.reshape(tf.add(tf.matMul(xs, w), b), [S, B, T, 5]));
    expect(check('linearDet mean', out.m, mc.mean, mc.seMean, K, ROUND).maxRatio).toBeLessThan(1);
    expect(check('linearDet var', out.v, mc.variance, mc.seVar, K, ROUND).maxRatio).toBeLessThan(1);
  });
});

describe('augment', () => {
  it('appends a bias entry with mean 1 and variance 0', () => {
    const out = augment({ m: tf.zeros([2, 3]), v: tf.ones([2, 3]) });
    expect(out.m.arraySync()).toEqual([
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ]);
    expect(out.v.arraySync()).toEqual([
      [1, 1, 1, 0],
      [1, 1, 1, 0],
    ]);
  });
});

describe('linearBayes', () => {
  it('full blocks: matches Monte Carlo over inputs and weights, and the cross-token covariance', () => {
    const x = input();
    const mu = tf.randomNormal([DOUT, D1], 0, 1, 'float32', 8) as tf.Tensor2D;
    const cov = spdBlocks();
    const out = linearBayes(x, mu, cov, null, { crossCov: true });
    expect(out.m.shape).toEqual([B, T, DOUT]);
    expect(out.crossCov?.shape).toEqual([B, DOUT, T, T]);
    const a = sampleOutputs(x, sampleWeights(mu, cov));
    const mc = mcMoments(a);
    expect(check('bayes full mean', out.m, mc.mean, mc.seMean, K, ROUND).maxRatio).toBeLessThan(1);
    expect(check('bayes full var', out.v, mc.variance, mc.seVar, K, ROUND).maxRatio).toBeLessThan(
      1,
    );

    // Cov(a_tn, a_sn) for t ≠ s against m̄_tᵀ C_n m̄_s, read from the MC covariance matrix.
    const pair = mcCovMatrix(a);
    const closed = (out.crossCov as tf.Tensor).arraySync() as number[][][][];
    const want: number[] = [];
    const got: number[] = [];
    const se: number[] = [];
    const F = B * T * DOUT;
    const flat = (b: number, t: number, n: number) => (b * T + t) * DOUT + n;
    for (let b = 0; b < B; b++) {
      for (let n = 0; n < DOUT; n++) {
        for (let t = 0; t < T; t++) {
          for (let u = 0; u < T; u++) {
            if (t === u) continue;
            const idx = flat(b, t, n) * F + flat(b, u, n);
            want.push(closed[b][n][t][u]);
            got.push(pair.cov[idx]);
            se.push(pair.se[idx]);
          }
        }
      }
    }
    const r = check('bayes crossCov', want, got, se, K, ROUND);
    expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(0.1); // the check has power
    expect(r.maxRatio).toBeLessThan(1);
  });

  it('diag mode: matches Monte Carlo, and equals full mode with diagonal blocks', () => {
    const x = input();
    const mu = tf.randomNormal([DOUT, D1], 0, 1, 'float32', 9) as tf.Tensor2D;
    const diag = tf.add(tf.randomUniform([DOUT, D1], 0, 0.3, 'float32', 10), 0.02) as tf.Tensor2D;
    const full = tf.mul(tf.expandDims(diag, -1), tf.eye(D1)) as tf.Tensor3D;
    const out = linearBayes(x, mu, null, diag, { crossCov: true });
    const ref = linearBayes(x, mu, full, null, { crossCov: true });
    const mc = mcMoments(sampleOutputs(x, sampleWeights(mu, full)));
    expect(check('bayes diag mean', out.m, mc.mean, mc.seMean, K, ROUND).maxRatio).toBeLessThan(1);
    expect(check('bayes diag var', out.v, mc.variance, mc.seVar, K, ROUND).maxRatio).toBeLessThan(
      1,
    );
    const same = (p: tf.Tensor, q: tf.Tensor) => tf.max(tf.abs(tf.sub(p, q))).dataSync()[0];
    expect(same(out.m, ref.m)).toBeLessThan(1e-5);
    expect(same(out.v, ref.v)).toBeLessThan(1e-5);
    expect(same(out.crossCov as tf.Tensor, ref.crossCov as tf.Tensor)).toBeLessThan(1e-5);
    expect(allFinite(out.m, out.v, out.crossCov as tf.Tensor)).toBe(true);
  });

  it('rejects giving both or neither of cov and diag', () => {
    const x = input();
    const mu = tf.zeros([DOUT, D1]) as tf.Tensor2D;
    expect(() => linearBayes(x, mu, null, null)).toThrow();
    expect(() => linearBayes(x, mu, tf.zeros([DOUT, D1, D1]), tf.zeros([DOUT, D1]))).toThrow();
  });
});
