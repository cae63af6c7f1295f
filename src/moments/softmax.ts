import * as tf from '@tensorflow/tfjs-core';
import { bmm } from './bmm';
import type { Gauss } from './gauss';

/** Softmax moments with the softmax of the mean `s` ([..., n], 0 at masked entries). */
export type SoftmaxGauss = Gauss & { s: tf.Tensor };

/** Full-covariance softmax moments: mean, covariance J Σ Jᵀ, its diagonal, softmax of mean. */
export interface SoftmaxCov {
  m: tf.Tensor;
  cov: tf.Tensor;
  v: tf.Tensor;
  s: tf.Tensor;
}

/** Boolean [..., n] of entries taking part in the softmax (mask broadcast to `like`). */
function keepOf(like: tf.Tensor, mask: tf.Tensor | null): tf.Tensor {
  if (mask === null) return tf.cast(tf.onesLike(like), 'bool');
  return tf.greater(tf.broadcastTo(mask, like.shape), 0);
}

/**
 * Softmax over the last axis of the kept entries only; masked entries get exactly 0 and a row
 * with nothing kept is all 0. The row max is taken over kept entries, so every kept exponent is
 * ≤ 0 and a row's sum is ≥ 1 unless it is empty.
 */
function maskedSoftmax(m: tf.Tensor, keep: tf.Tensor): tf.Tensor {
  const rowMin = tf.broadcastTo(tf.min(m, -1, true), m.shape);
  const rowMax = tf.max(tf.where(keep, m, rowMin), -1, true);
  const e = tf.where(keep, tf.exp(tf.minimum(tf.sub(m, rowMax), 0)), tf.zerosLike(m));
  return tf.div(e, tf.maximum(tf.sum(e, -1, true), 1));
}

/**
 * Moments of softmax(z) over the last axis for z ~ N(m, diag v) (METHOD §3), masked entries
 * left out (mask broadcastable to z, 1 keep / 0 masked; null keeps all).
 * First order: mean s = softmax(m); variance (J diag(v) Jᵀ)_ii = s_i²[(1 − 2 s_i) v_i + Σ s_k² v_k].
 * Second order adds ½ tr(H_i Σ) = ½ s_i [v_i (1 − 2 s_i) + 2 Σ s_k² v_k − Σ s_k v_k] to the mean
 * and keeps the first-order variance. The Taylor mean can leave [0, 1] when v is large; it is
 * clipped to [0, 1] (so a row then sums to 1 only approximately). Masked outputs are m = v = 0.
 */
export function softmaxMoments(z: Gauss, mask: tf.Tensor | null, order: 1 | 2): SoftmaxGauss {
  const keep = keepOf(z.m, mask);
  const s = maskedSoftmax(z.m, keep);
  const v = tf.where(keep, z.v, tf.zerosLike(z.v));

  // Σ_k s_k² v_k and the first-order variance (the bracket is (1 − s_i)² v_i + Σ_{k≠i} ≥ 0).
  const sv = tf.mul(s, v);
  const q = tf.sum(tf.mul(s, sv), -1, true);
  const bracket = tf.add(tf.mul(tf.sub(1, tf.mul(2, s)), v), q);
  const variance = tf.mul(tf.square(s), tf.relu(bracket));
  if (order === 1) return { m: s, v: variance, s };

  // Second-order mean correction ½ s_i [bracket_i + Σ s_k² v_k − Σ s_k v_k].
  const p = tf.sum(sv, -1, true);
  const corr = tf.mul(tf.mul(s, 0.5), tf.sub(tf.add(bracket, q), p));
  return { m: tf.clipByValue(tf.add(s, corr), 0, 1), v: variance, s };
}

/**
 * Moments of softmax(z) over the last axis for z ~ N(mu, cov) with full row covariance
 * (mu: [..., n], cov: [..., n, n]); masked entries left out as in {@link softmaxMoments}.
 * cov out = J Σ Jᵀ with J = diag(s) − s sᵀ (both orders); the second-order mean adds
 * ½ tr(H_i Σ) = ½ s_i [Σ_ii − 2 (Σ s)_i + 2 sᵀΣs − Σ_k s_k Σ_kk], clipped to [0, 1].
 */
export function softmaxMomentsCov(
  mu: tf.Tensor,
  cov: tf.Tensor,
  mask: tf.Tensor | null,
  order: 1 | 2,
): SoftmaxCov {
  const n = mu.shape[mu.shape.length - 1];
  const keep = keepOf(mu, mask);
  const s = maskedSoftmax(mu, keep);
  const keepF = tf.cast(keep, 'float32');
  const keepPair = tf.greater(tf.mul(tf.expandDims(keepF, -1), tf.expandDims(keepF, -2)), 0);
  const c = tf.where(keepPair, cov, tf.zerosLike(cov));
  const eye = tf.eye(n);

  // J Σ Jᵀ, symmetrized against rounding, and its diagonal.
  const sCol = tf.expandDims(s, -1);
  const jac = tf.sub(tf.mul(sCol, eye), tf.mul(sCol, tf.expandDims(s, -2)));
  const raw = bmm(bmm(jac, c), jac, false, true);
  const covOut = tf.mul(tf.add(raw, tf.transpose(raw, transposeLast(raw.rank))), 0.5);
  const v = tf.relu(tf.sum(tf.mul(covOut, eye), -1));
  if (order === 1) return { m: s, cov: covOut, v, s };

  // ½ tr(H_i Σ) without forming H_i.
  const cDiag = tf.sum(tf.mul(c, eye), -1);
  const cs = tf.squeeze(bmm(c, sCol), [-1]);
  const sCs = tf.sum(tf.mul(s, cs), -1, true);
  const trSC = tf.sum(tf.mul(s, cDiag), -1, true);
  const inner = tf.add(tf.sub(cDiag, tf.mul(2, cs)), tf.sub(tf.mul(2, sCs), trSC));
  const m = tf.clipByValue(tf.add(s, tf.mul(tf.mul(s, 0.5), inner)), 0, 1);
  return { m, cov: covOut, v, s };
}

/** Permutation swapping the last two axes of a tensor of the given rank. */
function transposeLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}
