/**
 * The attention panel's job: the closed-form attention moments of one context (exactly the
 * learner's moment pass, in a chosen softmax order and score mode) and a Monte Carlo check
 * over the KBT posterior. Weight samples of every Bayesian layer (Cholesky of each block,
 * factored once) plus sensor noise run through the deterministic model in batches, a slice
 * of a few milliseconds at a time, so the caller keeps ticking and can cancel at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { ModelConfig } from '../model/config';
import { tokenCount, tokenLabels } from '../model/config';
import {
  attentionMask,
  buildContext,
  disposeContext,
  type DataStats,
  type StepWindow,
} from '../model/context';
import { forward } from '../model/forward';
import type { ModelParams } from '../model/params';
import type { Posterior } from '../kbt/posterior';
import { momentForward } from '../kbt/momentForward';
import type { AttentionMcStats, AttentionMode, AttentionReport } from '../messages/attention';

/** What the job needs from the session, captured when it starts. */
export interface AttentionJobInput {
  params: ModelParams;
  cfg: ModelConfig;
  stats: DataStats;
  post: Posterior;
  window: StepWindow;
  /** Known sensor noise σ of the observations (0: none). */
  obsNoiseStd: number;
  /** Observation noise variance R of the action. */
  obsNoise: number;
  tick: number;
}

/** Allowed range of the sample count. */
export const MC_SAMPLES_RANGE = [100, 10_000] as const;

/** Clamp a requested sample count into {@link MC_SAMPLES_RANGE} (non-numbers → 1000). */
export function clampSamples(n: unknown): number {
  const v = typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : 1000;
  return Math.min(MC_SAMPLES_RANGE[1], Math.max(MC_SAMPLES_RANGE[0], v));
}

/** Read tensors in one go and dispose them. */
async function readAll(ts: tf.Tensor[]): Promise<Float32Array[]> {
  const out = (await Promise.all(ts.map((t) => t.data()))) as Float32Array[];
  tf.dispose(ts);
  return out;
}

/**
 * Closed-form report (no Monte Carlo) of the moment pass on one context: attention means and
 * stds per layer and head, score means and row covariances, the action's mean and variance.
 */
export async function closedAttention(
  input: AttentionJobInput,
  mode: AttentionMode,
): Promise<AttentionReport> {
  const t0 = performance.now();
  const { cfg } = input;
  const T = tokenCount(cfg);
  const ctx = buildContext([input.window], cfg, input.stats, input.obsNoiseStd);
  const parts = tf.tidy(() => {
    const { action, tape } = momentForward(input.params, input.post, ctx, cfg, {
      softmaxOrder: mode.order,
      scores: mode.scores,
    });
    const cat = (pick: (b: (typeof tape.blocks)[number]) => tf.Tensor) =>
      tf.concat(tape.blocks.map((b) => tf.reshape(pick(b), [-1])));
    return [
      cat((b) => b.attMean),
      cat((b) => b.attStd),
      cat((b) => b.scoreMean),
      cat((b) => b.scoreCov),
      tf.concat([action.m, action.v]),
      tf.reshape(attentionMask(ctx.pad, cfg), [T * T]),
    ];
  });
  disposeContext(ctx);
  const [mean, std, scoreMean, scoreCov, act, mask] = await readAll(parts);
  return {
    tick: input.tick,
    layers: cfg.layers,
    heads: cfg.heads,
    tokens: T,
    labels: tokenLabels(cfg),
    mode,
    bayesianLayers: [...input.post.keys()],
    mask,
    closed: { mean, std },
    scoreMean,
    scoreCov,
    mc: null,
    action: {
      mean: act[0],
      epistemicVar: Math.max(act[1], 0),
      aleatoricVar: input.obsNoise,
      mc: null,
    },
    ms: performance.now() - t0,
  };
}

/** One Bayesian layer ready to sample: means [dout, d1] and block roots L_n [dout, d1, d1]. */
interface LayerSampler {
  name: string;
  mu: tf.Tensor2D;
  /** Lower Cholesky factors (full mode) or null; then sd [dout, d1] (diag mode). */
  root: tf.Tensor3D | null;
  sd: tf.Tensor2D | null;
}

