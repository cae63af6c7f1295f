import * as tf from '@tensorflow/tfjs-core';
import type { Gauss } from './gauss';
import { matmulMoments } from './product';
import { softmaxMoments, type SoftmaxGauss } from './softmax';

/** Moments of one attention head: scores, softmax weights, outputs. */
export interface AttentionMoments {
  /** [B, T, T] scores S = Q Kᵀ / √dh (query t, key s). */
  scores: Gauss;
  /** [B, T, T] attention weights A = softmax over visible keys, with s = softmax(S_m). */
  weights: SoftmaxGauss;
  /** [B, T, dh] head outputs O = A V. */
  out: Gauss;
}

/**
 * Moments through one attention head with diagonal (independent-entry) covariances:
 * q, k, v: [B, T, dh], independent; mask: [T, T] or [B, T, T], 1 where key s is visible to
 * query t. Scores and outputs use {@link matmulMoments} (treating A and V as independent),
 * the softmax {@link softmaxMoments} of the given order. A query with no visible key gets 0.
 */
export function attentionHeadMoments(
  q: Gauss,
  k: Gauss,
  v: Gauss,
  mask: tf.Tensor,
  order: 1 | 2,
): AttentionMoments {
  const dh = q.m.shape[q.m.shape.length - 1];
  const kT: Gauss = { m: tf.transpose(k.m, [0, 2, 1]), v: tf.transpose(k.v, [0, 2, 1]) };
  const raw = matmulMoments(q, kT);
  const scores: Gauss = { m: tf.div(raw.m, Math.sqrt(dh)), v: tf.div(raw.v, dh) };
  const weights = softmaxMoments(scores, mask, order);
  const out = matmulMoments(weights, v);
  return { scores, weights, out };
}

/**
 * Causal attention mask [T, T] (float32): 1 where key s ≤ query t and s ≥ validFrom (keys
 * before validFrom are left padding), else 0. Rows t < validFrom are all 0.
 */
export function causalMask(T: number, validFrom = 0): tf.Tensor2D {
  const t = tf.reshape(tf.range(0, T, 1, 'int32'), [T, 1]);
  const s = tf.reshape(tf.range(0, T, 1, 'int32'), [1, T]);
  const visible = tf.logicalAnd(tf.lessEqual(s, t), tf.greaterEqual(s, validFrom));
  return tf.cast(visible, 'float32') as tf.Tensor2D;
}
