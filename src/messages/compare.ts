/**
 * Messages for comparing learners (issue 4): calibration records, per-learner costs and the
 * command choosing which learners run side by side. Imported by src/protocol.ts.
 */

/** One demonstrated sample as predicted by one learner just before it learned from it. */
export interface CalibPoint {
  tick: number;
  /** New (demonstrated) samples seen before this one. */
  samples: number;
  learner: string;
  /** Predictive mean of the action. */
  mean: number;
  /** Predictive std of the action including the observation noise R; null for point learners. */
  std: number | null;
  /** The demonstrated (expert) action. */
  y: number;
}

/** What one learner costs: mean wall time per update and bytes kept beyond the shared weights. */
export interface LearnerStat {
  learner: string;
  bayesian: boolean;
  updateMs: number;
  bytes: number;
}

/** Choose the learners that run side by side, as specs like 'kbt', 'sgd:M=100', 'bll'. */
export interface LearnersCommand {
  type: 'learners';
  specs: string[];
}
