/**
 * The `attention` case: one causal head, input x ~ N(mean, var) (T × D, independent), Bayesian
 * Q, K, V layers (d_h outputs each) — the app's attention ops in diagonal or row-covariance
 * mode with a first- or second-order softmax, and Monte Carlo drawing inputs and weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { makeRng } from '../../core/rng';
import { attentionHeadMoments, causalMask } from '../../moments/attention';
import { attentionHeadRowMoments, linearHead } from '../../moments/attentionRow';
import { linearBayes } from '../../moments/linear';
import type { Gauss } from '../../moments/gauss';
import { weightSampler } from '../gaussSampling';
import { elementMoments, momentsFromSamples, type ElementMoments } from '../mcStats';
import {
  expectMatrix,
  expectNonNegative,
  expectWeights,
  gaussMat,
  linearWeights,
  monteCarlo,
} from './schema';

/** `attention`: input (T × D), wq/wk/wv (d_h × (D+1) means, blocks), order, scores mode. */
export const attentionCase = z
  .object({
    kind: z.literal('attention'),
    input: gaussMat,
    wq: linearWeights,
    wk: linearWeights,
    wv: linearWeights,
    order: z.union([z.literal(1), z.literal(2)], {
      errorMap: (_issue, ctx) => ({
        message: ctx.data === undefined ? 'missing (1 or 2)' : 'expected 1 or 2',
      }),
    }),
    scores: z.enum(['diagonal', 'row']),
    monte_carlo: monteCarlo.optional(),
  })
  .strict();

export type AttentionCase = z.infer<typeof attentionCase>;

/** Most tokens an attention case may have (row mode costs T³; the app's context is < 32). */
export const MAX_TOKENS = 64;

/** Largest head width d_h of an attention case (row mode holds T²·d_h covariances). */
export const MAX_HEAD_DIM = 256;

/** Dimension checks of the attention case (one d_h shared by wq, wk, wv). */
export function checkAttention(c: AttentionCase, ctx: z.RefinementCtx): void {
  const T = c.input.mean.length;
  const D = c.input.mean[0]?.length ?? 0;
  if (T < 1 || D < 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['input', 'mean'],
      message: 'expected T ≥ 1 rows of D ≥ 1',
    });
    return;
  }
  if (T > MAX_TOKENS) {
    ctx.addIssue({
      code: 'custom',
      path: ['input', 'mean'],
      message: `expected at most ${MAX_TOKENS} tokens (rows), got ${T}`,
    });
    return;
  }
  if (!expectMatrix(ctx, ['input', 'mean'], c.input.mean, T, D)) return;
  if (!expectMatrix(ctx, ['input', 'var'], c.input.var, T, D)) return;
  c.input.var.forEach((row, t) => expectNonNegative(ctx, ['input', 'var', t], row));
  const dh = c.wq.weight_mean.length;
  if (dh > MAX_HEAD_DIM) {
    ctx.addIssue({
      code: 'custom',
      path: ['wq', 'weight_mean'],
      message: `expected at most ${MAX_HEAD_DIM} outputs (d_h), got ${dh}`,
    });
    return;
  }
  expectWeights(ctx, ['wq'], c.wq, D, dh);
  expectWeights(ctx, ['wk'], c.wk, D, dh);
  expectWeights(ctx, ['wv'], c.wv, D, dh);
}

/** An entry of a T × T map: null where the causal mask hides key j from query i (j > i). */
export type Cell = number | null;

/** Result of the attention case. */
export interface AttentionResult {
  kind: 'attention';
  settings: { order: 1 | 2; scores: 'diagonal' | 'row' };
  /** Scores (T × T); in row mode also cov[i][j][l] = Cov(S_ij, S_il) (T × T × T). */
  scores: { mean: Cell[][]; var: Cell[][]; cov?: Cell[][][] };
  weights: { mean: Cell[][]; var: Cell[][] };
  output: { mean: number[][]; var: number[][] };
  mc?: AttentionMc;
}

