/**
 * SGD warm start: the pretrained decision transformer fine-tuned with Adam on a FIFO memory
 * of the last M demonstrated samples, k minibatch steps per new sample. A point learner: its
 * predictions carry no uncertainty. Needs tfjs gradients registered (the worker imports
 * tfjs-core's gradient registrations; Node CLIs import '@tensorflow/tfjs').
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeRng, type Rng } from '../core/rng';
import type { ModelConfig } from '../model/config';
import { buildContext, disposeContext, type DataStats, type StepWindow } from '../model/context';
import { forward } from '../model/forward';
import type { ModelParams } from '../model/params';
import { deterministicPolicy, type BatchPolicy } from '../agent/deterministicPolicy';
import type { Learner, Prediction, UpdateInfo } from './learner';

/** Knobs of the SGD learner. */
export interface SgdOptions {
  /** Replay memory size (FIFO), samples. */
  memory: number;
  /** Adam learning rate. */
  lr: number;
  /** Optimizer steps per new sample. */
  steps: number;
  /** Minibatch size drawn uniformly from the memory (capped by its fill). */
  batch: number;
  /** Train only the head (a convex problem: the least-squares fit on frozen features). */
  headOnly: boolean;
  /** Seed of the minibatch draws. */
  seed: number;
}

/** One remembered sample. */
interface Sample {
  window: StepWindow;
  action: number;
}

export class SgdLearner implements Learner {
  readonly bayesian = false;
  private readonly vars: Record<string, tf.Variable> = {};
  private readonly trainable: tf.Variable[];
  private readonly policy: BatchPolicy;
  private optimizer: tf.Optimizer;
  private memory: Sample[] = [];
  private head = 0;
  private rng: Rng;

  constructor(
    private readonly params: ModelParams,
    private readonly cfg: ModelConfig,
    private readonly stats: DataStats,
    readonly opts: SgdOptions,
    readonly id = 'sgd',
  ) {
    for (const [k, t] of Object.entries(params)) this.vars[k] = tf.variable(t, true);
    const names = Object.keys(this.vars).filter((k) => !opts.headOnly || k.startsWith('head.'));
    this.trainable = names.map((k) => this.vars[k]);
    this.policy = deterministicPolicy(this.vars, cfg, stats);
    this.optimizer = tf.train.adam(opts.lr);
    this.rng = makeRng(opts.seed);
  }

  /** The learner's current weights (its own copies; read-only use). */
  get weights(): ModelParams {
    return this.vars;
  }

  /** Samples in the replay memory now. */
  get memorySize(): number {
    return this.memory.length;
  }

  async predict(windows: StepWindow[]): Promise<Prediction> {
    const mean = await this.policy(windows);
    return { mean, variance: mean.map(() => 0) };
  }

  act(windows: StepWindow[]): Promise<number[]> {
    return this.policy(windows);
  }

  async observe(window: StepWindow, action: number): Promise<UpdateInfo> {
    const t0 = performance.now();
    const [mean] = await this.policy([window]);
    this.remember({ window, action });
    const rejected = await this.train(this.opts.steps);
    return { mean, variance: 0, rejected, ms: performance.now() - t0 };
  }

  /** Run `steps` Adam steps on minibatches from the memory; returns steps skipped as non-finite. */
  async train(steps: number): Promise<number> {
    let skipped = 0;
    const K = this.cfg.contextSteps;
    for (let s = 0; s < steps && this.memory.length > 0; s++) {
      const n = Math.min(this.opts.batch, this.memory.length);
      // A memory no larger than the batch is used whole; otherwise draw with replacement.
      const picks =
        n === this.memory.length
          ? this.memory
          : Array.from({ length: n }, () => this.memory[this.rng.int(this.memory.length)]);
      const ctx = buildContext(
        picks.map((p) => p.window),
        this.cfg,
        this.stats,
      );
      const target = tf.tensor2d(
        picks.map((p) => p.action),
        [n, 1],
      );
      const loss = this.optimizer.minimize(
        () => {
          const { actions } = forward(this.vars, ctx, this.cfg, { differentiable: true });
          const last = tf.slice(actions, [0, K - 1], [n, 1]);
          return tf.mean(tf.square(tf.sub(last, target))) as tf.Scalar;
        },
        true,
        this.trainable,
      );
      disposeContext(ctx);
      target.dispose();
      // The loss is read once per call (a read syncs the backend) to count a diverged step.
      if (loss && s === steps - 1 && !Number.isFinite((await loss.data())[0])) skipped++;
      loss?.dispose();
    }
    return skipped;
  }

  private remember(sample: Sample): void {
    if (this.memory.length < this.opts.memory) {
      this.memory.push(sample);
      return;
    }
    this.memory[this.head] = sample;
    this.head = (this.head + 1) % this.opts.memory;
  }

  async shrinkage() {
    return [];
  }

  /** Replay memory (float32 context + label) plus own weights and Adam's two moments. */
  bytes(): number {
    const K = this.cfg.contextSteps;
    const perSample = 4 * (K * (this.cfg.obsDim + 3) + 1);
    const weights = this.trainable.reduce((s, v) => s + v.size, 0);
    return this.memory.length * perSample + 3 * 4 * weights;
  }

  reset(): void {
    for (const [k, t] of Object.entries(this.params)) this.vars[k].assign(t);
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.opts.lr);
    this.memory = [];
    this.head = 0;
    this.rng = makeRng(this.opts.seed);
  }

  dispose(): void {
    tf.dispose(Object.values(this.vars));
    this.optimizer.dispose();
  }
}
