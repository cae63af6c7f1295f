/**
 * Moment propagation through the whole decision transformer (METHOD §3): every activation
 * carried as a mean and a variance, Bayesian layers taking their weights from the
 * posterior, the softmax through its Taylor moments. The tape keeps what the backward delta
 * pass needs. Callers own the tensors (wrap in tf.tidy).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config';
import { tokenCount } from '../model/config';
import { attentionMask, type ContextBatch } from '../model/context';
import { interleave, stepInputs, timeEmbedding } from '../model/embed';
import type { ModelParams } from '../model/params';
import type { Gauss } from '../moments/gauss';
import { linearBayes, linearDet } from '../moments/linear';
import { layerNormMoments } from '../moments/layernorm';
import { reluMoments } from '../moments/relu';
import { attentionHeadMoments } from '../moments/attention';
import { attentionHeadRowMoments, type HeadGauss } from '../moments/attentionRow';
import type { Posterior } from './posterior';

/** Settings of the moment pass. */
export interface MomentOptions {
  softmaxOrder: 1 | 2;
  /** Score covariance: independent entries (default) or the row covariance (METHOD §3). */
  scores?: 'diagonal' | 'row';
}

/** What one linear layer saw and produced, for the backward pass and the update. */
export interface LinearRecord {
  name: string;
  input: Gauss;
  output: Gauss;
}

/** Per block: the moment Jacobians and means the delta pass flows through. */
export interface BlockTape {
  ln1J: tf.Tensor;
  ln2J: tf.Tensor;
  reluJ: tf.Tensor;
  /** Head-split means [B·h, T, dh] of Q, K, V and softmax of mean scores [B·h, T, T]. */
  qm: tf.Tensor;
  km: tf.Tensor;
  vm: tf.Tensor;
  attS: tf.Tensor;
  /** Mean attention weights [B, h, T, T] (the chosen Taylor order). */
  attMean: tf.Tensor;
  /** Standard deviation of the attention weights [B, h, T, T]. */
  attStd: tf.Tensor;
  /** Mean scores [B, h, T, T] (query, key). */
  scoreMean: tf.Tensor;
  /**
   * Row covariance of the scores [B, h, T, T, T]: Cov(S_ij, S_il) for query i, keys j, l
   * (diagonal in 'diagonal' mode).
   */
  scoreCov: tf.Tensor;
}

/** The tape of one moment pass. */
export interface MomentTape {
  linears: Map<string, LinearRecord>;
  blocks: BlockTape[];
  lnfJ: tf.Tensor;
  batch: number;
}

/** Output of the moment pass: the action at the newest observation token, [B]. */
export interface MomentOut {
  action: Gauss;
  tape: MomentTape;
}

/** Reshape both moments of a Gauss. */
function reshapeG(x: Gauss, shape: number[]): Gauss {
  return { m: tf.reshape(x.m, shape), v: tf.reshape(x.v, shape) };
}

/** [B, T, d] → [B·h, T, d/h]. */
export function foldHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [B, T, d] = x.shape;
  const split = tf.transpose(tf.reshape(x, [B, T, heads, d / heads]), [0, 2, 1, 3]);
  return tf.reshape(split, [B * heads, T, d / heads]);
}

/**
 * Fold the heads of a linear layer's output into the batch: moments [B, T, d] → [B·h, T, dh],
 * cross-token covariance [B, d, T, T] → [B·h, dh, T, T] (feature n of head j is j·dh + n).
 */
function foldGauss(g: HeadGauss, heads: number): HeadGauss {
  const out: HeadGauss = { m: foldHeads(g.m, heads), v: foldHeads(g.v, heads) };
  if (g.crossCov) {
    const [B, d, T] = g.crossCov.shape;
    out.crossCov = tf.reshape(g.crossCov, [B * heads, d / heads, T, T]);
  }
  return out;
}

/** [B·h, T, dh] → [B, T, h·dh]. */
export function unfoldHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [Bh, T, dh] = x.shape;
  const B = Bh / heads;
  return tf.reshape(tf.transpose(tf.reshape(x, [B, heads, T, dh]), [0, 2, 1, 3]), [
    B,
    T,
    heads * dh,
  ]);
}

/** Moments of the token embeddings [B, T, d]; observations carry their sensor-noise variance. */
function embedMoments(p: ModelParams, ctx: ContextBatch, cfg: ModelConfig): Gauss {
  const te = timeEmbedding(p, ctx, cfg);
  const { r, o, a } = stepInputs(ctx);
  const det = (x: tf.Tensor, v: tf.Tensor, name: string): Gauss => {
    const g = linearDet(
      { m: x, v },
      p[`embed.${name}.w`] as tf.Tensor2D,
      p[`embed.${name}.b`] as tf.Tensor1D,
    );
    return { m: tf.add(g.m, te), v: g.v };
  };
  const er = det(r, tf.zerosLike(r), 'rtg');
  const eo = det(o, ctx.obsVar, 'obs');
  const ea = det(a, tf.zerosLike(a), 'act');
  return { m: interleave(er.m, eo.m, ea.m, cfg), v: interleave(er.v, eo.v, ea.v, cfg) };
}

