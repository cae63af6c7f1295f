/**
 * The interface every learner implements, so the session loop drives frozen, KBT and any
 * later learner (SGD on a FIFO memory, Bayesian last layer) the same way.
 */
import type { StepWindow } from '../model/context';

/** Predictive action per context: mean and epistemic variance (0 for point estimates). */
export interface Prediction {
  mean: number[];
  variance: number[];
  /** Mean attention of the first context, [layers][heads][T][T], when asked for. */
  attention?: Float32Array;
}

/** What one update did. */
export interface UpdateInfo {
  /** Predicted action mean and epistemic variance before the update (NaN if not computed). */
  mean: number;
  variance: number;
  /** Tokens rejected by a numerical guard in this update. */
  rejected: number;
  /** Wall time of the update, ms. */
  ms: number;
}

/** Posterior shrinkage of one layer: mean over its weights of σ/σ0. */
export interface LayerShrink {
  layer: string;
  ratio: number;
}

export interface Learner {
  /** Short id used in tables and charts: 'frozen', 'kbt', … */
  readonly id: string;
  /** Does this learner carry uncertainty? */
  readonly bayesian: boolean;
  /** Actions for a batch of contexts (obsNoiseStd = known sensor noise σ). */
  predict(windows: StepWindow[], obsNoiseStd: number): Promise<Prediction>;
  /** Only the mean actions for a batch of contexts (evaluation episodes; may be cheaper). */
  act(windows: StepWindow[], obsNoiseStd: number): Promise<number[]>;
  /** Learn from one demonstrated sample: the context and the expert's action. */
  observe(window: StepWindow, action: number, obsNoiseStd: number): Promise<UpdateInfo>;
  /** Shrinkage per Bayesian layer (empty for point learners). */
  shrinkage(): Promise<LayerShrink[]>;
  /** Bytes of state this learner keeps beyond the shared pretrained weights. */
  bytes(): number;
  /** Back to the pretrained state. */
  reset(): void;
  dispose(): void;
}
