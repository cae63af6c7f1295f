/**
 * Messages of the posterior inspector (issue 4): the command saying whether the inspector is
 * showing and which weights are pinned, the heat-map view of every Bayesian layer, the traces
 * of pinned weights and the per-update filter diagnostics. Imported by src/protocol.ts.
 */

/** Most weights pinned at once. */
export const MAX_PINNED = 6;

/** One weight of a Bayesian layer: output neuron `row`, input `col` (the last col is the bias). */
export interface WeightRef {
  layer: string;
  row: number;
  col: number;
}

/**
 * Tell the worker what the inspector needs: heat maps only while it is `visible` (sent at a
 * low rate), and a trace point of every pinned weight with each snapshot.
 */
export interface InspectCommand {
  type: 'inspect';
  visible: boolean;
  pinned: WeightRef[];
}

/**
 * One Bayesian layer's posterior as two heat maps, row-major [rows, cols]: the mean shift
 * (μ − μ0)/σ0 and the std ratio σ/σ0, per weight. Large layers are averaged over blocks of
 * `stride` × `stride` weights (then `stride` > 1 and rows, cols are the reduced sizes).
 */
export interface LayerHeatmap {
  layer: string;
  /** Size of the layer itself: output neurons and inputs plus the bias. */
  dout: number;
  din1: number;
  rows: number;
  cols: number;
  stride: number;
  meanShift: Float32Array;
  stdRatio: Float32Array;
}

/** The heat maps of every Bayesian layer at one tick. */
export interface PosteriorView {
  tick: number;
  updates: number;
  layers: LayerHeatmap[];
}

/** A pinned weight at one tick: its posterior mean and std, and its prior mean and std. */
export interface PinnedPoint {
  tick: number;
  /** `${layer}[${row},${col}]`, see weightKey. */
  key: string;
  mean: number;
  std: number;
  mu0: number;
  sigma0: number;
}

/**
 * The KBT filter's diagnostics for one demonstrated sample, before it learned from it:
 * innovation e = y − ŷ with its predicted variance S = v_y + R, and NIS = e²/S.
 */
export interface InnovationPoint {
  tick: number;
  innovation: number;
  S: number;
  nis: number;
}

/**
 * Information one update gave one layer, nats: ½ log det(Σ_before / Σ_after) summed over the
 * layer's neurons, from the rank-1 steps (full mode: Σ_t −½ log(1 − m̄ᵀCm̄/S); diag mode: the
 * diagonal's own ratio), before the variance floor.
 */
export interface InfoPoint {
  tick: number;
  layer: string;
  nats: number;
}

/** The key naming one weight in traces and histories: 'head[0,12]'. */
export function weightKey(w: WeightRef): string {
  return `${w.layer}[${w.row},${w.col}]`;
}
