/**
 * The weight update of a Bayesian linear layer from the deltas at its output (METHOD §4).
 * Each token's deltas become a pseudo-observation of the neuron's output,
 *   r̃ = −1/δv − v,  ỹ = m − δm/δv   (a token with δv ≥ 0 or r̃ ≤ 0 is skipped),
 * applied as rank-1 Kalman updates, token after token, to every neuron's block (μ_n, C_n).
 * This keeps every covariance positive definite; for an observed output layer it is the
 * exact Bayesian linear regression posterior.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Gauss } from '../moments/gauss';
import { augment } from '../moments/linear';
import type { Delta } from './backward';
import { blockDiagonal, type LayerPosterior } from './posterior';

/** Guards of the update. */
export interface UpdateGuards {
  /** Variance floor v_min applied to every weight after the update. */
  minVar: number;
  /** |δv| below this carries no information: the token is skipped, not counted. */
  tinyDelta: number;
}

export const DEFAULT_GUARDS: Readonly<UpdateGuards> = Object.freeze({
  minVar: 1e-10,
  tinyDelta: 1e-30,
});

/** Pseudo-observations of one layer's outputs [T, dout] for batch row 0. */
export type PseudoObs = {
  /** Augmented input means [T, din+1] and variances [T, din+1]. */
  xm: tf.Tensor2D;
  xv: tf.Tensor2D;
  /** Pseudo-observation ỹ and its noise r̃ [T, dout] (r̃ = 1 where unused). */
  y: tf.Tensor2D;
  r: tf.Tensor2D;
  /** 1 where the token updates that neuron [T, dout]. */
  use: tf.Tensor2D;
  /** Tokens rejected by the guard (δv < 0 but r̃ ≤ 0 or non-finite), a scalar count. */
  rejected: tf.Scalar;
  /** Per token: does it update any neuron, [T]. */
  anyUse: tf.Tensor1D;
};

