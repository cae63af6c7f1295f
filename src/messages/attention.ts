/**
 * Messages of the attention panel (issue 3): the closed-form attention moments of the
 * agent's current context and a Monte Carlo check of them over the KBT posterior, run in
 * slices by the worker. Imported by src/protocol.ts.
 */

/** Softmax Taylor order and score covariance mode of the closed form to show. */
export interface AttentionMode {
  order: 1 | 2;
  scores: 'diagonal' | 'row';
}

/** Sample counts the panel offers (the worker clamps any other number into [100, 10000]). */
export const MC_SAMPLE_CHOICES = [100, 300, 1000, 3000, 10_000] as const;

/** Commands of the attention panel. */
export type AttentionCommand =
  | ({
      type: 'attention-mc';
      samples: number;
      seed?: number;
      /** The panel's number for this run, echoed in its progress, result and cancel messages. */
      run?: number;
    } & AttentionMode)
  | ({ type: 'attention-closed' } & AttentionMode)
  | { type: 'attention-cancel' };

/** Monte Carlo estimates of every attention weight, flattened like `closed.mean`. */
export interface AttentionMcStats {
  samples: number;
  mean: Float32Array;
  std: Float32Array;
  /** Standard errors of the MC mean and of the MC std. */
  seMean: Float32Array;
  seStd: Float32Array;
  /** closed − MC of the mean, and its absolute value. */
  errorSigned: Float32Array;
  errorAbs: Float32Array;
  /** closed − MC of the std. */
  stdErrorSigned: Float32Array;
}

/** The action at the newest observation token: closed form against Monte Carlo. */
export interface ActionCheck {
  mean: number;
  /** Epistemic variance (from the weights) of the moment pass. */
  epistemicVar: number;
  /** Aleatoric variance: the observation noise R. */
  aleatoricVar: number;
  /** MC over the same weight samples: mean, epistemic variance and their standard errors. */
  mc: { mean: number; variance: number; seMean: number; seVar: number } | null;
}

/**
 * Attention moments of the agent's context for every layer and head. Maps are [layers][heads]
 * [query T][key T] flattened (row-major); row covariances [layers][heads][T][T][T].
 */
export interface AttentionReport {
  tick: number;
  layers: number;
  heads: number;
  tokens: number;
  labels: string[];
  mode: AttentionMode;
  bayesianLayers: string[];
  /** 1 where key j is visible to query i, [T][T]. */
  mask: Float32Array;
  closed: { mean: Float32Array; std: Float32Array };
  /** Per query row: score means [L][h][T][T] and covariance [L][h][T][T][T]. */
  scoreMean: Float32Array;
  scoreCov: Float32Array;
  mc: AttentionMcStats | null;
  action: ActionCheck;
  /** Wall time of the job, ms. */
  ms: number;
}

/** Worker messages of the attention panel. */
export type AttentionMessage =
  | { type: 'attention-progress'; done: number; total: number; run?: number }
  | { type: 'attention-result'; report: AttentionReport; run?: number }
  | {
      type: 'attention-cancelled';
      done: number;
      total: number;
      run?: number;
      /** Why the run stopped, when it was not the cancel button (e.g. the session was reset). */
      reason?: string;
    };
