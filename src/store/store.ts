/**
 * The UI store: the newest worker snapshot, bounded columnar histories built from each
 * snapshot's `fresh` points, an error list, and `send` for commands. The core is a vanilla
 * zustand store (no React), so it runs in Node tests; components bind to it with `useLab`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type {
  ActionPoint,
  BackendChoice,
  Command,
  ShiftMarker,
  Snapshot,
  WorkerMessage,
} from '../protocol';
import type { PosteriorView } from '../messages/inspect';
import { appendInspect, emptyInspectHistories, type InspectHistories } from './inspectHistories';
import { appendCalib, type CalibHistories } from './calibHistories';

/** Most recent action points kept (a sliding window). */
export const ACTION_CAP = 600;
/** Evaluation points kept per learner; when full, every other point is dropped. */
export const EVAL_CAP = 2000;
/** Shrinkage points kept per layer; when full, every other point is dropped. */
export const SHRINK_CAP = 2000;
/** Shift markers kept (oldest dropped first). */
export const SHIFT_CAP = 500;
/** Distinct error and warning messages kept, each (oldest dropped first). */
export const ERROR_CAP = 100;

/** The agent's action per tick, as parallel columns (action units, −1..1 is the actuator range). */
export interface ActionHistory {
  tick: number[];
  mean: number[];
  std: number[];
  expert: number[];
}

/** One learner's evaluations: success rate in [0, 1] and mean episode return. */
export interface EvalHistory {
  tick: number[];
  /** Demonstrated samples seen when each evaluation started. */
  samples: number[];
  success: number[];
  meanReturn: number[];
}

/** One Bayesian layer's posterior shrinkage σ/σ0 (dimensionless) over ticks. */
export interface ShrinkHistory {
  tick: number[];
  ratio: number[];
}

/** Everything the charts draw over time. Arrays are never mutated after publication. */
export interface Histories {
  actions: ActionHistory;
  /** Keyed by learner name, in order of first appearance. */
  evals: Record<string, EvalHistory>;
  /** Keyed by layer name, in order of first appearance. */
  shrink: Record<string, ShrinkHistory>;
  shifts: ShiftMarker[];
  /** The posterior inspector's innovation, information and pinned-weight traces. */
  inspect: InspectHistories;
  /** Per learner: recent predictions and NLL per chunk of samples (calibration tab). */
  calib: CalibHistories;
}

/** A distinct error with how often it was reported. */
export interface ErrorEntry {
  /** Where it came from, e.g. 'worker' or 'store'. */
  source: string;
  message: string;
  count: number;
}

/** A distinct warning from the session with how many snapshots newly reported it. */
export interface WarningEntry {
  message: string;
  count: number;
}

/** The store's state and actions. */
export interface LabState {
  /** The newest snapshot, or null before the worker's first one. */
  snapshot: Snapshot | null;
  /** The newest posterior heat maps (sent only while the inspector shows), null after reset. */
  posterior: PosteriorView | null;
  histories: Histories;
  errors: ErrorEntry[];
  /** The session's warnings, gathered over all snapshots (a snapshot may carry only new ones). */
  warnings: WarningEntry[];
  /** The newest status line from the worker (e.g. "loading weights…"). */
  status: string | null;
  /** True between sending a reset and seeing the worker's tick-0 snapshot. */
  resetPending: boolean;
  /** The backend choice last sent to the worker ('auto' until one is sent). */
  backendChoice: BackendChoice;
  /** Sends a command to the worker; reports an error if no worker is connected. */
  send: (command: Command) => void;
  /** Handles one message from the worker. */
  receive: (message: WorkerMessage) => void;
  /** Records an error (deduplicated by source and message). */
  reportError: (source: string, message: string) => void;
  /** Forgets all errors and warnings shown so far. */
  clearMessages: () => void;
  /** Connects (or, with null, disconnects) the function that posts commands to the worker. */
  setTransport: (transport: ((command: Command) => void) | null) => void;
}

/** Empty histories, the state after start and after each reset. */
export function emptyHistories(): Histories {
  return {
    actions: { tick: [], mean: [], std: [], expert: [] },
    evals: {},
    shrink: {},
    shifts: [],
    inspect: emptyInspectHistories(),
    calib: {},
  };
}