/** Factor every block of a layer once (ml-matrix Cholesky, jitter 1e-12). */
async function makeSampler(name: string, post: Posterior): Promise<LayerSampler> {
  const layer = post.get(name)!;
  const [dout, d1] = layer.mu.shape;
  const mu = layer.mu.clone();
  if (!layer.cov) return { name, mu, root: null, sd: tf.sqrt(tf.relu(layer.diag!)) };
  const cov = (await layer.cov.data()) as Float32Array;
  const roots = new Float32Array(dout * d1 * d1);
  for (let n = 0; n < dout; n++) {
    const block = new Matrix(d1, d1);
    for (let i = 0; i < d1; i++) {
      for (let j = 0; j < d1; j++) {
        block.set(i, j, cov[(n * d1 + i) * d1 + j] + (i === j ? 1e-12 : 0));
      }
    }
    const L = new CholeskyDecomposition(block).lowerTriangularMatrix;
    for (let i = 0; i < d1; i++) {
      for (let j = 0; j <= i; j++) roots[(n * d1 + i) * d1 + j] = L.get(i, j);
    }
  }
  return { name, mu, root: tf.tensor3d(roots, [dout, d1, d1]), sd: null };
}

/** S weight samples of a layer as forward() takes them: w [S, din, dout], b [S, dout]. */
function drawWeights(s: LayerSampler, S: number, seed: number): { w: tf.Tensor; b: tf.Tensor } {
  const [dout, d1] = s.mu.shape;
  const z = tf.randomNormal([dout, S, d1], 0, 1, 'float32', seed);
  const noise = s.root ? tf.matMul(z, s.root, false, true) : tf.mul(z, tf.expandDims(s.sd!, 1));
  const w = tf.add(tf.expandDims(s.mu, 1), noise); // [dout, S, d1]
  const weights = tf.transpose(tf.slice(w, [0, 0, 0], [dout, S, d1 - 1]), [1, 2, 0]);
  const bias = tf.transpose(tf.reshape(tf.slice(w, [0, 0, d1 - 1], [dout, S, 1]), [dout, S]));
  return { w: weights, b: bias };
}

/** Running sums of (x − c)^k, k = 1…4, per entry, in double precision. */
class ShiftedSums {
  readonly s: Float64Array[];
  n = 0;

  constructor(
    readonly size: number,
    readonly shift: ArrayLike<number>,
  ) {
    this.s = [1, 2, 3, 4].map(() => new Float64Array(size));
  }

  /** Add a batch's per-entry sums (k-major: [4][size]) over `count` samples. */
  add(sums: Float32Array, count: number): void {
    for (let k = 0; k < 4; k++) {
      const dst = this.s[k];
      for (let i = 0; i < this.size; i++) dst[i] += sums[k * this.size + i];
    }
    this.n += count;
  }

  /** Mean, unbiased variance, and SEs of both, entry i. */
  stats(i: number): { mean: number; variance: number; seMean: number; seVar: number } {
    const n = this.n;
    const m1 = this.s[0][i] / n;
    const m2 = this.s[1][i] / n;
    const m3 = this.s[2][i] / n;
    const m4 = this.s[3][i] / n;
    const c2 = Math.max(m2 - m1 * m1, 0);
    const c4 = Math.max(m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 ** 4, 0);
    const variance = (c2 * n) / Math.max(n - 1, 1);
    return {
      mean: this.shift[i] + m1,
      variance,
      seMean: Math.sqrt(variance / n),
      seVar: Math.sqrt(Math.max(c4 - c2 * c2, 0) / n),
    };
  }
}

/** Per-entry sums of d, d², d³, d⁴ over the sample axis of x [S, F] as one [4·F] tensor. */
function powerSums(x: tf.Tensor2D, shift: tf.Tensor1D): tf.Tensor {
  const d = tf.sub(x, shift);
  const d2 = tf.square(d);
  const ones = tf.ones([1, x.shape[0]]);
  const sum = (t: tf.Tensor) => tf.reshape(tf.matMul(ones, t as tf.Tensor2D), [-1]);
  return tf.concat([sum(d), sum(d2), sum(tf.mul(d2, d)), sum(tf.square(d2))]);
}

/** Slice budget and batch limits. */
const TARGET_MS = 8;
const BATCH_RANGE = [4, 512] as const;

/** A Monte Carlo check of the attention moments, advanced by {@link AttentionMcJob.slice}. */
export class AttentionMcJob {
  done = 0;
  private batch = 16;
  private batches = 0;
  private attSums: ShiftedSums;
  private actSums: ShiftedSums;
  private shift: tf.Tensor1D;
  private actShift: tf.Tensor1D;
  private readonly started = performance.now();

  private constructor(
    private readonly input: AttentionJobInput,
    private readonly closed: AttentionReport,
    private readonly samplers: LayerSampler[],
    readonly total: number,
    private readonly seed: number,
  ) {
    const F = closed.closed.mean.length;
    this.attSums = new ShiftedSums(F, closed.closed.mean);
    this.actSums = new ShiftedSums(1, [closed.action.mean]);
    this.shift = tf.tensor1d(closed.closed.mean);
    this.actShift = tf.tensor1d([closed.action.mean]);
  }

