/**
 * Monte Carlo over the posterior: draw weight samples of every Bayesian layer (Cholesky of
 * each block, from ml-matrix) and run the deterministic model once per sample, batched.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { makeRng } from '../core/rng';
import type { ModelConfig } from '../model/config';
import type { ContextBatch, StepWindow, DataStats } from '../model/context';
import { buildContext, disposeContext } from '../model/context';
import { forward } from '../model/forward';
import type { ModelParams } from '../model/params';
import type { Posterior } from './posterior';

/**
 * S weight samples of one layer as [S, din, dout] weights and [S, dout] biases, from
 * N(μ_n, C_n) per neuron (C_n jittered by 1e-12 for the factorization).
 */
export function sampleLayer(
  mu: Float32Array,
  cov: Float32Array | null,
  diag: Float32Array | null,
  dout: number,
  d1: number,
  samples: number,
  seed: number,
): { w: tf.Tensor3D; b: tf.Tensor2D } {
  const rng = makeRng(seed);
  const din = d1 - 1;
  const w = new Float32Array(samples * din * dout);
  const b = new Float32Array(samples * dout);
  const z = new Float64Array(d1);
  for (let n = 0; n < dout; n++) {
    let L: Matrix | null = null;
    if (cov) {
      const block = new Matrix(d1, d1);
      for (let i = 0; i < d1; i++) {
        for (let j = 0; j < d1; j++)
          block.set(i, j, cov[n * d1 * d1 + i * d1 + j] + (i === j ? 1e-12 : 0));
      }
      L = new CholeskyDecomposition(block).lowerTriangularMatrix;
    }
    for (let s = 0; s < samples; s++) {
      for (let i = 0; i < d1; i++) z[i] = rng.normal();
      for (let i = 0; i < d1; i++) {
        let x = mu[n * d1 + i];
        if (L) for (let j = 0; j <= i; j++) x += L.get(i, j) * z[j];
        else x += Math.sqrt(diag![n * d1 + i]) * z[i];
        if (i < din) w[s * din * dout + i * dout + n] = x;
        else b[s * dout + n] = x;
      }
    }
  }
  return { w: tf.tensor3d(w, [samples, din, dout]), b: tf.tensor2d(b, [samples, dout]) };
}

/** Repeat one context S times along the batch. */
function tileContext(w: StepWindow, S: number, cfg: ModelConfig, stats: DataStats): ContextBatch {
  return buildContext(
    Array.from({ length: S }, () => w),
    cfg,
    stats,
  );
}

/** Monte Carlo action samples [S] for one context under the posterior. */
export async function sampleActions(
  params: ModelParams,
  post: Posterior,
  window: StepWindow,
  cfg: ModelConfig,
  stats: DataStats,
  samples: number,
  seed: number,
): Promise<Float32Array> {
  const sampled: ModelParams = { ...params };
  const created: tf.Tensor[] = [];
  let k = 0;
  for (const [name, layer] of post) {
    const [dout, d1] = layer.mu.shape;
    const { w, b } = sampleLayer(
      (await layer.mu.data()) as Float32Array,
      layer.cov ? ((await layer.cov.data()) as Float32Array) : null,
      layer.diag ? ((await layer.diag.data()) as Float32Array) : null,
      dout,
      d1,
      samples,
      seed + 7919 * k++,
    );
    sampled[`${name}.w`] = w;
    sampled[`${name}.b`] = b;
    created.push(w, b);
  }
  const ctx = tileContext(window, samples, cfg, stats);
  const out = tf.tidy(() => {
    const { actions } = forward(sampled, ctx, cfg);
    return tf.squeeze(tf.slice(actions, [0, cfg.contextSteps - 1], [samples, 1]), [1]);
  });
  disposeContext(ctx);
  tf.dispose(created);
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}
