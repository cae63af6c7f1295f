/**
 * Deterministic forward pass of the decision transformer (pre-LN GPT blocks, ReLU MLP,
 * linear action head read at every observation token). Differentiable, batched over
 * contexts; a layer's weights may carry a leading sample dimension [B, in, out] so one call
 * runs B weight samples (Monte Carlo) at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { OBS_SLOT } from './config';
import type { ContextBatch } from './context';
import { attentionMask } from './context';
import type { ModelParams } from './params';
import { embedTokens } from './embed';

/** x·W + b for x [B, T, in]; W [in, out] or per-row [B, in, out] with b [out] or [B, out]. */
export function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (w.rank === 3) return tf.add(tf.matMul(x, w), tf.expandDims(b, 1));
  return tf.add(matmulLast(x, w), b);
}

/** x [..., in] · W [in, out] as one 2-D matmul (its gradient needs no batch broadcast). */
export function matmulLast(x: tf.Tensor, w: tf.Tensor): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const flat = tf.reshape(x, [-1, x.shape[x.rank - 1]]);
  return tf.reshape(tf.matMul(flat, w), [...lead, w.shape[1] as number]);
}

/** LayerNorm over the last axis. */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const z = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(z, g), b);
}

/** Scores are clipped to ±SCORE_CLIP before exp, which keeps exp finite without a row max. */
export const SCORE_CLIP = 30;

/**
 * Softmax over the last axis leaving masked keys out (mask 1 = visible): masked entries get
 * exactly zero weight. Softmax is shift-invariant, so clipping the scores to ±SCORE_CLIP
 * replaces the row-max shift (cheaper to differentiate); it changes nothing unless a score
 * leaves that range.
 */
export function maskedSoftmax(scores: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  const e = tf.mul(tf.exp(tf.clipByValue(scores, -SCORE_CLIP, SCORE_CLIP)), mask);
  return tf.div(e, tf.sum(e, -1, true));
}

/** Split [B, T, d] into heads [B, h, T, d/h]. */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [B, T, d] = x.shape;
  return tf.transpose(tf.reshape(x, [B, T, heads, d / heads]), [0, 2, 1, 3]);
}

/** Merge heads [B, h, T, dh] back into [B, T, h·dh]. */
export function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [B, h, T, dh] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [B, T, h * dh]);
}

/**
 * The K observation tokens of a token tensor [B, T, d] → [B, K, d], by padding to 3K tokens
 * and slicing (differentiable on every backend, unlike gather).
 */
export function observationTokens(x: tf.Tensor, cfg: ModelConfig): tf.Tensor {
  const [B, T, d] = x.shape;
  const K = cfg.contextSteps;
  const full = tf.pad(x, [
    [0, 0],
    [0, 3 * K - T],
    [0, 0],
  ]);
  const steps = tf.reshape(full, [B, K, 3, d]);
  return tf.reshape(tf.slice(steps, [0, 0, OBS_SLOT, 0], [B, K, 1, d]), [B, K, d]);
}

/** Output of the deterministic forward pass. */
export interface ForwardOut {
  /** Predicted action at each of the K observation tokens, [B, K]. */
  actions: tf.Tensor2D;
  /** Attention weights per block, each [B, h, T, T], when requested. */
  attention?: tf.Tensor[];
  /** The head's input at each observation token, [B, K, d], when requested. */
  features?: tf.Tensor3D;
}

/** Run the model on a context batch. */
export function forward(
  p: ModelParams,
  ctx: ContextBatch,
  cfg: ModelConfig,
  opts: { differentiable?: boolean; keepAttention?: boolean; keepFeatures?: boolean } = {},
): ForwardOut {
  const mask = attentionMask(ctx.pad, cfg);
  let x: tf.Tensor = embedTokens(p, ctx, cfg, opts.differentiable);
  const dh = cfg.dModel / cfg.heads;
  const attention: tf.Tensor[] = [];

  for (let l = 1; l <= cfg.layers; l++) {
    const pre = `block${l}`;
    const lin = (h: tf.Tensor, s: string) => linear(h, p[`${pre}.${s}.w`], p[`${pre}.${s}.b`]);

    // Attention sublayer.
    const h1 = layerNorm(x, p[`${pre}.ln1.g`], p[`${pre}.ln1.b`], cfg.lnEps);
    const q = splitHeads(lin(h1, 'attn.q'), cfg.heads);
    const k = splitHeads(lin(h1, 'attn.k'), cfg.heads);
    const v = splitHeads(lin(h1, 'attn.v'), cfg.heads);
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh));
    const att = maskedSoftmax(scores, mask);
    if (opts.keepAttention) attention.push(att);
    x = tf.add(x, lin(mergeHeads(tf.matMul(att, v)), 'attn.o'));

    // MLP sublayer.
    const h2 = layerNorm(x, p[`${pre}.ln2.g`], p[`${pre}.ln2.b`], cfg.lnEps);
    x = tf.add(x, lin(tf.relu(lin(h2, 'fc1')), 'fc2'));
  }

  // Head at every observation token.
  const hf = layerNorm(x, p['lnf.g'], p['lnf.b'], cfg.lnEps);
  const obsTok = observationTokens(hf, cfg);
  const actions = tf.squeeze(linear(obsTok, p['head.w'], p['head.b']), [2]) as tf.Tensor2D;
  return {
    actions,
    attention: opts.keepAttention ? attention : undefined,
    features: opts.keepFeatures ? (obsTok as tf.Tensor3D) : undefined,
  };
}