  /** Start a job: closed form now, posterior factored and copied (later updates don't leak in). */
  static async start(
    input: AttentionJobInput,
    req: AttentionMode & { samples: number; seed?: number },
  ): Promise<AttentionMcJob> {
    const closed = await closedAttention(input, { order: req.order, scores: req.scores });
    const samplers: LayerSampler[] = [];
    for (const name of input.post.keys()) samplers.push(await makeSampler(name, input.post));
    const seed = Number.isFinite(req.seed) ? (req.seed as number) : input.tick + 1;
    return new AttentionMcJob(input, closed, samplers, clampSamples(req.samples), seed);
  }

  /** True once every sample has run. */
  get finished(): boolean {
    return this.done >= this.total;
  }

  /** Run batches for about `budgetMs` (at least one batch); the batch size adapts. */
  async slice(budgetMs = TARGET_MS): Promise<void> {
    const start = performance.now();
    while (!this.finished && (performance.now() - start < budgetMs || this.batches === 0)) {
      const n = Math.min(this.batch, this.total - this.done);
      const t0 = performance.now();
      await this.runBatch(n);
      const took = Math.max(performance.now() - t0, 0.1);
      const next = Math.round(this.batch * Math.min(2, Math.max(0.5, budgetMs / took)));
      this.batch = Math.min(BATCH_RANGE[1], Math.max(BATCH_RANGE[0], next));
    }
  }

  private async runBatch(n: number): Promise<void> {
    const { cfg, stats, window, obsNoiseStd } = this.input;
    const K = cfg.contextSteps;
    const T = tokenCount(cfg);
    const seed = this.seed * 1009 + this.batches * 7919;
    this.batches++;
    const ctx = buildContext(
      Array.from({ length: n }, () => window),
      cfg,
      stats,
      obsNoiseStd,
    );
    const out = tf.tidy(() => {
      const sampled: ModelParams = { ...this.input.params };
      this.samplers.forEach((s, i) => {
        const { w, b } = drawWeights(s, n, seed + 31 * i + 1);
        sampled[`${s.name}.w`] = w;
        sampled[`${s.name}.b`] = b;
      });

      // Sensor noise: the observations are drawn around the seen ones with the known variance.
      const noise = tf.randomNormal(ctx.obs.shape, 0, 1, 'float32', seed);
      const obs = tf.add(ctx.obs, tf.mul(tf.sqrt(ctx.obsVar), noise)) as tf.Tensor3D;
      const run = forward(sampled, { ...ctx, obs }, cfg, { keepAttention: true });
      const att = tf.reshape(tf.stack(run.attention!, 1), [n, cfg.layers * cfg.heads * T * T]);
      const act = tf.slice(run.actions, [0, K - 1], [n, 1]);
      return tf.concat([
        powerSums(att as tf.Tensor2D, this.shift),
        powerSums(act as tf.Tensor2D, this.actShift),
      ]);
    });
    disposeContext(ctx);
    const [sums] = await readAll([out]);
    const F = this.attSums.size;
    this.attSums.add(sums.subarray(0, 4 * F), n);
    this.actSums.add(sums.subarray(4 * F), n);
    this.done += n;
  }

  /** The report so far (closed form, and MC over the samples run). */
  report(): AttentionReport {
    const F = this.attSums.size;
    const mc: AttentionMcStats = {
      samples: this.done,
      mean: new Float32Array(F),
      std: new Float32Array(F),
      seMean: new Float32Array(F),
      seStd: new Float32Array(F),
      errorSigned: new Float32Array(F),
      errorAbs: new Float32Array(F),
      stdErrorSigned: new Float32Array(F),
    };
    const { mean: cm, std: cs } = this.closed.closed;
    for (let i = 0; i < F; i++) {
      const s = this.attSums.stats(i);
      const sd = Math.sqrt(s.variance);
      mc.mean[i] = s.mean;
      mc.std[i] = sd;
      mc.seMean[i] = s.seMean;
      mc.seStd[i] = sd > 0 ? s.seVar / (2 * sd) : 0;
      mc.errorSigned[i] = cm[i] - s.mean;
      mc.errorAbs[i] = Math.abs(cm[i] - s.mean);
      mc.stdErrorSigned[i] = cs[i] - sd;
    }
    const a = this.actSums.stats(0);
    return {
      ...this.closed,
      mc,
      action: {
        ...this.closed.action,
        mc: { mean: a.mean, variance: a.variance, seMean: a.seMean, seVar: a.seVar },
      },
      ms: performance.now() - this.started,
    };
  }

  /** Free the job's tensors. */
  dispose(): void {
    tf.dispose([this.shift, this.actShift]);
    for (const s of this.samplers) tf.dispose([s.mu, s.root, s.sd].filter((t) => t !== null));
  }
}
