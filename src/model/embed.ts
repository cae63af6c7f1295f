/** Token embeddings of a context batch: (R, o, a) per step plus the timestep table. */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { tokenCount } from './config';
import type { ContextBatch } from './context';
import type { ModelParams } from './params';
import { matmulLast } from './forward';

/**
 * Timestep embedding rows [B, K, d]. With `differentiable` the lookup is a one-hot matmul
 * (gradients on every backend); otherwise a gather.
 */
export function timeEmbedding(
  p: ModelParams,
  ctx: ContextBatch,
  cfg: ModelConfig,
  differentiable = false,
): tf.Tensor {
  const [B, K] = ctx.time.shape;
  const flat = tf.reshape(ctx.time, [B * K]);
  const rows = differentiable
    ? tf.matMul(tf.cast(tf.oneHot(flat, cfg.horizon), 'float32'), p['embed.time'] as tf.Tensor2D)
    : tf.gather(p['embed.time'], flat);
  return tf.reshape(rows, [B, K, cfg.dModel]);
}

/**
 * Interleave per-step token tensors [B, K, d] × 3 into the token sequence [B, T, d]
 * (R1 o1 a1 … RK oK); the newest action token is dropped.
 */
export function interleave(r: tf.Tensor, o: tf.Tensor, a: tf.Tensor, cfg: ModelConfig): tf.Tensor {
  const [B, K, d] = r.shape;
  const seq = tf.reshape(tf.stack([r, o, a], 2), [B, 3 * K, d]);
  return tf.slice(seq, [0, 0, 0], [B, tokenCount(cfg), d]);
}

/** The three per-step inputs as [B, K, n] tensors: return-to-go, observation, action. */
export function stepInputs(ctx: ContextBatch): { r: tf.Tensor; o: tf.Tensor; a: tf.Tensor } {
  return { r: tf.expandDims(ctx.rtg, 2), o: ctx.obs, a: tf.expandDims(ctx.act, 2) };
}

/** Deterministic embedding of a context: [B, T, d]. */
export function embedTokens(
  p: ModelParams,
  ctx: ContextBatch,
  cfg: ModelConfig,
  differentiable = false,
): tf.Tensor {
  const te = timeEmbedding(p, ctx, cfg, differentiable);
  const { r, o, a } = stepInputs(ctx);
  const emb = (x: tf.Tensor, name: string) =>
    tf.add(tf.add(matmulLast(x, p[`embed.${name}.w`]), p[`embed.${name}.b`]), te);
  return interleave(emb(r, 'rtg'), emb(o, 'obs'), emb(a, 'act'), cfg);
}
