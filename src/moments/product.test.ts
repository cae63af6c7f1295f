import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { bmm } from './bmm';
import { check, mcMoments, sampleGauss } from './mcCheck';
import { matmulMoments, productMoments } from './product';

const S = 100_000;
const K = 5; // standard errors allowed; the ops are exact, so this is pure sampling error
const ROUND = 1e-5; // float32 rounding

describe('productMoments', () => {
  it('matches Monte Carlo for independent Gaussian factors', () => {
    const a = { m: tf.tensor1d([0, 1, -2, 0.5, 3, -0.1]), v: tf.tensor1d([1, 0.2, 0.5, 0, 2, 1]) };
    const b = { m: tf.tensor1d([1, -1, 0, 2, 0.3, -0.2]), v: tf.tensor1d([0.5, 1, 2, 0.3, 0, 1]) };
    const out = productMoments(a, b);
    const mc = mcMoments(tf.mul(sampleGauss(a.m, a.v, S, 21), sampleGauss(b.m, b.v, S, 22)));
    expect(check('product mean', out.m, mc.mean, mc.seMean, K, ROUND).maxRatio).toBeLessThan(1);
    expect(check('product var', out.v, mc.variance, mc.seVar, K, ROUND).maxRatio).toBeLessThan(1);
  });
});

describe('matmulMoments', () => {
  it('matches Monte Carlo for a batched product of independent Gaussian matrices', () => {
    const a = {
      m: tf.randomNormal([2, 3, 4], 0, 1, 'float32', 23),
      v: tf.randomUniform([2, 3, 4], 0, 0.5, 'float32', 24),
    };
    const b = {
      m: tf.randomNormal([2, 4, 5], 0, 1, 'float32', 25),
      v: tf.randomUniform([2, 4, 5], 0, 0.5, 'float32', 26),
    };
    const out = matmulMoments(a, b);
    expect(out.m.shape).toEqual([2, 3, 5]);
    const as = tf.reshape(sampleGauss(a.m, a.v, S, 27), [S * 2, 3, 4]);
    const bs = tf.reshape(sampleGauss(b.m, b.v, S, 28), [S * 2, 4, 5]);
    const mc = mcMoments(tf.reshape(tf.matMul(as, bs), [S, 2, 3, 5]));
    expect(check('matmul mean', out.m, mc.mean, mc.seMean, K, ROUND).maxRatio).toBeLessThan(1);
    expect(check('matmul var', out.v, mc.variance, mc.seVar, K, ROUND).maxRatio).toBeLessThan(1);
  });

  it('broadcasts mixed batch shapes like [2,1,…] × [1,3,…] correctly', () => {
    const a = tf.randomNormal([2, 1, 3, 4], 0, 1, 'float32', 29);
    const b = tf.randomNormal([1, 3, 4, 2], 0, 1, 'float32', 30);
    const got = bmm(a, b);
    const want = tf.matMul(tf.broadcastTo(a, [2, 3, 3, 4]), tf.broadcastTo(b, [2, 3, 4, 2]));
    expect(got.shape).toEqual([2, 3, 3, 2]);
    expect(tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]).toBe(0);
    const out = matmulMoments({ m: a, v: tf.onesLike(a) }, { m: b, v: tf.onesLike(b) });
    expect(out.v.shape).toEqual([2, 3, 3, 2]);
  });
});
