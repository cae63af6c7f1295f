/**
 * The softmax Taylor lab's inputs: logit means and their covariance. Kept in its own small
 * store so the attention panel can hand it one attention row (scores' means and covariance)
 * and switch to the lab. The lab panel owns and extends this file.
 */
import { create } from 'zustand';

/** One softmax input row: labels, means and full covariance (n × n), with where it came from. */
export interface LogitRow {
  labels: string[];
  mean: number[];
  cov: number[][];
  /** e.g. "layer 1 · head 0 · query R3", or "custom". */
  source: string;
}

interface SoftmaxLabState {
  /** A row handed over from elsewhere (the attention panel), or null for the lab's own. */
  loaded: LogitRow | null;
  loadRow: (row: LogitRow) => void;
}

export const useSoftmaxLab = create<SoftmaxLabState>((set) => ({
  loaded: null,
  loadRow: (row) => set({ loaded: row }),
}));
