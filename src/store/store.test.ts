import { beforeEach, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import type { Command, Snapshot } from '../protocol';
import { NOMINAL } from '../world/params';
import {
  ACTION_CAP,
  EVAL_CAP,
  SHRINK_CAP,
  appendColumns,
  createLabStore,
  type LabState,
} from './store';

/** A minimal valid snapshot at `tick` with the given fresh points. */
function snap(tick: number, fresh: Partial<Snapshot['fresh']> = {}): Snapshot {
  return {
    tick,
    episode: 0,
    episodeStep: tick,
    samplesSeen: tick,
    updates: tick,
    rejected: 0,
    running: true,
    ticksPerSecond: 60,
    seed: 1,
    backend: { name: 'cpu', precision: 32, updatesPerSec: 0, updateMs: 0, measured: {} },
    world: { state: [0, 0, 0, 0], force: 0, params: { ...NOMINAL }, failed: false },
    action: { mean: 0, std: 0.1, epistemicStd: 0.05, expert: 0 },
    settings: {
      sigma0: 0.01,
      obsNoise: 0.01,
      processNoise: 0,
      layers: ['head'],
      softmaxOrder: 1,
      covariance: 'full',
    },
    bayesianLayers: ['head'],
    allLayers: ['head'],
    attention: null,
    fresh: { actions: [], evals: [], shrink: [], shifts: [], calib: [], ...fresh },
    learners: ['kbt', 'frozen'],
    learnerStats: [],
    warnings: [],
  };
}

/** Action points for ticks [from, to). */
function actions(from: number, to: number) {
  const out = [];
  for (let t = from; t < to; t++) out.push({ tick: t, mean: t / 10, std: 0.1, expert: 0 });
  return out;
}

let store: StoreApi<LabState>;
let sent: Command[];

beforeEach(() => {
  store = createLabStore();
  sent = [];
  store.getState().setTransport((c) => sent.push(c));
});

describe('appendColumns', () => {
  it('leaves the input columns untouched', () => {
    const cols = { tick: [1, 2], v: [10, 20] };
    const out = appendColumns(cols, [{ tick: 3, v: 30 }], 10, 'window');
    expect(cols.tick).toEqual([1, 2]);
    expect(out).toEqual({ tick: [1, 2, 3], v: [10, 20, 30] });
  });

  it('keeps the newest rows in window mode', () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ tick: i }));
    expect(appendColumns({ tick: [] }, rows, 5, 'window').tick).toEqual([2, 3, 4, 5, 6]);
  });

  it('drops every other row when full in halve mode, keeping the first row', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ tick: i }));
    expect(appendColumns({ tick: [] }, rows, 4, 'halve').tick).toEqual([0, 2, 4]);
  });
});

describe('store histories', () => {
  it('appends fresh action points from each snapshot', () => {
    store.getState().receive({ type: 'snapshot', snapshot: snap(3, { actions: actions(0, 3) }) });
    store.getState().receive({ type: 'snapshot', snapshot: snap(5, { actions: actions(3, 5) }) });
    const a = store.getState().histories.actions;
    expect(a.tick).toEqual([0, 1, 2, 3, 4]);
    expect(a.mean[4]).toBeCloseTo(0.4, 12);
    expect(store.getState().snapshot?.tick).toBe(5);
  });

  it('caps actions to the newest ACTION_CAP points', () => {
    const n = ACTION_CAP + 150;
    store.getState().receive({ type: 'snapshot', snapshot: snap(n, { actions: actions(0, n) }) });
    const a = store.getState().histories.actions;
    expect(a.tick.length).toBe(ACTION_CAP);
    expect(a.tick[0]).toBe(150);
    expect(a.tick[ACTION_CAP - 1]).toBe(n - 1);
  });

  it('groups evaluations per learner and downsamples when full', () => {
    const evals = [];
    for (let t = 0; t <= EVAL_CAP; t++) {
      evals.push({ tick: t, samples: t, learner: 'frozen', success: 0.5, meanReturn: 100 });
      if (t < 3) evals.push({ tick: t, samples: t, learner: 'kbt', success: 1, meanReturn: 200 });
    }
    store.getState().receive({ type: 'snapshot', snapshot: snap(EVAL_CAP, { evals }) });
    const h = store.getState().histories.evals;
    expect(Object.keys(h)).toEqual(['frozen', 'kbt']);
    expect(h.kbt.tick).toEqual([0, 1, 2]);
    // Full at EVAL_CAP points: halved to EVAL_CAP / 2, then the last point appended.
    expect(h.frozen.tick.length).toBe(EVAL_CAP / 2 + 1);
    expect(h.frozen.tick[0]).toBe(0);
    expect(h.frozen.tick[h.frozen.tick.length - 1]).toBe(EVAL_CAP);
  });

  it('keeps shrinkage under SHRINK_CAP over a long run while spanning the whole run', () => {
    for (let t = 0; t < 3 * SHRINK_CAP; t += 10) {
      const shrink = [];
      for (let k = t; k < t + 10; k++) shrink.push({ tick: k, layer: 'head', ratio: 0.9 });
      store.getState().receive({ type: 'snapshot', snapshot: snap(t + 10, { shrink }) });
    }
    const h = store.getState().histories.shrink.head;
    expect(h.tick.length).toBeLessThanOrEqual(SHRINK_CAP);
    expect(h.tick[0]).toBe(0);
    expect(h.tick[h.tick.length - 1]).toBe(3 * SHRINK_CAP - 1);
  });

  it('collects shift markers', () => {
    const shifts = [{ tick: 4, label: 'heavy pole' }];
    store.getState().receive({ type: 'snapshot', snapshot: snap(4, { shifts }) });
    store.getState().receive({ type: 'snapshot', snapshot: snap(6) });
    expect(store.getState().histories.shifts).toEqual(shifts);
  });

  it('shares unchanged histories when a snapshot has no fresh points', () => {
    store.getState().receive({ type: 'snapshot', snapshot: snap(3, { actions: actions(0, 3) }) });
    const before = store.getState().histories;
    store.getState().receive({ type: 'snapshot', snapshot: snap(3) });
    expect(store.getState().histories).toBe(before);
  });
});

