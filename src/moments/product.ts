import * as tf from '@tensorflow/tfjs-core';
import { bmm } from './bmm';
import type { Gauss } from './gauss';

/**
 * Exact moments of the elementwise product of independent a and b (broadcasting shapes):
 * mean a_m b_m, variance a_v b_v + a_v b_m² + a_m² b_v.
 */
export function productMoments(a: Gauss, b: Gauss): Gauss {
  const m = tf.mul(a.m, b.m);
  const v = tf.addN([tf.mul(a.v, b.v), tf.mul(a.v, tf.square(b.m)), tf.mul(tf.square(a.m), b.v)]);
  return { m, v };
}

/**
 * Exact moments of the matrix product a·b when all entries are independent: a: [..., n, k],
 * b: [..., k, p] (batch axes broadcast) → [..., n, p]; mean a_m·b_m, variance
 * a_v·(b_v + b_m²) + a_m²·b_v (sums over k of independent elementwise products).
 */
export function matmulMoments(a: Gauss, b: Gauss): Gauss {
  const m = bmm(a.m, b.m);
  const v = tf.add(bmm(a.v, tf.add(b.v, tf.square(b.m))), bmm(tf.square(a.m), b.v));
  return { m, v };
}