/** Run the moment pass on a context batch. */
export function momentForward(
  p: ModelParams,
  post: Posterior | null,
  ctx: ContextBatch,
  cfg: ModelConfig,
  opts: MomentOptions,
): MomentOut {
  const B = ctx.pad.length;
  const T = tokenCount(cfg);
  const h = cfg.heads;
  const linears = new Map<string, LinearRecord>();
  const rowMode = opts.scores === 'row';
  const lin = (name: string, x: Gauss, crossCov = false): HeadGauss => {
    const bayes = post?.get(name);
    const out: HeadGauss = bayes
      ? linearBayes(x, bayes.mu, bayes.cov, bayes.diag, { crossCov })
      : linearDet(x, p[`${name}.w`] as tf.Tensor2D, p[`${name}.b`] as tf.Tensor1D);
    linears.set(name, { name, input: x, output: { m: out.m, v: out.v } });
    return out;
  };
  const mask = tf.reshape(tf.broadcastTo(attentionMask(ctx.pad, cfg), [B, h, T, T]), [B * h, T, T]);
  let x = embedMoments(p, ctx, cfg);
  const blocks: BlockTape[] = [];

  for (let l = 1; l <= cfg.layers; l++) {
    const pre = `block${l}`;

    // Attention sublayer, heads folded into the batch.
    const ln1 = layerNormMoments(
      x,
      p[`${pre}.ln1.g`] as tf.Tensor1D,
      p[`${pre}.ln1.b`] as tf.Tensor1D,
      cfg.lnEps,
    );
    const q = foldGauss(lin(`${pre}.attn.q`, ln1), h);
    const k = foldGauss(lin(`${pre}.attn.k`, ln1, rowMode), h);
    const v = foldGauss(lin(`${pre}.attn.v`, ln1, rowMode), h);
    // TODO: in row mode the backward pass still flows through the diagonal Jacobians (the
    // softmax J of the mean scores and the products' J), not through the row covariance.
    const row = rowMode ? attentionHeadRowMoments(q, k, v, mask, opts.softmaxOrder) : null;
    const att = row ?? attentionHeadMoments(q, k, v, mask, opts.softmaxOrder);
    const scoreCov = row ? row.scores.cov : tf.mul(tf.expandDims(att.scores.v, -1), tf.eye(T));
    const merged: Gauss = { m: unfoldHeads(att.out.m, h), v: unfoldHeads(att.out.v, h) };
    const o = lin(`${pre}.attn.o`, merged);
    x = { m: tf.add(x.m, o.m), v: tf.add(x.v, o.v) };

    // MLP sublayer.
    const ln2 = layerNormMoments(
      x,
      p[`${pre}.ln2.g`] as tf.Tensor1D,
      p[`${pre}.ln2.b`] as tf.Tensor1D,
      cfg.lnEps,
    );
    const pre1 = lin(`${pre}.fc1`, ln2);
    const act = reluMoments(pre1);
    const f = lin(`${pre}.fc2`, act);
    x = { m: tf.add(x.m, f.m), v: tf.add(x.v, f.v) };

    blocks.push({
      ln1J: ln1.J,
      ln2J: ln2.J,
      reluJ: act.J,
      qm: q.m,
      km: k.m,
      vm: v.m,
      attS: att.weights.s,
      attMean: tf.reshape(att.weights.m, [B, h, T, T]),
      attStd: tf.reshape(tf.sqrt(att.weights.v), [B, h, T, T]),
      scoreMean: tf.reshape(att.scores.m, [B, h, T, T]),
      scoreCov: tf.reshape(scoreCov, [B, h, T, T, T]),
    });
  }

  // Final LayerNorm, then the head at the newest observation token only.
  const lnf = layerNormMoments(x, p['lnf.g'] as tf.Tensor1D, p['lnf.b'] as tf.Tensor1D, cfg.lnEps);
  const d = cfg.dModel;
  const last: Gauss = {
    m: tf.slice(lnf.m, [0, T - 1, 0], [B, 1, d]),
    v: tf.slice(lnf.v, [0, T - 1, 0], [B, 1, d]),
  };
  const y = lin('head', last);
  return {
    action: reshapeG(y, [B]),
    tape: { linears, blocks, lnfJ: lnf.J, batch: B },
  };
}