describe('store reset', () => {
  it('clears histories when the worker reports tick 0 after a reset', () => {
    const s = store.getState();
    s.receive({ type: 'snapshot', snapshot: snap(3, { actions: actions(0, 3) }) });
    s.send({ type: 'reset', seed: 7 });
    expect(sent).toEqual([{ type: 'reset', seed: 7 }]);
    expect(store.getState().resetPending).toBe(true);

    // A snapshot already in flight before the reset is still appended.
    s.receive({ type: 'snapshot', snapshot: snap(4, { actions: actions(3, 4) }) });
    expect(store.getState().histories.actions.tick).toEqual([0, 1, 2, 3]);

    s.receive({ type: 'snapshot', snapshot: snap(0, { shifts: [{ tick: 0, label: 'x' }] }) });
    const h = store.getState().histories;
    expect(h.actions.tick).toEqual([]);
    expect(h.shifts).toEqual([{ tick: 0, label: 'x' }]);
    expect(store.getState().resetPending).toBe(false);
  });

  it('drops fresh points of the old run that arrive with the first snapshot after a reset', () => {
    const s = store.getState();
    s.receive({ type: 'snapshot', snapshot: snap(10, { actions: actions(0, 10) }) });
    s.send({ type: 'reset' });
    s.receive({ type: 'snapshot', snapshot: snap(0, { actions: actions(10, 12) }) });
    expect(store.getState().histories.actions.tick).toEqual([]);
  });

  it('keeps histories across tick-0 snapshots when no reset was sent', () => {
    const s = store.getState();
    s.receive({ type: 'snapshot', snapshot: snap(0, { shifts: [{ tick: 0, label: 'a' }] }) });
    s.receive({ type: 'snapshot', snapshot: snap(0, { shifts: [{ tick: 0, label: 'b' }] }) });
    expect(store.getState().histories.shifts.map((m) => m.label)).toEqual(['a', 'b']);
  });

  it('clears histories when ticks run backwards', () => {
    const s = store.getState();
    s.receive({ type: 'snapshot', snapshot: snap(50, { actions: actions(0, 50) }) });
    s.receive({ type: 'snapshot', snapshot: snap(2, { actions: actions(0, 2) }) });
    expect(store.getState().histories.actions.tick).toEqual([0, 1]);
  });
});

describe('store errors', () => {
  it('records worker errors, deduplicated with a count', () => {
    const s = store.getState();
    s.receive({ type: 'error', message: 'NaN in head' });
    s.receive({ type: 'error', message: 'NaN in head' });
    s.receive({ type: 'error', message: 'other' });
    expect(store.getState().errors).toEqual([
      { source: 'worker', message: 'NaN in head', count: 2 },
      { source: 'worker', message: 'other', count: 1 },
    ]);
  });

  it('reports a send without a worker instead of dropping it silently', () => {
    const s = store.getState();
    s.setTransport(null);
    s.send({ type: 'play' });
    expect(store.getState().errors[0].message).toMatch(/not connected/);
  });

  it('reports malformed and unknown messages', () => {
    const s = store.getState();
    s.receive({ type: 'snapshot', snapshot: null as unknown as Snapshot });
    s.receive({ type: 'bogus' } as never);
    expect(store.getState().errors.map((e) => e.message)).toEqual([
      'received a malformed snapshot (ignored)',
      'unknown message: {"type":"bogus"}',
    ]);
    expect(store.getState().snapshot).toBeNull();
  });

  it('keeps the newest status line', () => {
    store.getState().receive({ type: 'status', message: 'loading weights' });
    expect(store.getState().status).toBe('loading weights');
  });
});

describe('store warnings', () => {
  /** A snapshot at `tick` carrying `warnings`. */
  const warned = (tick: number, warnings: string[]) => ({ ...snap(tick), warnings });

  it('gathers warnings from snapshots that carry only new ones', () => {
    const s = store.getState();
    s.receive({ type: 'snapshot', snapshot: warned(1, ['a']) });
    s.receive({ type: 'snapshot', snapshot: warned(2, []) });
    s.receive({ type: 'snapshot', snapshot: warned(3, ['b', 'a']) });
    expect(store.getState().warnings).toEqual([
      { message: 'a', count: 2 },
      { message: 'b', count: 1 },
    ]);
  });

  it('does not count again a list that a snapshot repeats', () => {
    const s = store.getState();
    s.receive({ type: 'snapshot', snapshot: warned(1, ['a']) });
    s.receive({ type: 'snapshot', snapshot: warned(2, ['a']) });
    s.receive({ type: 'snapshot', snapshot: warned(3, ['a', 'b']) });
    expect(store.getState().warnings).toEqual([
      { message: 'a', count: 1 },
      { message: 'b', count: 1 },
    ]);
  });

  it('clears errors and warnings on request', () => {
    const s = store.getState();
    s.receive({ type: 'snapshot', snapshot: warned(1, ['a']) });
    s.receive({ type: 'error', message: 'x' });
    s.clearMessages();
    expect(store.getState().warnings).toEqual([]);
    expect(store.getState().errors).toEqual([]);
  });
});