/**
 * Appends rows to columns and returns new columns (the input is left untouched).
 * 'window' keeps the newest `cap` rows; 'halve' drops every other row whenever the columns are
 * full, so the whole run stays visible at a coarser resolution.
 */
export function appendColumns<K extends string>(
  columns: Record<K, number[]>,
  rows: readonly Record<K, number>[],
  cap: number,
  mode: 'window' | 'halve',
): Record<K, number[]> {
  if (rows.length === 0) return columns;
  const keys = Object.keys(columns) as K[];
  let out = {} as Record<K, number[]>;
  for (const key of keys) out[key] = columns[key].slice();

  for (const row of rows) {
    if (mode === 'halve' && out[keys[0]].length >= cap) out = everyOther(out, keys);
    for (const key of keys) out[key].push(row[key]);
  }

  // Sliding window: drop the oldest rows beyond the cap.
  const excess = out[keys[0]].length - cap;
  if (mode === 'window' && excess > 0) for (const key of keys) out[key].splice(0, excess);
  return out;
}

/** Keeps rows 0, 2, 4, … of every column. */
function everyOther<K extends string>(columns: Record<K, number[]>, keys: K[]) {
  const out = {} as Record<K, number[]>;
  for (const key of keys) out[key] = columns[key].filter((_, i) => i % 2 === 0);
  return out;
}

/** Groups points by a string key, keeping the order of first appearance. */
function groupBy<T>(points: readonly T[], key: (p: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const p of points) {
    const k = key(p);
    const list = groups.get(k);
    if (list) list.push(p);
    else groups.set(k, [p]);
  }
  return groups;
}

/** Returns histories with a snapshot's fresh points appended; unchanged parts are shared. */
export function appendFresh(histories: Histories, fresh: Snapshot['fresh']): Histories {
  const actions = appendColumns<keyof ActionPoint>(
    histories.actions,
    fresh.actions,
    ACTION_CAP,
    'window',
  );

  // Evaluations, one history per learner.
  let evals = histories.evals;
  if (fresh.evals.length > 0) {
    evals = { ...evals };
    for (const [learner, points] of groupBy(fresh.evals, (p) => p.learner)) {
      const prev = evals[learner] ?? { tick: [], samples: [], success: [], meanReturn: [] };
      evals[learner] = appendColumns<keyof EvalHistory>(prev, points, EVAL_CAP, 'halve');
    }
  }

  // Shrinkage, one history per layer.
  let shrink = histories.shrink;
  if (fresh.shrink.length > 0) {
    shrink = { ...shrink };
    for (const [layer, points] of groupBy(fresh.shrink, (p) => p.layer)) {
      const prev = shrink[layer] ?? { tick: [], ratio: [] };
      shrink[layer] = appendColumns<keyof ShrinkHistory>(prev, points, SHRINK_CAP, 'halve');
    }
  }

  const shifts =
    fresh.shifts.length > 0
      ? [...histories.shifts, ...fresh.shifts].slice(-SHIFT_CAP)
      : histories.shifts;

  const inspect = appendInspect(histories.inspect, fresh);
  const calib = appendCalib(histories.calib, fresh.calib ?? []);

  const unchanged =
    actions === histories.actions &&
    evals === histories.evals &&
    shrink === histories.shrink &&
    shifts === histories.shifts &&
    inspect === histories.inspect &&
    calib === histories.calib;
  return unchanged ? histories : { actions, evals, shrink, shifts, inspect, calib };
}

/** Whether a snapshot starts a new run, so the histories must be cleared first. */
export function startsNewRun(
  snapshot: Snapshot,
  previous: Snapshot | null,
  resetPending: boolean,
): boolean {
  if (resetPending && snapshot.tick === 0) return true;
  // Time never runs backwards within one run (e.g. the worker restarted or reset on its own).
  return previous !== null && snapshot.tick < previous.tick;
}

/**
 * The warnings of `next` that are new: a snapshot may repeat the previous snapshot's list and
 * append to it (then only the appended ones are new) or carry only fresh ones.
 */
export function newWarnings(previous: readonly string[], next: readonly string[]): string[] {
  const isPrefix = previous.length <= next.length && previous.every((w, i) => next[i] === w);
  return isPrefix ? next.slice(previous.length) : next.slice();
}

