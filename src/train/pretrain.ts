/**
 * Behaviour-cloning pretraining of the decision transformer on offline episodes: Adam on the
 * mean squared error of the action at every observation token of random context windows.
 * Needs tfjs gradients registered (the CLI does it for Node).
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../core/rng';
import type { ModelConfig } from '../model/config';
import {
  buildContext,
  computeStats,
  disposeContext,
  type DataStats,
  type StepWindow,
} from '../model/context';
import { forward } from '../model/forward';
import { initParams, type ModelParams } from '../model/params';
import type { OfflineEpisode } from './offlineData';

/** Optimizer settings of pretraining. */
export interface PretrainOptions {
  steps: number;
  batchSize: number;
  learningRate: number;
  /** The learning rate decays linearly to this fraction of itself. */
  finalLrFraction: number;
  seed: number;
}

export const DEFAULT_PRETRAIN: Readonly<PretrainOptions> = Object.freeze({
  steps: 3000,
  batchSize: 64,
  learningRate: 1e-3,
  finalLrFraction: 0.1,
  seed: 7,
});

/** A window ending at step `end` of an episode, with return-to-go from its return. */
export function episodeWindow(ep: OfflineEpisode, end: number, k: number): StepWindow {
  const from = Math.max(0, end - k + 1);
  const idx = Array.from({ length: end - from + 1 }, (_, i) => from + i);
  return {
    rtg: idx.map((t) => ep.ret - t),
    obs: idx.map((t) => ep.obs[t]),
    act: idx.map((t) => ep.act[t]),
    time: idx,
  };
}

/** Train fresh parameters; `onProgress` hears the loss now and then. */
export async function pretrain(
  cfg: ModelConfig,
  data: OfflineEpisode[],
  opts: PretrainOptions,
  onProgress: (step: number, loss: number) => void = () => {},
): Promise<{ params: ModelParams; stats: DataStats; losses: number[] }> {
  const stats = computeStats(
    data.flatMap((e) => e.obs),
    cfg.obsDim,
  );
  const init = initParams(cfg, opts.seed);
  const vars: Record<string, tf.Variable> = {};
  for (const [k, t] of Object.entries(init)) vars[k] = tf.variable(t, true, `pre/${k}`);
  tf.dispose(Object.values(init));

  const rng = makeRng(opts.seed + 1);
  const steps = data.flatMap((ep, e) => ep.obs.map((_, t) => [e, t] as const));
  const K = cfg.contextSteps;
  const optimizer = tf.train.adam(opts.learningRate);
  const losses: number[] = [];

  for (let step = 0; step < opts.steps; step++) {
    // A batch of random windows and their action targets, padded positions masked out.
    const picks = Array.from({ length: opts.batchSize }, () => steps[rng.int(steps.length)]);
    const windows = picks.map(([e, t]) => episodeWindow(data[e], t, K));
    const ctx = buildContext(windows, cfg, stats);
    const tgt = new Float32Array(opts.batchSize * K);
    const valid = new Float32Array(opts.batchSize * K);
    windows.forEach((w, b) => {
      const p = K - w.obs.length;
      w.act.forEach((a, i) => {
        tgt[b * K + p + i] = a;
        valid[b * K + p + i] = 1;
      });
    });
    const target = tf.tensor2d(tgt, [opts.batchSize, K]);
    const mask = tf.tensor2d(valid, [opts.batchSize, K]);

    // Linear learning-rate decay.
    const frac = 1 - (1 - opts.finalLrFraction) * (step / Math.max(opts.steps - 1, 1));
    (optimizer as unknown as { learningRate: number }).learningRate = opts.learningRate * frac;

    const loss = optimizer.minimize(() => {
      const err = tf.sub(forward(vars, ctx, cfg, { differentiable: true }).actions, target);
      return tf.div(tf.sum(tf.mul(tf.square(err), mask)), tf.sum(mask)) as tf.Scalar;
    }, true);
    if (step % 50 === 0 || step === opts.steps - 1) {
      const value = (await loss!.data())[0];
      losses.push(value);
      onProgress(step, value);
    }
    tf.dispose([loss!, target, mask]);
    disposeContext(ctx);
  }

  const params: ModelParams = {};
  for (const [k, v] of Object.entries(vars)) params[k] = v.clone();
  tf.dispose(Object.values(vars));
  optimizer.dispose();
  return { params, stats, losses };
}
