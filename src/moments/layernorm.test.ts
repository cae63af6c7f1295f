import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { layerNormMoments } from './layernorm';
import { check, mcMoments, sampleGauss } from './mcCheck';

const S = 100_000;
const K = 5; // standard errors allowed
const D = 32;
const EPS = 1e-5;

/** Deterministic LayerNorm over the last axis (reference; tf.moments-based). */
function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(gamma, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS)))), beta);
}

/** LayerNorm of samples [S, 1, D]: centring as a matMul, which is fast on the cpu backend. */
function sampledLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const flat = tf.reshape(x, [-1, D]) as tf.Tensor2D;
  const centre = tf.sub(tf.eye(D), 1 / D) as tf.Tensor2D;
  const c = tf.matMul(flat, centre);
  const variance = tf.matMul(tf.square(c), tf.fill([D, 1], 1 / D));
  const y = tf.add(tf.mul(tf.mul(c, tf.rsqrt(tf.add(variance, EPS))), gamma), beta);
  return tf.reshape(y, x.shape);
}

describe('layerNormMoments', () => {
  const gamma = tf.add(tf.randomUniform([D], 0.5, 1.5, 'float32', 31), 0) as tf.Tensor1D;
  const beta = tf.randomNormal([D], 0, 0.3, 'float32', 32) as tf.Tensor1D;

  it('equals the deterministic LayerNorm when the input variance is zero', () => {
    const m = tf.randomNormal([3, D], 1, 2, 'float32', 33);
    const out = layerNormMoments({ m, v: tf.zerosLike(m) }, gamma, beta, EPS);
    const want = layerNorm(m, gamma, beta);
    expect(tf.max(tf.abs(tf.sub(out.m, want))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(out.v).dataSync()[0]).toBe(0);
  });

  it('matches Monte Carlo of LayerNorm up to the O(1/D) effect of noise on its statistics', () => {
    const m = tf.randomNormal([1, D], 0, 1, 'float32', 34);
    const v = tf.randomUniform([1, D], 0.005, 0.03, 'float32', 35);
    const out = layerNormMoments({ m, v }, gamma, beta, EPS);
    const mc = mcMoments(sampledLayerNorm(sampleGauss(m, v, S, 36), gamma, beta));

    // Holding m_s, v_s fixed drops the noise's pull on them: the full Jacobian is
    // (I − 11ᵀ/D − z zᵀ/D)/σ, which moves Var(y_d) by ≈ (1 + z_d²)(v̄ − 2 v_d)/D · γ²/σ²
    // (z = standardized mean, σ² = v_s + ε). Allowed: 1.5× (1 + z²)(v̄ + 2 v)/D · γ²/σ² on the
    // variance; on the mean (a second-order effect) 2 (1 + z²) v̄/(D σ²) · |γ|(1 + |z|).
    const vBar = tf.mean(v, -1, true);
    const { mean, variance } = tf.moments(m, -1, true);
    const sigma2 = tf.add(tf.add(variance, vBar), EPS);
    const z = tf.div(tf.sub(m, mean), tf.sqrt(sigma2));
    const spread = tf.div(tf.add(1, tf.square(z)), D);
    const g2 = tf.div(tf.square(gamma), sigma2);
    const absVar = tf.mul(tf.mul(1.5, spread), tf.mul(tf.add(vBar, tf.mul(2, v)), g2));
    const absMean = tf.mul(
      tf.mul(2, tf.div(tf.mul(spread, vBar), sigma2)),
      tf.mul(tf.abs(gamma), tf.add(1, tf.abs(z))),
    );
    const rm = check('layernorm mean', out.m, mc.mean, mc.seMean, K, absMean.dataSync());
    const rv = check('layernorm var', out.v, mc.variance, mc.seVar, K, absVar.dataSync());
    expect(rm.maxRatio).toBeLessThan(1);
    expect(rv.maxRatio).toBeLessThan(1);
  });

  it('returns J = γ/√(v_s + ε) with the input shape', () => {
    const m = tf.tensor2d([[1, 2, 3, 4]]);
    const v = tf.fill([1, 4], 0.5);
    const g = tf.tensor1d([1, 2, 3, 4]);
    const out = layerNormMoments({ m, v }, g, tf.zeros([4]) as tf.Tensor1D, EPS);
    const inv = 1 / Math.sqrt(1.25 + 0.5 + EPS);
    expect(out.J.shape).toEqual([1, 4]);
    out.J.dataSync().forEach((j, i) => expect(j).toBeCloseTo((i + 1) * inv, 6));
  });
});
