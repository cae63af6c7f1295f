/**
 * Connects the softmax lab's store to its worker: whenever the lab's inputs change, one
 * request per animation frame (the newest inputs) goes to the worker, and its replies go to
 * the store. The worker is started once, on first use, and kept for the page's lifetime.
 */
import type { StoreApi, UseBoundStore } from 'zustand';
import { SCALE_RANGE } from '../lab/labCase';
import type { LabReply, LabRequest } from '../lab/labProtocol';
import { logScales } from '../lab/labSweep';
import { SWEEP_MAX_SAMPLES, labBase, useSoftmaxLab, type SoftmaxLabState } from './softmaxLabStore';

/** Scales the error curve visits: 26 points, 5 per decade, over the scale slider's range. */
export const SWEEP_SCALES = logScales(SCALE_RANGE[0], SCALE_RANGE[1], 26);

/** Starts the lab worker (a module worker bundled by Vite). */
function startLabWorker(): Worker {
  return new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module' });
}

/** The request for the store's current inputs. */
export function requestOf(s: SoftmaxLabState, id: number): LabRequest {
  return {
    type: 'compute',
    id,
    base: labBase(s),
    scale: s.scale,
    samples: s.samples,
    sweepSamples: Math.min(s.samples, SWEEP_MAX_SAMPLES),
    sweepScales: SWEEP_SCALES,
    seed: s.seed,
  };
}

/** The inputs a request depends on (a change in any of them asks for a new answer). */
function inputsOf(s: SoftmaxLabState): readonly unknown[] {
  return [s.loaded, s.loadedMeans, s.custom, s.scale, s.samples, s.seed];
}

/** Schedules a callback for the next frame (or soon, where there are no frames). */
const nextFrame: (cb: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (cb) => requestAnimationFrame(() => cb())
    : (cb) => setTimeout(cb, 16);

let stopShared: (() => void) | null = null;

/**
 * Wires a store to a lab worker; returns a function that disconnects and stops the worker.
 * `makeWorker` exists for tests.
 */
export function connectLabWorker(
  store: UseBoundStore<StoreApi<SoftmaxLabState>> = useSoftmaxLab,
  makeWorker: () => Worker = startLabWorker,
): () => void {
  let worker: Worker;
  try {
    worker = makeWorker();
  } catch (err) {
    store.getState().receive({ type: 'error', id: -1, message: `lab worker: ${String(err)}` });
    return () => {};
  }
  worker.addEventListener('message', (e: MessageEvent<LabReply>) =>
    store.getState().receive(e.data),
  );
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    store.getState().receive({ type: 'error', id: -1, message: `lab worker: ${e.message}` });
  });

  // One request per frame, with the inputs as they are when the frame comes.
  let pending = false;
  const send = () => {
    pending = false;
    const s = store.getState();
    worker.postMessage(requestOf(s, s.nextRequest()));
  };
  const schedule = () => {
    if (pending) return;
    pending = true;
    nextFrame(send);
  };
  let last = inputsOf(store.getState());
  const unsubscribe = store.subscribe((s) => {
    const now = inputsOf(s);
    if (now.every((v, i) => v === last[i])) return;
    last = now;
    schedule();
  });
  schedule();

  return () => {
    unsubscribe();
    worker.terminate();
  };
}

/** Starts the app's lab worker once (later calls do nothing). */
export function ensureLabWorker(): void {
  stopShared ??= connectLabWorker();
}
