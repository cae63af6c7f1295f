/**
 * One attention head with the row covariance of its scores (METHOD §3, "row covariance"
 * mode): the keys of a row share the Bayesian weights of K and the query q_i, so the scores
 * S_i· of one query are correlated. The softmax then takes the full row covariance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bmm } from './bmm';
import type { Gauss } from './gauss';
import { linearBayes, linearDet, type LinearBayesOut } from './linear';
import { softmaxMomentsCov, type SoftmaxCov } from './softmax';

/**
 * Q, K or V of one head: [B, T, dh] moments and, when its layer is Bayesian, the
 * cross-token covariance [B, dh, T, T] of each feature (Cov(K_jn, K_ln) = m̄_jᵀ C_n m̄_l).
 */
export type HeadGauss = Gauss & { crossCov?: tf.Tensor };

/** Moments of one head in row mode. */
export interface AttentionRowMoments {
  /** Scores [B, T, T] and their row covariance cov[b, i, j, l] = Cov(S_ij, S_il): [B, T, T, T]. */
  scores: Gauss & { cov: tf.Tensor };
  /** Attention weights: mean [B, T, T], row covariance [B, T, T, T], variance, softmax of mean. */
  weights: SoftmaxCov;
  /** Head outputs O = A V: [B, T, dh]. */
  out: Gauss;
}

/** A linear layer as weights: Bayesian (mu with cov or diag, bias last) or deterministic. */
export type LinearLayer =
  | { kind: 'bayes'; mu: tf.Tensor2D; cov: tf.Tensor3D | null; diag: tf.Tensor2D | null }
  | { kind: 'det'; w: tf.Tensor2D; b: tf.Tensor1D };

/**
 * Outputs of a linear layer as a {@link HeadGauss}: [B, T, dout] moments, with the
 * cross-token covariance [B, dout, T, T] when the layer is Bayesian.
 */
export function linearHead(x: Gauss, layer: LinearLayer): HeadGauss {
  if (layer.kind === 'det') return linearDet(x, layer.w, layer.b);
  const out: LinearBayesOut = linearBayes(x, layer.mu, layer.cov, layer.diag, { crossCov: true });
  return { m: out.m, v: out.v, crossCov: out.crossCov };
}

/**
 * Full token covariance [B, dh, T, T] of each feature of a head input: the cross-token
 * covariance off the diagonal (0 when the layer is deterministic) and the variance on it.
 */
export function tokenCovariance(x: HeadGauss): tf.Tensor {
  const eye = tf.eye(x.m.shape[1] as number);
  const diag = tf.mul(tf.expandDims(tf.transpose(x.v, [0, 2, 1]), -1), eye); // [B, dh, T, T]
  if (!x.crossCov) return diag;
  return tf.add(tf.mul(x.crossCov, tf.sub(1, eye)), diag);
}

/**
 * Scores S = Q Kᵀ / √dh with their row covariance, Q independent of K:
 * Cov(S_ij, S_il) = Σ_n [(mq_in² + vq_in) Cov(K_jn, K_ln) + vq_in mk_jn mk_ln] / dh.
 * Returns mean [B, T, T] and cov [B, T, T, T] (query i, keys j, l).
 */
export function rowScoreMoments(q: Gauss, k: HeadGauss): Gauss & { cov: tf.Tensor } {
  const [B, T, dh] = q.m.shape;
  const m = tf.div(bmm(q.m, k.m, false, true), Math.sqrt(dh));

  // Σ_n (mq_in² + vq_in) CK_n,jl as [B, T, dh] · [B, dh, T·T].
  const ck = tf.reshape(tokenCovariance(k), [B, dh, T * T]);
  const fromK = bmm(tf.add(tf.square(q.m), q.v), ck);

  // Σ_n vq_in mk_jn mk_ln: for each query, mk diag(vq_i) mkᵀ.
  const kb = tf.broadcastTo(tf.expandDims(k.m, 1), [B, T, T, dh]);
  const scaled = tf.mul(kb, tf.expandDims(q.v, 2));
  const fromQ = tf.reshape(bmm(scaled, kb, false, true), [B, T, T * T]);
  const cov = tf.reshape(tf.div(tf.add(fromK, fromQ), dh), [B, T, T, T]);
  const v = tf.sum(tf.mul(cov, tf.eye(T)), -1);
  return { m, v, cov };
}

/**
 * Outputs O = A V with A (row covariance cA [B, T, T, T]) independent of V (token covariance
 * cV per feature): mean mA·mV and
 * Var O_id = Σ_jl cA_ijl (cV_djl + mV_jd mV_ld) + mA_ij mA_il cV_djl.
 */
export function rowOutputMoments(a: SoftmaxCov, v: HeadGauss): Gauss {
  const [B, T, dh] = v.m.shape;
  const m = bmm(a.m, v.m);
  const cv = tokenCovariance(v); // [B, dh, T, T]
  const vt = tf.transpose(v.m, [0, 2, 1]); // [B, dh, T]
  const outer = tf.mul(tf.expandDims(vt, -1), tf.expandDims(vt, -2));
  const flatV = (x: tf.Tensor) => tf.reshape(x, [B, dh, T * T]);
  const ca = tf.reshape(a.cov, [B, T, T * T]);
  const maa = tf.reshape(tf.mul(tf.expandDims(a.m, -1), tf.expandDims(a.m, -2)), [B, T, T * T]);
  const var1 = bmm(ca, flatV(tf.add(cv, outer)), false, true);
  const var2 = bmm(maa, flatV(cv), false, true);
  return { m, v: tf.relu(tf.add(var1, var2)) };
}

/**
 * Moments through one attention head in row-covariance mode: q, k, v [B, T, dh] (k and v with
 * their cross-token covariance when Bayesian); mask [T, T] or [B, T, T], 1 where key j is
 * visible to query i. The softmax is {@link softmaxMomentsCov} of the given order per row.
 */
export function attentionHeadRowMoments(
  q: Gauss,
  k: HeadGauss,
  v: HeadGauss,
  mask: tf.Tensor,
  order: 1 | 2,
): AttentionRowMoments {
  const scores = rowScoreMoments(q, k);
  const weights = softmaxMomentsCov(scores.m, scores.cov, mask, order);
  const out = rowOutputMoments(weights, v);
  return { scores, weights, out };
}
