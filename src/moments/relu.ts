import * as tf from '@tensorflow/tfjs-core';
import { LAMBDA_MAX, VAR_FLOOR, normCdf, normPdf, type Gauss } from './gauss';

/**
 * Exact moments of relu(a) for a ~ N(m, v), elementwise (METHOD §3), and the moment Jacobian
 * J = Cov(a, relu a) / Var(a) = Φ(m/√v). Where v < VAR_FLOOR the step function is used:
 * mean max(m, 0), variance v·1[m > 0], J = 1[m > 0]. Outputs are finite, variance in [0, v].
 */
export function reluMoments(x: Gauss): Gauss & { J: tf.Tensor } {
  const tiny = tf.less(x.v, VAR_FLOOR);
  const positive = tf.cast(tf.greater(x.m, 0), 'float32');

  // Standardize with a safe variance so no 0/0 appears even in the discarded branch.
  const s = tf.sqrt(tf.where(tiny, tf.onesLike(x.v), x.v));
  const lam = tf.clipByValue(tf.div(x.m, s), -LAMBDA_MAX, LAMBDA_MAX);
  const cdf = normCdf(lam);
  const pdf = normPdf(lam);

  // mean = m Φ + s φ; var = v g(λ) with g = λ²Φ(1−Φ) + λφ(1−2Φ) + Φ − φ², 0 ≤ g ≤ 1.
  const mean = tf.relu(tf.add(tf.mul(x.m, cdf), tf.mul(s, pdf)));
  const g = tf.addN([
    tf.mul(tf.square(lam), tf.mul(cdf, tf.sub(1, cdf))),
    tf.mul(tf.mul(lam, pdf), tf.sub(1, tf.mul(2, cdf))),
    cdf,
    tf.neg(tf.square(pdf)),
  ]);
  const variance = tf.mul(tf.square(s), tf.clipByValue(g, 0, 1));

  return {
    m: tf.where(tiny, tf.relu(x.m), mean),
    v: tf.where(tiny, tf.mul(tf.relu(x.v), positive), variance),
    J: tf.where(tiny, positive, cdf),
  };
}
