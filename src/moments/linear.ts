import * as tf from '@tensorflow/tfjs-core';
import { bmm } from './bmm';
import type { Gauss } from './gauss';

/**
 * Moments of a deterministic linear map y = x·W + b applied to independent Gaussian inputs.
 * x: [..., din], w: [din, dout], b: [dout] → [..., dout]; mean x_m·W + b, variance x_v·(W⊙W).
 */
export function linearDet(x: Gauss, w: tf.Tensor2D, b: tf.Tensor1D): Gauss {
  const m = tf.add(bmm(x.m, w), b);
  const v = bmm(x.v, tf.square(w));
  return { m, v };
}

/** Append the bias entry (mean 1, variance 0) on the last axis: [..., d] → [..., d + 1]. */
export function augment(x: Gauss): Gauss {
  const shape = [...x.m.shape.slice(0, -1), 1];
  return {
    m: tf.concat([x.m, tf.ones(shape)], -1),
    v: tf.concat([x.v, tf.zeros(shape)], -1),
  };
}

/** Output of {@link linearBayes}: [B,T,dout] moments, plus the cross-token covariance. */
export type LinearBayesOut = Gauss & {
  /** [B, dout, T, T]: Cov(a_tn, a_sn) = m̄_tᵀ C_n m̄_s from the shared weights of neuron n. */
  crossCov?: tf.Tensor;
};

/**
 * Moments of a Bayesian linear layer a_tn = w_nᵀ x̄_t, with w_n ~ N(μ_n, C_n) independent of
 * the inputs and x̄_t = [x_t; 1] (independent entries, METHOD §3).
 * x: [B,T,din]; mu: [dout, din+1] (bias last); exactly one of cov: [dout, din+1, din+1] (full
 * block per neuron) or diag: [dout, din+1] (diagonal blocks). Returns [B,T,dout]:
 * mean μ_nᵀ m̄_t, variance μ_nᵀ diag(v̄_t) μ_n + m̄_tᵀ C_n m̄_t + tr(C_n diag(v̄_t)); with
 * opts.crossCov also the [B,dout,T,T] covariance between tokens of one neuron.
 */
export function linearBayes(
  x: Gauss,
  mu: tf.Tensor2D,
  cov: tf.Tensor3D | null,
  diag: tf.Tensor2D | null,
  opts: { crossCov?: boolean } = {},
): LinearBayesOut {
  if ((cov === null) === (diag === null)) {
    throw new Error('[moments/linearBayes] give exactly one of cov or diag');
  }
  const [batch, tokens] = x.m.shape;
  const xa = augment(x);

  // Mean and the input-variance term μ_nᵀ diag(v̄_t) μ_n.
  const m = bmm(xa.m, mu, false, true);
  const inputVar = bmm(xa.v, tf.square(mu), false, true);

  // Weight-variance terms m̄ᵀ C m̄ + tr(C diag(v̄)).
  let weightVar: tf.Tensor;
  if (diag !== null) {
    weightVar = bmm(tf.add(tf.square(xa.m), xa.v), diag, false, true);
  } else {
    const c = cov as tf.Tensor3D;
    const d1 = c.shape[1];
    const flat = tf.reshape(xa.m, [batch * tokens, d1]);
    const cm = bmm(c, flat, false, true); // [dout, d1, B·T] = C_n m̄_t
    const quad = tf.transpose(tf.sum(tf.mul(cm, tf.transpose(flat)), 1)); // [B·T, dout]
    const cDiag = tf.sum(tf.mul(c, tf.eye(d1)), -1); // [dout, d1]
    weightVar = tf.add(tf.reshape(quad, m.shape), bmm(xa.v, cDiag, false, true));
  }
  const out: LinearBayesOut = { m, v: tf.add(inputVar, weightVar) };
  if (opts.crossCov) out.crossCov = tokenCrossCov(xa.m, cov, diag);
  return out;
}

/** [B, dout, T, T] matrix m̄_tᵀ C_n m̄_s for augmented means mBar: [B, T, d1]. */
function tokenCrossCov(mBar: tf.Tensor, cov: tf.Tensor3D | null, diag: tf.Tensor2D | null) {
  const [batch, tokens, d1] = mBar.shape;
  const dout = cov !== null ? cov.shape[0] : (diag as tf.Tensor2D).shape[0];
  const left = tf.broadcastTo(tf.expandDims(mBar, 1), [batch, dout, tokens, d1]);
  const cm =
    cov !== null
      ? bmm(left, tf.expandDims(cov, 0)) // m̄_tᵀ C_n
      : tf.mul(left, tf.reshape(diag as tf.Tensor2D, [1, dout, 1, d1]));
  return bmm(cm, left, false, true);
}
