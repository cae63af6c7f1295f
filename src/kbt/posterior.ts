/**
 * The Gaussian posterior over the weights of the Bayesian layers (METHOD §2): per output
 * neuron n a block N(μ_n, C_n) over its incoming weights and bias (bias last), either full
 * ("full" mode) or diagonal ("diag" mode). The prior mean is the pretrained weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelParams } from '../model/params';

/** Posterior of one Bayesian linear layer with din inputs and dout outputs. */
export interface LayerPosterior {
  name: string;
  /** Means [dout, din+1]. */
  mu: tf.Tensor2D;
  /** Full blocks [dout, din+1, din+1] (full mode) or null. */
  cov: tf.Tensor3D | null;
  /** Diagonal variances [dout, din+1] (diag mode) or null. */
  diag: tf.Tensor2D | null;
  /** Prior variances σ0² per weight [dout, din+1], for shrinkage σ/σ0. */
  prior: tf.Tensor2D;
}

/** How the prior is built. */
export interface PriorSpec {
  sigma0: number;
  covariance: 'full' | 'diag';
  /** Scale each weight's prior std by (|w_pre| + eps) (METHOD §2 option); 0 = off. */
  relativeEps?: number;
}

/** Pretrained weights of a layer as means [dout, din+1] (bias last). */
export function layerMeans(params: ModelParams, name: string): tf.Tensor2D {
  return tf.tidy(() =>
    tf.concat([tf.transpose(params[`${name}.w`]), tf.expandDims(params[`${name}.b`], 1)], 1),
  ) as tf.Tensor2D;
}

/** Prior of one layer: mean = pretrained weights, covariance σ0² I per block. */
export function priorLayer(params: ModelParams, name: string, spec: PriorSpec): LayerPosterior {
  const mu = layerMeans(params, name);
  const [dout, d1] = mu.shape;
  const prior = tf.tidy(() => {
    const base = tf.fill([dout, d1], spec.sigma0 ** 2);
    if (!spec.relativeEps) return base;
    return tf.mul(base, tf.square(tf.add(tf.abs(mu), spec.relativeEps)));
  }) as tf.Tensor2D;
  if (spec.covariance === 'diag') return { name, mu, cov: null, diag: prior.clone(), prior };
  const cov = tf.tidy(() => tf.mul(tf.expandDims(prior, 2), tf.expandDims(tf.eye(d1), 0)));
  return { name, mu, cov: cov as tf.Tensor3D, diag: null, prior };
}

/** The posterior over every Bayesian layer, by name. */
export type Posterior = Map<string, LayerPosterior>;

/** Prior over the named layers. */
export function makePrior(params: ModelParams, layers: string[], spec: PriorSpec): Posterior {
  return new Map(layers.map((n) => [n, priorLayer(params, n, spec)]));
}

/** The diagonal of every block of a block-diagonal covariance [dout, d1, d1] → [dout, d1]. */
export function blockDiagonal(cov: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => tf.sum(tf.mul(cov, tf.expandDims(tf.eye(cov.shape[1]), 0)), -1));
}

/** Variances of every weight of a layer, [dout, din+1]. */
export function layerVariances(p: LayerPosterior): tf.Tensor2D {
  return p.diag ?? blockDiagonal(p.cov as tf.Tensor3D);
}

/** Dispose the tensors of one layer's posterior. */
export function disposeLayer(p: LayerPosterior): void {
  tf.dispose([p.mu, p.prior, ...(p.cov ? [p.cov] : []), ...(p.diag ? [p.diag] : [])]);
}

/** Dispose a whole posterior. */
export function disposePosterior(post: Posterior): void {
  for (const p of post.values()) disposeLayer(p);
}

/** Bytes held by the posterior's tensors (float32). */
export function posteriorBytes(post: Posterior): number {
  let n = 0;
  for (const p of post.values())
    n += p.mu.size + p.prior.size + (p.cov?.size ?? 0) + (p.diag?.size ?? 0);
  return 4 * n;
}
