/**
 * The KBT learner (METHOD §2–4): a Gaussian posterior over the chosen layers' weights with
 * the pretrained weights as prior mean; each demonstrated sample runs the moment pass, the
 * backward delta pass and one rank-1-per-token Kalman update. No replay, no learning rate.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config';
import { buildContext, disposeContext, type DataStats, type StepWindow } from '../model/context';
import type { ModelParams } from '../model/params';
import type { KbtSettings } from '../protocol';
import { momentForward } from '../kbt/momentForward';
import { backwardDeltas } from '../kbt/backward';
import {
  disposePosterior,
  layerVariances,
  makePrior,
  posteriorBytes,
  type Posterior,
} from '../kbt/posterior';
import {
  applyPseudoObservations,
  predictStep,
  pseudoObservations,
  type UpdateExtras,
} from '../kbt/update';
import type { LayerShrink, Learner, Prediction, UpdateInfo } from './learner';
import { deterministicPolicy } from '../agent/deterministicPolicy';

/** Updates whose information is kept for takeInfo before the oldest are dropped. */
const MAX_PENDING_INFO = 2000;

/** One update's information per layer, not yet read from the device. */
interface PendingInfo {
  tag: number;
  layers: string[];
  nats: tf.Scalar[];
}

export class KbtLearner implements Learner {
  readonly id: string;
  readonly bayesian = true;
  private post: Posterior;
  /** Keep each update's information per layer for takeInfo (the inspector turns this on). */
  collectInfo = false;
  /** Stored with each update's information, returned by takeInfo (the session puts the tick). */
  infoTag = 0;
  /** Per update since the last takeInfo: its tag and information per layer, on the device. */
  private gains: PendingInfo[] = [];

  constructor(
    private readonly params: ModelParams,
    private readonly cfg: ModelConfig,
    private readonly stats: DataStats,
    private settings: KbtSettings,
    id = 'kbt',
  ) {
    this.id = id;
    this.post = this.prior();
  }

  private prior(): Posterior {
    return makePrior(this.params, this.settings.layers, {
      sigma0: this.settings.sigma0,
      covariance: this.settings.covariance,
    });
  }

  /** The current posterior (read-only use: inspectors, tests). */
  get posterior(): Posterior {
    return this.post;
  }

  /** The settings in force. */
  get currentSettings(): KbtSettings {
    return this.settings;
  }

  /** Change knobs; a change of layers, σ0 or covariance mode restarts from the prior. */
  configure(settings: KbtSettings): void {
    const restart =
      settings.sigma0 !== this.settings.sigma0 ||
      settings.covariance !== this.settings.covariance ||
      settings.layers.join() !== this.settings.layers.join();
    this.settings = settings;
    if (restart) this.reset();
  }

  async predict(
    windows: StepWindow[],
    obsNoiseStd: number,
    withAttention = false,
  ): Promise<Prediction> {
    const ctx = buildContext(windows, this.cfg, this.stats, obsNoiseStd);
    const out = tf.tidy(() => {
      const { action, tape } = momentForward(this.params, this.post, ctx, this.cfg, this.settings);
      const att = withAttention
        ? tf.concat(tape.blocks.map((b) => tf.reshape(tf.slice(b.attMean, [0], [1]), [-1])))
        : tf.zeros([0]);
      return [action.m, action.v, att];
    });
    disposeContext(ctx);
    const [mean, variance, attention] = await Promise.all(out.map((t) => t.data()));
    tf.dispose(out);
    return {
      mean: Array.from(mean),
      variance: Array.from(variance),
      attention: withAttention ? (attention as Float32Array) : undefined,
    };
  }

  /**
   * Mean actions. When the head is the only Bayesian layer and the sensor is noise-free, its
   * input is deterministic, so the
   * predictive mean is exactly the plain network with the head at its posterior mean: that
   * cheaper pass is used. Otherwise the moment pass gives the mean.
   */
  async act(windows: StepWindow[], obsNoiseStd: number): Promise<number[]> {
    const head = this.post.get('head');
    if (!head || this.post.size !== 1 || obsNoiseStd > 0) {
      return (await this.predict(windows, obsNoiseStd)).mean;
    }
    const d = head.mu.shape[1] - 1;
    const [w, b] = tf.tidy(() => [
      tf.transpose(tf.slice(head.mu, [0, 0], [1, d])),
      tf.reshape(tf.slice(head.mu, [0, d], [1, 1]), [1]),
    ]);
    const policy = deterministicPolicy(
      { ...this.params, 'head.w': w, 'head.b': b },
      this.cfg,
      this.stats,
    );
    const out = await policy(windows);
    tf.dispose([w, b]);
    return out;
  }

