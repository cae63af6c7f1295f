/**
 * Context windows of the decision transformer: the last K steps of (return-to-go,
 * observation, action), left-padded at the start of an episode, turned into batched tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { tokenCount } from './config';

/** Statistics of the pretraining data used to normalize observations. */
export interface DataStats {
  obsMean: number[];
  /** Spread per observation dimension; a dimension with near-zero spread is stored as 1. */
  obsStd: number[];
}

/** Spreads below this are left unscaled rather than divided by ~0. */
export const MIN_SPREAD = 1e-6;

/** Mean and spread per dimension of a list of observations, with the near-zero guard. */
export function computeStats(observations: ArrayLike<number>[], dim: number): DataStats {
  const mean = new Array<number>(dim).fill(0);
  const sq = new Array<number>(dim).fill(0);
  for (const o of observations) for (let i = 0; i < dim; i++) mean[i] += o[i];
  const n = Math.max(observations.length, 1);
  for (let i = 0; i < dim; i++) mean[i] /= n;
  for (const o of observations) for (let i = 0; i < dim; i++) sq[i] += (o[i] - mean[i]) ** 2;
  const std = sq.map((s) => Math.sqrt(s / n));
  return { obsMean: mean, obsStd: std.map((s) => (s > MIN_SPREAD ? s : 1)) };
}

/** One context: up to K steps ending at the newest observation, oldest first. */
export interface StepWindow {
  /** Return-to-go per step, in rewards (divided by H inside). */
  rtg: number[];
  /** Raw observation per step. */
  obs: ArrayLike<number>[];
  /** Action taken at each step; the newest (unknown) entry is ignored. */
  act: number[];
  /** Episode timestep of each step. */
  time: number[];
}

/** Batched, normalized context tensors; pad[b] = number of left-padded steps in row b. */
export interface ContextBatch {
  rtg: tf.Tensor2D;
  obs: tf.Tensor3D;
  act: tf.Tensor2D;
  time: tf.Tensor2D;
  pad: number[];
  /** Variance of each normalized observation entry (known sensor noise), [B, K, obsDim]. */
  obsVar: tf.Tensor3D;
}

/** Pack windows into tensors; obsNoiseStd is the known sensor noise σ (0 if none). */
export function buildContext(
  windows: StepWindow[],
  cfg: ModelConfig,
  stats: DataStats,
  obsNoiseStd = 0,
): ContextBatch {
  const K = cfg.contextSteps;
  const D = cfg.obsDim;
  const B = windows.length;
  const rtg = new Float32Array(B * K);
  const obs = new Float32Array(B * K * D);
  const obsVar = new Float32Array(B * K * D);
  const act = new Float32Array(B * K);
  const time = new Int32Array(B * K);
  const pad: number[] = [];
  for (let b = 0; b < B; b++) {
    const w = windows[b];
    const n = Math.min(w.obs.length, K);
    const p = K - n;
    pad.push(p);
    const off = w.obs.length - n;
    for (let k = 0; k < n; k++) {
      const j = b * K + p + k;
      rtg[j] = w.rtg[off + k] / cfg.horizon;
      act[j] = k < n - 1 ? w.act[off + k] : 0;
      time[j] = Math.min(Math.max(Math.round(w.time[off + k]), 0), cfg.horizon - 1);
      const o = w.obs[off + k];
      for (let i = 0; i < D; i++) {
        obs[j * D + i] = (o[i] - stats.obsMean[i]) / stats.obsStd[i];
        obsVar[j * D + i] = (obsNoiseStd / stats.obsStd[i]) ** 2;
      }
    }
  }
  return {
    rtg: tf.tensor2d(rtg, [B, K]),
    obs: tf.tensor3d(obs, [B, K, D]),
    act: tf.tensor2d(act, [B, K]),
    time: tf.tensor2d(time, [B, K], 'int32'),
    obsVar: tf.tensor3d(obsVar, [B, K, D]),
    pad,
  };
}

/** Dispose the tensors of a context batch. */
export function disposeContext(c: ContextBatch): void {
  tf.dispose([c.rtg, c.obs, c.act, c.time, c.obsVar]);
}

/**
 * Attention mask [B, 1, T, T]: 1 where query t may see key s. Causal (s ≤ t), and padded
 * tokens are invisible to real ones; a padded query sees only itself, so no row is empty.
 */
export function attentionMask(pad: number[], cfg: ModelConfig): tf.Tensor4D {
  const T = tokenCount(cfg);
  const data = new Float32Array(pad.length * T * T);
  pad.forEach((p, b) => {
    const first = 3 * p;
    for (let t = 0; t < T; t++) {
      for (let s = 0; s <= t; s++) {
        if (s >= first || s === t) data[b * T * T + t * T + s] = 1;
      }
    }
  });
  return tf.tensor4d(data, [pad.length, 1, T, T]);
}

/** 1 for tokens that carry data, 0 for left padding: [B, T]. */
export function tokenValidity(pad: number[], cfg: ModelConfig): tf.Tensor2D {
  const T = tokenCount(cfg);
  const data = new Float32Array(pad.length * T);
  pad.forEach((p, b) => data.fill(1, b * T + 3 * p, (b + 1) * T));
  return tf.tensor2d(data, [pad.length, T]);
}
