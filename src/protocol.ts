/**
 * The typed message protocol between the UI (store) and the session worker.
 * Dependencies point here from both sides; this file imports only types.
 */
import type { WorldParams, State } from './world/params';
import type { Schedule } from './world/shiftTypes';
import type {
  InfoPoint,
  InnovationPoint,
  InspectCommand,
  PinnedPoint,
  PosteriorView,
} from './messages/inspect';
import type { CalibPoint, LearnerStat, LearnersCommand } from './messages/compare';

/** Which compute backend tfjs runs on; 'auto' measures and takes the fastest. */
export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';

/** Names of the model's linear layers that can be made Bayesian. */
export type LayerName = string;

/** The KBT learner's knobs (METHOD §2, §7). */
export interface KbtSettings {
  /** Prior standard deviation of each Bayesian weight ("trust in the pretrained model"). */
  sigma0: number;
  /** Observation noise variance R of the demonstrated action. */
  obsNoise: number;
  /** Process noise q added to each posterior variance before every update. */
  processNoise: number;
  /** Names of the Bayesian layers, e.g. ['head', 'block1.fc2']. */
  layers: LayerName[];
  /** Softmax Taylor order for attention moments. */
  softmaxOrder: 1 | 2;
  /** Posterior covariance per output neuron: full block or diagonal only. */
  covariance: 'full' | 'diag';
}

/** Commands the UI sends to the worker. */
export type Command =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; ticks?: number }
  | { type: 'reset'; seed?: number }
  | { type: 'speed'; ticksPerSecond: number }
  | { type: 'shift'; change: Partial<WorldParams>; schedule: Schedule; label: string }
  | { type: 'learner'; settings: Partial<KbtSettings> }
  | { type: 'backend'; choice: BackendChoice }
  | InspectCommand
  | LearnersCommand;

/** One evaluation of one learner: E episodes in the current world. */
export interface EvalPoint {
  tick: number;
  learner: string;
  /** Demonstrated samples seen when the evaluation started. */
  samples: number;
  success: number;
  meanReturn: number;
}

/** A marker on the shared time axis where a shift was injected. */
export interface ShiftMarker {
  tick: number;
  label: string;
}

/** Posterior shrinkage of one Bayesian layer at one tick: mean of σ/σ0 over its weights. */
export interface ShrinkPoint {
  tick: number;
  layer: string;
  ratio: number;
}

/** The agent's action at one tick: predictive mean and std, and the expert's action. */
export interface ActionPoint {
  tick: number;
  mean: number;
  std: number;
  expert: number;
}

/** The compute backend in use. */
export interface BackendInfo {
  name: string;
  /** Float precision of the backend in bits (16 on webgl without float32 textures). */
  precision: number;
  /** KBT updates per second, measured over the last second of running. */
  updatesPerSec: number;
  /** Mean wall time of one KBT update, ms. */
  updateMs: number;
  /** Per-backend time of one update when 'auto' measured them, ms. */
  measured: Record<string, number>;
}

/** A compact, self-contained view of the session, sent at most 30 times per second. */
export interface Snapshot {
  tick: number;
  episode: number;
  episodeStep: number;
  samplesSeen: number;
  updates: number;
  /** Updates (or tokens) rejected by a numerical guard since reset. */
  rejected: number;
  running: boolean;
  ticksPerSecond: number;
  seed: number;
  backend: BackendInfo;
  world: { state: State; force: number; params: WorldParams; failed: boolean };
  action: { mean: number; std: number; epistemicStd: number; expert: number };
  settings: KbtSettings;
  bayesianLayers: LayerName[];
  allLayers: LayerName[];
  /** Mean attention weights of the agent's current context, [layers][heads][T][T] flattened. */
  attention: {
    layers: number;
    heads: number;
    tokens: number;
    labels: string[];
    weights: number[];
  } | null;
  /** Points produced since the previous snapshot; the store appends them to its histories. */
  fresh: {
    actions: ActionPoint[];
    evals: EvalPoint[];
    shrink: ShrinkPoint[];
    shifts: ShiftMarker[];
    /** KBT's innovation per demonstrated sample (posterior inspector). */
    innovation?: InnovationPoint[];
    /** Information per Bayesian layer per update, sent at the inspector's rate. */
    info?: InfoPoint[];
    /** Values of the pinned weights, sent at the inspector's rate. */
    pinned?: PinnedPoint[];
    /** Per learner per demonstrated sample: the prediction made before learning from it. */
    calib: CalibPoint[];
  };
  /** Heat maps of the posterior, only while the inspector shows them (at a low rate). */
  posterior?: PosteriorView | null;
  /** Specs of the learners running side by side. */
  learners: string[];
  /** Per learner: mean update time and bytes kept. */
  learnerStats: LearnerStat[];
  /** Human-readable warnings (guards tripped, bad input clamped), newest last. */
  warnings: string[];
}

/** Messages the worker sends to the UI. */
export type WorkerMessage =
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'error'; message: string }
  | { type: 'status'; message: string };
