/**
 * The attention panel's state: the newest attention report from the worker, the Monte Carlo
 * progress, and the panel's choices (sample count, softmax order, score mode, error view).
 * Fed by the worker client with the 'attention-*' messages; commands go through the lab store.
 */
import { create } from 'zustand';
import type { AttentionMessage, AttentionMode, AttentionReport } from '../messages/attention';
import { labStore } from './store';

/** Monte Carlo progress: samples done of total, and whether the job is still running. */
export interface McProgress {
  done: number;
  total: number;
  running: boolean;
  cancelled: boolean;
  /** Why the run stopped early when it was not the cancel button. */
  reason?: string;
}

interface AttentionState extends AttentionMode {
  report: AttentionReport | null;
  /** True when the session was reset (tick went back) after the shown report was made. */
  resetSinceReport: boolean;
  /** Number of the newest Monte Carlo run: messages of older runs are dropped. */
  run: number;
  progress: McProgress | null;
  samples: number;
  errorView: 'abs' | 'signed';
  setMode: (mode: Partial<AttentionMode>) => void;
  setSamples: (samples: number) => void;
  setErrorView: (view: 'abs' | 'signed') => void;
  /** Ask the worker for the closed form in the current mode. */
  requestClosed: () => void;
  /** Start a Monte Carlo run with the current choices. */
  runMc: () => void;
  cancelMc: () => void;
  receive: (msg: AttentionMessage) => void;
}

type Set = (partial: Partial<AttentionState>) => void;

/** Cancel the running job: the progress says so at once, the worker's reply adds the count. */
function stopRun(set: Set, get: () => AttentionState, reason?: string): void {
  const progress = get().progress;
  if (progress?.running)
    set({ progress: { ...progress, running: false, cancelled: true, reason } });
  labStore.getState().send({ type: 'attention-cancel' });
}

/** How the shown report's context relates to the session now (empty when it is current). */
export function staleness(report: AttentionReport, tickNow: number | null, reset: boolean): string {
  if (reset) {
    return ' The session has been reset since: these maps are the old session’s context; press Refresh closed form for the new one.';
  }
  if (tickNow !== null && tickNow !== report.tick) {
    return ` The agent has moved on to tick ${tickNow}: these maps are for tick ${report.tick}.`;
  }
  return '';
}

/** True for the worker messages this store consumes. */
export function isAttentionMessage(msg: unknown): msg is AttentionMessage {
  const type = (msg as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('attention-');
}

export const useAttention = create<AttentionState>((set, get) => ({
  order: 2,
  scores: 'diagonal',
  report: null,
  progress: null,
  resetSinceReport: false,
  run: 0,
  samples: 1000,
  errorView: 'abs',
  setMode: (mode) => {
    // A run's closed form is in the mode it started with: stop it rather than mix modes.
    if (get().progress?.running) stopRun(set, get, 'the softmax order or score mode changed');
    set(mode);
    get().requestClosed();
  },
  setSamples: (samples) => set({ samples }),
  setErrorView: (errorView) => set({ errorView }),
  requestClosed: () => {
    const { order, scores } = get();
    labStore.getState().send({ type: 'attention-closed', order, scores });
  },
  runMc: () => {
    const { order, scores, samples } = get();
    const run = get().run + 1;
    set({ run, progress: { done: 0, total: samples, running: true, cancelled: false } });
    labStore.getState().send({ type: 'attention-mc', order, scores, samples, run });
  },
  cancelMc: () => stopRun(set, get),
  receive: (msg) => {
    // Messages of an older run (one replaced or cancelled here) must not touch this one.
    const stale = msg.run !== undefined && msg.run !== get().run;
    switch (msg.type) {
      case 'attention-progress':
        if (stale || !get().progress?.running) return;
        set({ progress: { done: msg.done, total: msg.total, running: true, cancelled: false } });
        return;
      case 'attention-cancelled': {
        if (stale) return;
        const reason = msg.reason ?? get().progress?.reason;
        set({
          progress: { done: msg.done, total: msg.total, running: false, cancelled: true, reason },
        });
        return;
      }
      case 'attention-result': {
        const mc = msg.report.mc;
        // A Monte Carlo result of a run that was replaced or cancelled meanwhile is dropped.
        if (mc && (stale || !get().progress?.running)) return;
        const progress = mc
          ? { done: mc.samples, total: mc.samples, running: false, cancelled: false }
          : get().progress;
        // A closed-form answer (mc null) is for the current context: it replaces the old report.
        set({ report: msg.report, progress, resetSinceReport: false });
        return;
      }
    }
  },
}));

// A reset (or a new seed) sends the tick back: the shown report is then the old session's.
labStore.subscribe((now, before) => {
  const [a, b] = [before.snapshot?.tick, now.snapshot?.tick];
  if (a !== undefined && b !== undefined && b < a && useAttention.getState().report) {
    useAttention.setState({ resetSinceReport: true });
  }
});