  async observe(window: StepWindow, action: number, obsNoiseStd: number): Promise<UpdateInfo> {
    const t0 = performance.now();

    // Predict step: process noise on every Bayesian layer.
    for (const [name, layer] of this.post) {
      const next = predictStep(layer, this.settings.processNoise);
      if (next !== layer) {
        tf.dispose([layer.cov ?? layer.diag!]);
        this.post.set(name, next);
      }
    }

    // Moment pass, deltas at the observed action, backward pass, pseudo-observations.
    const ctx = buildContext([window], this.cfg, this.stats, obsNoiseStd);
    const names = [...this.post.keys()];
    const kept = tf.tidy(() => {
      const { action: y, tape } = momentForward(
        this.params,
        this.post,
        ctx,
        this.cfg,
        this.settings,
      );
      const S = tf.add(y.v, this.settings.obsNoise);
      const e = tf.sub(action, y.m);
      const deltas = backwardDeltas(
        this.params,
        this.post,
        tape,
        this.cfg,
        {
          dm: tf.div(e, S),
          dv: tf.div(-1, S),
        },
        new Set(names),
      );
      const obs = names.map((n) => {
        const rec = tape.linears.get(n)!;
        return pseudoObservations(rec.input, rec.output, deltas.get(n)!);
      });
      return { y: tf.concat([y.m, y.v]), obs };
    });
    disposeContext(ctx);

    // One read: prediction, rejected counts and which tokens carry information.
    const flags = await Promise.all([
      kept.y.data(),
      ...kept.obs.flatMap((o) => [o.rejected.data(), o.anyUse.data()]),
    ]);
    let rejected = 0;
    const gains: { layer: string; info: tf.Scalar }[] = [];
    names.forEach((n, i) => {
      rejected += flags[1 + 2 * i][0];
      const any = flags[2 + 2 * i];
      const tokens = Array.from(any).flatMap((u, t) => (u > 0 ? [t] : []));
      if (tokens.length === 0) return;
      const old = this.post.get(n)!;
      const extras: UpdateExtras = {};
      this.post.set(n, applyPseudoObservations(old, kept.obs[i], tokens, undefined, extras));
      if (extras.info) gains.push({ layer: n, info: extras.info });
      tf.dispose([old.mu, old.cov ?? old.diag!]);
    });
    const [mean, variance] = flags[0];
    tf.dispose(kept);

    // Information per layer, kept on the device until someone takes it (no read here).
    if (this.collectInfo) {
      this.gains.push({
        tag: this.infoTag,
        layers: gains.map((g) => g.layer),
        nats: gains.map((g) => g.info),
      });
      if (this.gains.length > MAX_PENDING_INFO) this.disposeGains(this.gains.splice(0, 1));
    } else {
      tf.dispose(gains.map((g) => g.info));
    }
    return { mean, variance, rejected, ms: performance.now() - t0 };
  }

  /**
   * The information each update gave each layer, nats, oldest first, since the previous call
   * (only while `collectInfo` is on; one device read for all of them).
   */
  async takeInfo(): Promise<{ tag: number; nats: Record<string, number> }[]> {
    const pending = this.gains.splice(0);
    const scalars = pending.flatMap((p) => p.nats);
    let values: ArrayLike<number> = [];
    if (scalars.length > 0) {
      const stacked = tf.stack(scalars);
      values = await stacked.data();
      stacked.dispose();
    }
    let i = 0;
    const out = pending.map((p) => ({
      tag: p.tag,
      nats: Object.fromEntries(p.layers.map((layer) => [layer, values[i++]])),
    }));
    this.disposeGains(pending);
    return out;
  }

  private disposeGains(rows: PendingInfo[]): void {
    tf.dispose(rows.flatMap((p) => p.nats));
  }

  async shrinkage(): Promise<LayerShrink[]> {
    const ratios = tf.tidy(() =>
      tf.stack(
        [...this.post.values()].map((p) => tf.mean(tf.sqrt(tf.div(layerVariances(p), p.prior)))),
      ),
    );
    const data = await ratios.data();
    ratios.dispose();
    return [...this.post.keys()].map((layer, i) => ({ layer, ratio: data[i] }));
  }

  bytes(): number {
    return posteriorBytes(this.post);
  }

  reset(): void {
    this.disposeGains(this.gains.splice(0));
    disposePosterior(this.post);
    this.post = this.prior();
  }

  dispose(): void {
    this.disposeGains(this.gains.splice(0));
    disposePosterior(this.post);
  }
}