/** Adds messages to a deduplicated list with counts, keeping at most ERROR_CAP entries. */
function addWarnings(list: WarningEntry[], messages: readonly string[]): WarningEntry[] {
  if (messages.length === 0) return list;
  const out = list.slice();
  for (const message of messages) {
    const i = out.findIndex((w) => w.message === message);
    if (i >= 0) out[i] = { message, count: out[i].count + 1 };
    else out.push({ message, count: 1 });
  }
  return out.slice(-ERROR_CAP);
}

/** The fresh points at or before `tick`: after a reset, later ones belong to the old run. */
function freshSince(fresh: Snapshot['fresh'], tick: number): Snapshot['fresh'] {
  const keep = <T extends { tick: number }>(points: T[]) => points.filter((p) => p.tick <= tick);
  return {
    actions: keep(fresh.actions),
    evals: keep(fresh.evals),
    shrink: keep(fresh.shrink),
    shifts: keep(fresh.shifts),
    calib: keep(fresh.calib ?? []),
    innovation: fresh.innovation && keep(fresh.innovation),
    info: fresh.info && keep(fresh.info),
    pinned: fresh.pinned && keep(fresh.pinned),
  };
}

/** Whether a value looks like a snapshot message's payload, so a malformed one is reported. */
function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Snapshot>;
  return typeof s.tick === 'number' && typeof s.fresh === 'object' && s.fresh !== null;
}

/** Creates an independent store (one per app; tests make their own). */
export function createLabStore(): StoreApi<LabState> {
  let transport: ((command: Command) => void) | null = null;

  return createStore<LabState>()((set, get) => ({
    snapshot: null,
    posterior: null,
    histories: emptyHistories(),
    errors: [],
    warnings: [],
    status: null,
    resetPending: false,
    backendChoice: 'auto',

    send(command) {
      if (!transport) {
        get().reportError('store', `cannot send '${command.type}': the worker is not connected`);
        return;
      }
      try {
        transport(command);
      } catch (err) {
        get().reportError('store', `sending '${command.type}' failed: ${String(err)}`);
        return;
      }
      if (command.type === 'reset') set({ resetPending: true });
      if (command.type === 'backend') set({ backendChoice: command.choice });
    },

    receive(message) {
      switch (message?.type) {
        case 'snapshot': {
          const snapshot = message.snapshot;
          if (!isSnapshot(snapshot)) {
            get().reportError('worker', 'received a malformed snapshot (ignored)');
            return;
          }
          const { histories, snapshot: previous, resetPending, warnings } = get();
          const fresh = startsNewRun(snapshot, previous, resetPending);
          const base = fresh ? emptyHistories() : histories;
          const points = fresh ? freshSince(snapshot.fresh, snapshot.tick) : snapshot.fresh;
          const added = newWarnings(previous?.warnings ?? [], snapshot.warnings ?? []);
          const view = snapshot.posterior ?? (fresh ? null : get().posterior);
          set({
            snapshot,
            posterior: view && view.tick <= snapshot.tick ? view : null,
            histories: appendFresh(base, points),
            resetPending: fresh ? false : resetPending,
            warnings: addWarnings(warnings, added),
          });
          return;
        }
        case 'error':
          get().reportError('worker', message.message);
          return;
        case 'status':
          set({ status: message.message });
          return;
        default:
          get().reportError('worker', `unknown message: ${safeStringify(message).slice(0, 200)}`);
      }
    },

    reportError(source, message) {
      const errors = get().errors;
      const i = errors.findIndex((e) => e.source === source && e.message === message);
      if (i >= 0) {
        const next = errors.slice();
        next[i] = { ...errors[i], count: errors[i].count + 1 };
        set({ errors: next });
      } else {
        set({ errors: [...errors, { source, message, count: 1 }].slice(-ERROR_CAP) });
      }
    },

    clearMessages() {
      set({ errors: [], warnings: [] });
    },

    setTransport(next) {
      transport = next;
    },
  }));
}

/** JSON of a value, or its String() when it cannot be serialised. */
function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The app's store. */
export const labStore = createLabStore();

/** React binding: re-renders when the selected slice changes (compared with Object.is). */
export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(labStore, selector);
}
