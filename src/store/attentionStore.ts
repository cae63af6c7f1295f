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
}

interface AttentionState extends AttentionMode {
  report: AttentionReport | null;
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
  samples: 1000,
  errorView: 'abs',
  setMode: (mode) => {
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
    set({ progress: { done: 0, total: samples, running: true, cancelled: false } });
    labStore.getState().send({ type: 'attention-mc', order, scores, samples });
  },
  cancelMc: () => labStore.getState().send({ type: 'attention-cancel' }),
  receive: (msg) => {
    switch (msg.type) {
      case 'attention-progress':
        set({ progress: { done: msg.done, total: msg.total, running: true, cancelled: false } });
        return;
      case 'attention-cancelled':
        set({ progress: { done: msg.done, total: msg.total, running: false, cancelled: true } });
        return;
      case 'attention-result': {
        const mc = msg.report.mc;
        const progress = mc
          ? { done: mc.samples, total: mc.samples, running: false, cancelled: false }
          : get().progress;
        // A closed-form answer (mc null) is for the current context: it replaces the old report.
        set({ report: msg.report, progress });
        return;
      }
    }
  },
}));