/** Monte Carlo moments of a T × T map (masked entries null) with standard errors. */
export interface MaskedMoments {
  mean: Cell[][];
  var: Cell[][];
  mean_se: Cell[][];
  var_se: Cell[][];
}

/** The Monte Carlo block of the attention case. */
export interface AttentionMc {
  scores: MaskedMoments & { cov: Cell[][][]; cov_se: Cell[][][] };
  weights: MaskedMoments;
  output: { mean: number[][]; var: number[][]; mean_se: number[][]; var_se: number[][] };
  samples: number;
  jitter?: number;
}

/** Rows of a flat row-major list. */
function rows(flat: number[], T: number, cols: number): number[][] {
  return Array.from({ length: T }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
}

/** T × T map with entries j > i set to null. */
function masked(flat: number[], T: number): Cell[][] {
  return rows(flat, T, T).map((row, i) => row.map((x, j) => (j <= i ? x : null)));
}

/** T × T × T row covariance with entries (i, j, l), j > i or l > i, set to null. */
function maskedCov(flat: number[], T: number): Cell[][][] {
  return Array.from({ length: T }, (_, i) =>
    Array.from({ length: T }, (_, j) =>
      Array.from({ length: T }, (_, l) => (j <= i && l <= i ? flat[(i * T + j) * T + l] : null)),
    ),
  );
}

/** The attention case: closed form from the app's ops, then Monte Carlo if asked. */
export function runAttention(c: AttentionCase): AttentionResult {
  const T = c.input.mean.length;
  const dh = c.wq.weight_mean.length;
  const read = (t: tf.Tensor) => Array.from(t.dataSync());
  const flat = tf.tidy(() => {
    const x: Gauss = { m: tf.tensor3d([c.input.mean]), v: tf.tensor3d([c.input.var]) };
    const layer = (w: AttentionCase['wq']) => ({
      kind: 'bayes' as const,
      mu: tf.tensor2d(w.weight_mean),
      cov: tf.tensor3d(w.weight_cov),
      diag: null,
    });
    const mask = causalMask(T);
    if (c.scores === 'diagonal') {
      const lin = (w: AttentionCase['wq']) => {
        const l = layer(w);
        return linearBayes(x, l.mu, l.cov, null);
      };
      const att = attentionHeadMoments(lin(c.wq), lin(c.wk), lin(c.wv), mask, c.order);
      return [att.scores.m, att.scores.v, att.weights.m, att.weights.v, att.out.m, att.out.v].map(
        read,
      );
    }
    const [q, k, v] = [c.wq, c.wk, c.wv].map((w) => linearHead(x, layer(w)));
    const att = attentionHeadRowMoments(q, k, v, mask, c.order);
    return [
      att.scores.m,
      att.scores.v,
      att.weights.m,
      att.weights.v,
      att.out.m,
      att.out.v,
      att.scores.cov,
    ].map(read);
  });

  const result: AttentionResult = {
    kind: 'attention',
    settings: { order: c.order, scores: c.scores },
    scores: { mean: masked(flat[0], T), var: masked(flat[1], T) },
    weights: { mean: masked(flat[2], T), var: masked(flat[3], T) },
    output: { mean: rows(flat[4], T, dh), var: rows(flat[5], T, dh) },
  };
  if (flat[6]) result.scores.cov = maskedCov(flat[6], T);
  if (c.monte_carlo) result.mc = attentionMc(c, c.monte_carlo.samples, c.monte_carlo.seed);
  return result;
}

/** Masked T × T moments from elementwise ones. */
function maskedMoments(m: ElementMoments, T: number): MaskedMoments {
  return {
    mean: masked(m.mean, T),
    var: masked(m.var, T),
    mean_se: masked(m.mean_se, T),
    var_se: masked(m.var_se, T),
  };
}

/** Monte Carlo: draw x, Wq, Wk, Wv; exact causal attention per draw (stable softmax). */
function attentionMc(c: AttentionCase, samples: number, seed: number): AttentionMc {
  const rng = makeRng(seed);
  const T = c.input.mean.length;
  const D = c.input.mean[0].length;
  const d1 = D + 1;
  const samplers = [c.wq, c.wk, c.wv].map((w) => weightSampler(w.weight_mean, w.weight_cov));
  const dh = samplers[0].nOut;
  const w = samplers.map(() => new Float64Array(dh * d1));
  const x = new Float64Array(T * d1);
  const qkv = [0, 1, 2].map(() => new Float64Array(T * dh));
  const S = new Float64Array(samples * T * T);
  const A = new Float64Array(samples * T * T);
  const O = new Float64Array(samples * T * dh);

  for (let s = 0; s < samples; s++) {
    // Input with its bias entry, then one weight draw per layer.
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < D; i++)
        x[t * d1 + i] = c.input.mean[t][i] + Math.sqrt(c.input.var[t][i]) * rng.normal();
      x[t * d1 + D] = 1;
    }
    samplers.forEach((sm, k) => sm.draw(rng.normal, w[k]));

    // Q, K, V = x̄ Wᵀ.
    for (let k = 0; k < 3; k++) {
      for (let t = 0; t < T; t++) {
        for (let n = 0; n < dh; n++) {
          let acc = 0;
          for (let i = 0; i < d1; i++) acc += x[t * d1 + i] * w[k][n * d1 + i];
          qkv[k][t * dh + n] = acc;
        }
      }
    }

    // Scores over visible keys, softmax per row, outputs.
    const [Q, K, V] = qkv;
    const base = s * T * T;
    for (let i = 0; i < T; i++) {
      let max = -Infinity;
      for (let j = 0; j <= i; j++) {
        let acc = 0;
        for (let n = 0; n < dh; n++) acc += Q[i * dh + n] * K[j * dh + n];
        S[base + i * T + j] = acc / Math.sqrt(dh);
        max = Math.max(max, S[base + i * T + j]);
      }
      let sum = 0;
      for (let j = 0; j <= i; j++) {
        A[base + i * T + j] = Math.exp(S[base + i * T + j] - max);
        sum += A[base + i * T + j];
      }
      for (let j = 0; j <= i; j++) A[base + i * T + j] /= sum;
      for (let n = 0; n < dh; n++) {
        let acc = 0;
        for (let j = 0; j <= i; j++) acc += A[base + i * T + j] * V[j * dh + n];
        O[(s * T + i) * dh + n] = acc;
      }
    }
  }

  const out = elementMoments(O, samples, T * dh);
  const mc: AttentionMc = {
    scores: {
      ...maskedMoments(elementMoments(S, samples, T * T), T),
      ...rowCovariances(S, samples, T),
    },
    weights: maskedMoments(elementMoments(A, samples, T * T), T),
    output: {
      mean: rows(out.mean, T, dh),
      var: rows(out.var, T, dh),
      mean_se: rows(out.mean_se, T, dh),
      var_se: rows(out.var_se, T, dh),
    },
    samples,
  };
  const jitter = Math.max(...samplers.map((sm) => sm.jitter));
  if (jitter > 0) mc.jitter = jitter;
  return mc;
}

/** Per query i, the Monte Carlo covariance of its visible scores S_i0..S_ii, and its SE. */
function rowCovariances(S: Float64Array, samples: number, T: number) {
  const cov: Cell[][][] = [];
  const covSe: Cell[][][] = [];
  for (let i = 0; i < T; i++) {
    const n = i + 1;
    const row = new Float64Array(samples * n);
    for (let s = 0; s < samples; s++)
      for (let j = 0; j < n; j++) row[s * n + j] = S[(s * T + i) * T + j];
    const m = momentsFromSamples(row, samples, n);
    const pad = (mat: number[][]): Cell[][] =>
      Array.from({ length: T }, (_, j) =>
        Array.from({ length: T }, (_, l) => (j < n && l < n ? mat[j][l] : null)),
      );
    cov.push(pad(m.cov));
    covSe.push(pad(m.cov_se));
  }
  return { cov, cov_se: covSe };
}
