import * as tf from '@tensorflow/tfjs-core';

/**
 * A tensor of independent Gaussians carried as elementwise mean `m` and variance `v`
 * (same shape; `v` in the squared units of `m`, never negative).
 */
export interface Gauss {
  m: tf.Tensor;
  v: tf.Tensor;
}

/** Variances below this are treated as zero (the op falls back to its deterministic form). */
export const VAR_FLOOR = 1e-12;

/** Standardized arguments are clipped to ±LAMBDA_MAX: beyond it Φ is 0 or 1 in float32. */
export const LAMBDA_MAX = 40;

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Standard normal density φ(x), elementwise. */
export function normPdf(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.exp(tf.mul(tf.square(x), -0.5)), INV_SQRT_2PI);
}

/**
 * Standard normal cumulative distribution Φ(x) = ½ (1 + erf(x / √2)), elementwise.
 * tf.erf has an absolute error of about 1e-7, so far tails are not accurate relatively.
 */
export function normCdf(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1), 0.5);
}
