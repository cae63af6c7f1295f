/**
 * Bayesian last layer: the pretrained body is frozen and gives deterministic features (the
 * head's input at the newest observation token); only the head [w; b] is Bayesian, filtered
 * exactly by Bayesian linear regression with the pretrained head as prior mean.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config';
import { buildContext, disposeContext, type DataStats, type StepWindow } from '../model/context';
import { forward } from '../model/forward';
import type { ModelParams } from '../model/params';
import { BlrFilter } from './blr';
import type { Learner, Prediction, UpdateInfo } from './learner';

/** Knobs of the Bayesian last layer. */
export interface BllOptions {
  /** Prior std of each head weight. */
  sigma0: number;
  /** Observation noise variance of the demonstrated action. */
  obsNoise: number;
}

export class BllLearner implements Learner {
  readonly bayesian = true;
  readonly filter: BlrFilter;

  constructor(
    private readonly params: ModelParams,
    private readonly cfg: ModelConfig,
    private readonly stats: DataStats,
    readonly opts: BllOptions,
    readonly id = 'bll',
  ) {
    const w = params['head.w'].dataSync();
    const b = params['head.b'].dataSync();
    this.filter = new BlrFilter([...w, ...b], opts.sigma0, opts.obsNoise);
  }

  /** Features [φ, 1] of each window at its newest observation token. */
  async features(windows: StepWindow[]): Promise<Float32Array[]> {
    const ctx = buildContext(windows, this.cfg, this.stats);
    const K = this.cfg.contextSteps;
    const d = this.cfg.dModel;
    const phi = tf.tidy(() => {
      const { features } = forward(this.params, ctx, this.cfg, { keepFeatures: true });
      const last = tf.reshape(tf.slice(features!, [0, K - 1, 0], [windows.length, 1, d]), [-1, d]);
      return tf.concat([last, tf.ones([windows.length, 1])], 1);
    });
    disposeContext(ctx);
    const data = await phi.data();
    phi.dispose();
    return windows.map((_, i) => (data as Float32Array).slice(i * (d + 1), (i + 1) * (d + 1)));
  }

  async predict(windows: StepWindow[]): Promise<Prediction> {
    const preds = (await this.features(windows)).map((f) => this.filter.predict(f));
    return { mean: preds.map((p) => p.mean), variance: preds.map((p) => p.variance) };
  }

  async act(windows: StepWindow[]): Promise<number[]> {
    return (await this.predict(windows)).mean;
  }

  async observe(window: StepWindow, action: number): Promise<UpdateInfo> {
    const t0 = performance.now();
    const [phi] = await this.features([window]);
    const { mean, variance } = this.filter.predict(phi);
    const ok = this.filter.update(phi, action);
    return { mean, variance, rejected: ok ? 0 : 1, ms: performance.now() - t0 };
  }

  async shrinkage() {
    const n = this.filter.n;
    let r = 0;
    for (let i = 0; i < n; i++) r += Math.sqrt(Math.max(this.filter.cov[i * n + i], 0));
    return [{ layer: 'head', ratio: r / n / this.opts.sigma0 }];
  }

  bytes(): number {
    return this.filter.bytes();
  }

  reset(): void {
    this.filter.reset();
  }

  dispose(): void {}
}
