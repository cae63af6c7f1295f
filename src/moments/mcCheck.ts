/**
 * Test helper for the moment ops: Monte Carlo estimates over the sample axis with their
 * standard errors, and a tolerance check |closed − mc| ≤ k·SE + abs. Not used by the ops.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Column sums of x: [S, F] → [F] as a matMul (the cpu backend's axis-0 sum is slow). */
function colMean(x: tf.Tensor2D, divisor: number): tf.Tensor1D {
  const ones = tf.fill([1, x.shape[0]], 1 / divisor);
  return tf.reshape(tf.matMul(ones, x), [x.shape[1]]) as tf.Tensor1D;
}

/** Samples [S, ...] as a matrix [S, F]. */
function flat(samples: tf.Tensor): tf.Tensor2D {
  return tf.reshape(samples, [samples.shape[0], -1]) as tf.Tensor2D;
}

/** Read tensors into typed arrays and free them. */
function read(ts: tf.Tensor[]): Float32Array[] {
  const out = ts.map((t) => t.dataSync() as Float32Array);
  tf.dispose(ts);
  return out;
}

/** Flattened Monte Carlo mean and variance of samples [S, ...] and their standard errors. */
export interface McMoments {
  mean: Float32Array;
  variance: Float32Array;
  seMean: Float32Array;
  seVar: Float32Array;
}

/** Sample mean and (unbiased) variance over axis 0, SE of the variance from the 4th moment. */
export function mcMoments(samples: tf.Tensor): McMoments {
  const n = samples.shape[0];
  const [mean, variance, seMean, seVar] = read(
    tf.tidy(() => {
      const x = flat(samples);
      const mu = colMean(x, n);
      const c2 = tf.square(tf.sub(x, mu)) as tf.Tensor2D;
      const vr = colMean(c2, n - 1);
      const m4 = colMean(tf.square(c2), n);
      const seM = tf.sqrt(tf.div(vr, n));
      const seV = tf.sqrt(tf.div(tf.relu(tf.sub(m4, tf.square(vr))), n));
      return [mu, vr, seM, seV];
    }),
  );
  return { mean, variance, seMean, seVar };
}

/** Flattened Monte Carlo covariance of paired samples a, b: [S, ...] entrywise, and its SE. */
export function mcCov(a: tf.Tensor, b: tf.Tensor): { cov: Float32Array; se: Float32Array } {
  const n = a.shape[0];
  const [cov, se] = read(
    tf.tidy(() => {
      const x = flat(a);
      const y = flat(b);
      const prod = tf.mul(tf.sub(x, colMean(x, n)), tf.sub(y, colMean(y, n))) as tf.Tensor2D;
      const c = colMean(prod, n);
      const spread = colMean(tf.square(tf.sub(prod, c)) as tf.Tensor2D, n);
      return [tf.mul(c, n / (n - 1)), tf.sqrt(tf.div(spread, n))];
    }),
  );
  return { cov, se };
}

/**
 * Monte Carlo covariance matrix [F, F] (row-major, flattened) of samples [S, ...] with F
 * entries per sample, and the SE of each entry from E[c_i² c_j²] − cov².
 */
export function mcCovMatrix(samples: tf.Tensor): { cov: Float32Array; se: Float32Array } {
  const n = samples.shape[0];
  const [cov, se] = read(
    tf.tidy(() => {
      const x = flat(samples);
      const c = tf.sub(x, colMean(x, n)) as tf.Tensor2D;
      const cv = tf.div(tf.matMul(c, c, true, false), n);
      const c2 = tf.square(c) as tf.Tensor2D;
      const m22 = tf.div(tf.matMul(c2, c2, true, false), n);
      const seC = tf.sqrt(tf.div(tf.relu(tf.sub(m22, tf.square(cv))), n));
      return [tf.mul(cv, n / (n - 1)), seC];
    }),
  );
  return { cov, se };
}

/** Worst entry of a comparison: largest |closed − mc| and largest ratio to its tolerance. */
export interface Check {
  maxErr: number;
  maxRatio: number;
}

/**
 * Compare closed-form values with Monte Carlo ones entrywise, tolerance k·se + abs (abs may be
 * one number or one per entry). maxRatio ≤ 1 means every entry is within tolerance.
 * With KBT_MC_REPORT set, prints the worst error under `name` (for tolerance reviews).
 */
export function check(
  name: string,
  closed: tf.Tensor | ArrayLike<number>,
  mc: ArrayLike<number>,
  se: ArrayLike<number>,
  k: number,
  abs: number | ArrayLike<number>,
): Check {
  const c = closed instanceof tf.Tensor ? closed.dataSync() : closed;
  if (c.length !== mc.length) throw new Error(`[mcCheck] ${name}: ${c.length} vs ${mc.length}`);
  let maxErr = 0;
  let maxRatio = 0;
  for (let i = 0; i < c.length; i++) {
    const err = Math.abs(c[i] - mc[i]);
    const tol = k * se[i] + (typeof abs === 'number' ? abs : abs[i]);
    maxErr = Math.max(maxErr, Number.isNaN(err) ? Infinity : err);
    maxRatio = Math.max(maxRatio, Number.isNaN(err) ? Infinity : err / tol);
  }
  if (process.env.KBT_MC_REPORT) {
    console.log(`[mc] ${name}: maxErr ${maxErr.toExponential(2)} ratio ${maxRatio.toFixed(3)}`);
  }
  return { maxErr, maxRatio };
}

/** True when every entry of every tensor is finite (no NaN, no ±Infinity). */
export function allFinite(...ts: tf.Tensor[]): boolean {
  return ts.every((t) => t.dataSync().every((x) => Number.isFinite(x)));
}

/** S seeded samples of independent Gaussians with mean m, variance v: shape [S, ...m.shape]. */
export function sampleGauss(m: tf.Tensor, v: tf.Tensor, S: number, seed: number): tf.Tensor {
  return tf.tidy(() => {
    const z = tf.randomNormal([S, ...m.shape], 0, 1, 'float32', seed);
    return tf.add(m, tf.mul(tf.sqrt(v), z));
  });
}
