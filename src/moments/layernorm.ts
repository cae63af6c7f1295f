import * as tf from '@tensorflow/tfjs-core';
import type { Gauss } from './gauss';

/**
 * Moments of LayerNorm over the last axis with the normalizing statistics taken from the means
 * (treated as fixed, METHOD §3): m_s = mean_d(m), v_s = mean_d((m − m_s)² + v);
 * output mean γ (m − m_s)/√(v_s + ε) + β, variance γ² v/(v_s + ε), and J = γ/√(v_s + ε).
 * x: [..., D]; gamma, beta: [D]; all outputs [..., D].
 */
export function layerNormMoments(
  x: Gauss,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
): Gauss & { J: tf.Tensor } {
  const ms = tf.mean(x.m, -1, true);
  const centered = tf.sub(x.m, ms);
  const vs = tf.mean(tf.add(tf.square(centered), x.v), -1, true);
  const inv = tf.rsqrt(tf.add(vs, eps));
  const J = tf.mul(gamma, inv);
  return {
    m: tf.add(tf.mul(J, centered), beta),
    v: tf.mul(tf.square(J), x.v),
    J,
  };
}