/** Turn one layer's forward record and output deltas into pseudo-observations. */
export function pseudoObservations(
  input: Gauss,
  output: Gauss,
  delta: Delta,
  guards: UpdateGuards = DEFAULT_GUARDS,
): PseudoObs {
  return tf.tidy(() => {
    const row = (t: tf.Tensor) =>
      tf.squeeze(tf.slice(t, [0, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D;
    const xa = augment({ m: row(input.m), v: row(input.v) });
    const m = row(output.m);
    const v = row(output.v);
    const dm = row(delta.dm);
    const dv = row(delta.dv);
    const informative = tf.less(dv, -guards.tinyDelta);
    const safeDv = tf.where(informative, dv, tf.fill(dv.shape, -1));
    const r = tf.sub(tf.div(-1, safeDv), v);
    const y = tf.sub(m, tf.div(dm, safeDv));
    const finite = tf.logicalAnd(tf.logicalNot(tf.isNaN(y)), tf.logicalNot(tf.isInf(y)));
    const ok = tf.logicalAnd(tf.logicalAnd(tf.greater(r, 0), finite), tf.logicalNot(tf.isInf(r)));
    const use = tf.logicalAnd(informative, ok);
    const rejected = tf.sum(tf.cast(tf.logicalAnd(informative, tf.logicalNot(ok)), 'float32'));
    return {
      xm: xa.m as tf.Tensor2D,
      xv: xa.v as tf.Tensor2D,
      y: tf.where(use, y, tf.zerosLike(y)) as tf.Tensor2D,
      r: tf.where(use, r, tf.onesLike(r)) as tf.Tensor2D,
      use: tf.cast(use, 'float32') as tf.Tensor2D,
      rejected: rejected as tf.Scalar,
      anyUse: tf.cast(tf.any(use, 1), 'float32') as tf.Tensor1D,
    };
  });
}

/** Add process noise q to every weight variance (the predict step). */
export function predictStep(post: LayerPosterior, q: number): LayerPosterior {
  if (q <= 0) return post;
  if (post.diag) return { ...post, diag: tf.tidy(() => tf.add(post.diag as tf.Tensor2D, q)) };
  const d1 = post.mu.shape[1];
  const cov = tf.tidy(() =>
    tf.add(post.cov as tf.Tensor3D, tf.expandDims(tf.mul(tf.eye(d1), q), 0)),
  );
  return { ...post, cov: cov as tf.Tensor3D };
}

/** Optional outputs of applyPseudoObservations. */
export interface UpdateExtras {
  /**
   * Set to the information the update gave the layer, nats (a scalar tensor the caller
   * disposes): ½ log det(C_before / C_after) summed over neurons, before the variance floor.
   * Full mode: each rank-1 step multiplies det C_n by 1 − m̄ᵀC_n m̄ / S (matrix determinant
   * lemma), so the sum over tokens of −½ log of that is exact. Diag mode: the kept diagonal's
   * own ratio, ½ Σ log(v_before / v_after).
   */
  info?: tf.Scalar;
}

/**
 * Apply the pseudo-observations of the listed tokens, in order, as rank-1 Kalman updates.
 * Returns the new posterior tensors (the old ones are left to the caller).
 */
export function applyPseudoObservations(
  post: LayerPosterior,
  obs: PseudoObs,
  tokens: number[],
  guards: UpdateGuards = DEFAULT_GUARDS,
  extras?: UpdateExtras,
): LayerPosterior {
  const [mu, second, info] = tf.tidy(() => {
    let info: tf.Tensor = tf.scalar(0);
    let mu: tf.Tensor2D = post.mu;
    let cov = post.cov;
    let diag = post.diag;
    const d1 = mu.shape[1];
    const eye = tf.eye(d1);
    for (const t of tokens) {
      const pick = (x: tf.Tensor2D) => tf.squeeze(tf.slice(x, [t, 0], [1, -1]), [0]);
      const a = pick(obs.xm);
      const av = pick(obs.xv);
      const y = pick(obs.y);
      const r = pick(obs.r);
      const use = pick(obs.use);

      // Cm = C_n m̄_t, predicted variance S and gain k per neuron.
      const cm = cov
        ? tf.sum(tf.mul(cov, tf.reshape(a, [1, 1, d1])), -1)
        : tf.mul(diag as tf.Tensor2D, a);
      const cDiag = cov ? blockDiagonal(cov) : (diag as tf.Tensor2D);
      const quad = tf.sum(tf.mul(cm, a), -1);
      const inputVar = tf.add(tf.sum(tf.mul(tf.square(mu), av), -1), tf.sum(tf.mul(cDiag, av), -1));
      const S = tf.add(tf.add(quad, inputVar), r);
      const k = tf.mul(tf.div(cm, tf.expandDims(S, 1)), tf.expandDims(use, 1));

      // Mean and covariance steps.
      const innov = tf.sub(y, tf.sum(tf.mul(mu, a), -1));
      mu = tf.add(mu, tf.mul(k, tf.expandDims(innov, 1))) as tf.Tensor2D;
      if (cov) {
        cov = tf.sub(cov, tf.mul(tf.expandDims(k, 2), tf.expandDims(cm, 1))) as tf.Tensor3D;
        // det ratio per neuron 1 − quad/S; unused neurons have k = 0 and ratio 1.
        const ratio = tf.sub(1, tf.mul(tf.div(quad, S), use));
        info = tf.sub(info, tf.mul(0.5, tf.sum(tf.log(ratio))));
      } else {
        const before = diag as tf.Tensor2D;
        diag = tf.sub(before, tf.mul(k, cm)) as tf.Tensor2D;
        info = tf.add(info, tf.mul(0.5, tf.sum(tf.log(tf.div(before, diag)))));
      }
    }

    // Symmetrize and floor the variances.
    if (cov) {
      const sym = tf.mul(tf.add(cov, tf.transpose(cov, [0, 2, 1])), 0.5);
      const dg = blockDiagonal(sym as tf.Tensor3D);
      const lift = tf.relu(tf.sub(guards.minVar, dg));
      cov = tf.add(sym, tf.mul(tf.expandDims(lift, 2), tf.expandDims(eye, 0))) as tf.Tensor3D;
    } else {
      diag = tf.maximum(diag as tf.Tensor2D, guards.minVar) as tf.Tensor2D;
    }
    return [mu, (cov ?? diag) as tf.Tensor, info];
  });
  if (extras) extras.info = info as tf.Scalar;
  else info.dispose();
  return {
    name: post.name,
    mu: mu as tf.Tensor2D,
    cov: post.cov ? (second as tf.Tensor3D) : null,
    diag: post.cov ? null : (second as tf.Tensor2D),
    prior: post.prior,
  };
}
