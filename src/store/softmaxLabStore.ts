/**
 * The softmax Taylor lab's inputs and results: logit means, their covariance (the lab's own
 * equicorrelated one, or a full covariance handed over from an attention row with `loadRow`),
 * the scale, the Monte Carlo settings, and the worker's latest table and sweep. Every setter
 * checks its input (src/lab/labCase.ts) and keeps a message when it had to change it.
 */
import { create } from 'zustand';
import {
  MAX_LOGITS,
  MEAN_RANGE,
  MIN_LOGITS,
  buildCase,
  checkMean,
  checkRho,
  checkScale,
  checkVar,
  clampInput,
  equicorrelated,
  resizeInputs,
  rowProblem,
  symmetrize,
  type CustomInputs,
  type LabCase,
} from '../lab/labCase';
import type { LabReply, SweepReply, TableReply } from '../lab/labProtocol';

/** One softmax input row: labels, means and full covariance (n × n), with where it came from. */
export interface LogitRow {
  labels: string[];
  mean: number[];
  cov: number[][];
  /** e.g. "layer 1 · head 0 · query R3", or "custom". */
  source: string;
}

/** Monte Carlo sample counts the lab offers for its table. */
export const LAB_SAMPLES = [1_000, 10_000, 100_000] as const;
/** Most draws per point of the sweep (25 points; more would make dragging lag). */
export const SWEEP_MAX_SAMPLES = 20_000;

/** The softmax lab's state and its actions. */
export interface SoftmaxLabState {
  /** A row handed over from elsewhere (the attention panel), or null for the lab's own. */
  loaded: LogitRow | null;
  /** Hands the lab a row; a row that is not a valid case is refused with a message. */
  loadRow: (row: LogitRow) => void;
  /** Leaves a loaded row and returns to the lab's own inputs. */
  backToCustom: () => void;

  /** The lab's own row (kept while a loaded row is shown). */
  custom: CustomInputs;
  /** The loaded row's means as dragged in the lab (starts as the row's own). */
  loadedMeans: number[];
  /** Multiplies the covariance. */
  scale: number;
  /** Monte Carlo draws for the table. */
  samples: number;
  seed: number;

  setCount: (n: number) => void;
  setMean: (i: number, value: number) => void;
  setVar: (i: number, value: number) => void;
  setRho: (value: number) => void;
  setScale: (value: number) => void;
  setSamples: (value: number) => void;

  /** The last message about an input that had to be changed, or null. */
  note: string | null;

  /** Id of the newest request sent to the worker (0 before the first). */
  requested: number;
  /** The newest table and sweep from the worker, and its last error. */
  table: TableReply | null;
  sweep: SweepReply | null;
  error: string | null;
  /** Takes the next request id. */
  nextRequest: () => number;
  /** Takes a message from the worker. */
  receive: (reply: LabReply) => void;
}

const DEFAULT_CUSTOM: CustomInputs = {
  means: [1.5, 0.5, 0, -1],
  vars: [1, 1, 1, 1],
  rho: 0,
};

/** The logit means in effect (the loaded row's, or the lab's own). */
export function labMeans(s: Pick<SoftmaxLabState, 'loaded' | 'loadedMeans' | 'custom'>): number[] {
  return s.loaded ? s.loadedMeans : s.custom.means;
}

/** Labels of the logits in effect. */
export function labLabels(s: Pick<SoftmaxLabState, 'loaded' | 'custom'>): string[] {
  return s.loaded ? s.loaded.labels : s.custom.means.map((_, i) => `z${i + 1}`);
}

/** Range a mean may be dragged over: the lab's range, widened to hold a loaded row's means. */
export function meanBounds(s: Pick<SoftmaxLabState, 'loaded'>): [number, number] {
  const extra = s.loaded?.mean ?? [];
  return [
    Math.floor(Math.min(MEAN_RANGE[0], ...extra)),
    Math.ceil(Math.max(MEAN_RANGE[1], ...extra)),
  ];
}

/** The case before the scale: N(means, Σ) with the loaded row's Σ or the equicorrelated one. */
export function labBase(s: Pick<SoftmaxLabState, 'loaded' | 'loadedMeans' | 'custom'>): LabCase {
  const cov = s.loaded ? s.loaded.cov : equicorrelated(s.custom.vars, s.custom.rho);
  return buildCase(labMeans(s), cov, 1);
}

/** Store hook of the softmax lab. */
export const useSoftmaxLab = create<SoftmaxLabState>((set, get) => ({
  loaded: null,
  loadRow: (row) => {
    const problem = rowProblem(row.mean, row.cov);
    if (problem) {
      set({ note: `the row from ${row.source} was not loaded: ${problem}` });
      return;
    }
    set({ loaded: { ...row, cov: symmetrize(row.cov) }, loadedMeans: [...row.mean], note: null });
  },
  backToCustom: () => set({ loaded: null, loadedMeans: [], note: null }),

  custom: DEFAULT_CUSTOM,
  loadedMeans: [],
  scale: 0.25,
  samples: 10_000,
  seed: 1,

  setCount: (n) => {
    if (get().loaded) return;
    const c = clampInput(
      'logit count',
      Math.round(n),
      MIN_LOGITS,
      MAX_LOGITS,
      get().custom.means.length,
    );
    set({ custom: resizeInputs(get().custom, c.value), note: c.message });
  },
  setMean: (i, value) => {
    const s = get();
    const means = labMeans(s);
    if (i < 0 || i >= means.length) return;
    const [lo, hi] = meanBounds(s);
    const c = checkMean(i, value, means[i]);
    const v = Math.min(hi, Math.max(lo, c.value));
    const next = means.map((m, k) => (k === i ? v : m));
    if (s.loaded) set({ loadedMeans: next, note: c.message });
    else set({ custom: { ...s.custom, means: next }, note: c.message });
  },
  setVar: (i, value) => {
    const { custom } = get();
    if (i < 0 || i >= custom.vars.length) return;
    const c = checkVar(i, value, custom.vars[i]);
    set({
      custom: { ...custom, vars: custom.vars.map((v, k) => (k === i ? c.value : v)) },
      note: c.message,
    });
  },
  setRho: (value) => {
    const { custom } = get();
    const c = checkRho(custom.means.length, value, custom.rho);
    set({ custom: { ...custom, rho: c.value }, note: c.message });
  },
  setScale: (value) => {
    const c = checkScale(value, get().scale);
    set({ scale: c.value, note: c.message });
  },
  setSamples: (value) => {
    const ok = (LAB_SAMPLES as readonly number[]).includes(value);
    set(
      ok
        ? { samples: value, note: null }
        : { note: `${value} samples is not offered; kept ${get().samples}` },
    );
  },

  note: null,

  requested: 0,
  table: null,
  sweep: null,
  error: null,
  nextRequest: () => {
    const id = get().requested + 1;
    set({ requested: id });
    return id;
  },
  receive: (reply) => {
    if (reply.type === 'table') set({ table: reply, error: null });
    else if (reply.type === 'sweep') set({ sweep: reply });
    else set({ error: reply.message });
  },
}));
