/**
 * Messages between the softmax lab's store and its worker (workers/lab.worker.ts). Every
 * request carries an id; the worker answers only the newest one it has seen, so a stream of
 * requests while a logit is dragged costs one computation at a time.
 */
import type { SoftmaxCaseResult } from './softmaxCase';
import type { LabCase } from './labCase';

/** The softmax case table and the error-versus-scale sweep for one setting of the lab. */
export interface LabRequest {
  type: 'compute';
  /** Increases with every request; replies name the request they answer. */
  id: number;
  /** z ~ N(mean, cov) before the scale (the sweep multiplies this covariance). */
  base: LabCase;
  /** The current scale: the table's case is N(mean, scale · cov). */
  scale: number;
  /** Monte Carlo draws for the table. */
  samples: number;
  /** Monte Carlo draws per point of the sweep (the same draws at every scale). */
  sweepSamples: number;
  /** Scales the sweep visits (ascending). */
  sweepScales: number[];
  seed: number;
}

/** The table for one request: the case at the current scale and its moments. */
export interface TableReply {
  type: 'table';
  id: number;
  /** The scale of this table. */
  scale: number;
  /** The case at that scale, exactly as passed to `softmaxCase`. */
  input: LabCase;
  result: SoftmaxCaseResult;
  /** Time the worker took, ms. */
  ms: number;
}

/**
 * Errors of both Taylor orders against Monte Carlo at every scale of the sweep, as the
 * largest absolute error over the components (typed arrays, one entry per scale).
 */
export interface SweepCurves {
  scales: Float64Array;
  /** max_i |E_k[s_i] − MC mean_i| for order k = 1, 2. */
  meanError1: Float64Array;
  meanError2: Float64Array;
  /** max_i |Var_k[s_i] − MC var_i| (the orders share a covariance, so var2 = var1 here). */
  varError1: Float64Array;
  varError2: Float64Array;
  /** max_i of the Monte Carlo standard error of the mean and of the variance. */
  meanSe: Float64Array;
  varSe: Float64Array;
  /** Draws per point. */
  samples: number;
}

/** The sweep for one request. */
export interface SweepReply {
  type: 'sweep';
  id: number;
  /** Identifies the base case and draws, so an unchanged sweep is not recomputed or redrawn. */
  key: string;
  curves: SweepCurves;
  ms: number;
}

/** A failure while answering a request (bad case, sampler failure). */
export interface LabErrorReply {
  type: 'error';
  id: number;
  message: string;
}

/** Every message the lab worker sends. */
export type LabReply = TableReply | SweepReply | LabErrorReply;

/** The sweep's key: the base case, the draws and the scales visited. */
export function sweepKey(req: Omit<LabRequest, 'type' | 'id' | 'scale' | 'samples'>): string {
  return JSON.stringify([req.base, req.sweepSamples, req.sweepScales, req.seed]);
}
