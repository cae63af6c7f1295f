/** The plain decision transformer as a batched policy: action at the newest observation. */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config';
import { buildContext, disposeContext, type DataStats, type StepWindow } from '../model/context';
import { forward } from '../model/forward';
import type { ModelParams } from '../model/params';

/** Actions for a batch of context windows. */
export type BatchPolicy = (windows: StepWindow[]) => Promise<number[]>;

/** A batched policy running the deterministic forward pass of `params`. */
export function deterministicPolicy(
  params: ModelParams,
  cfg: ModelConfig,
  stats: DataStats,
): BatchPolicy {
  return async (windows) => {
    const ctx = buildContext(windows, cfg, stats);
    const last = tf.tidy(() => {
      const { actions } = forward(params, ctx, cfg);
      return tf.slice(actions, [0, cfg.contextSteps - 1], [windows.length, 1]);
    });
    disposeContext(ctx);
    const out = Array.from(await last.data());
    last.dispose();
    return out;
  };
}
