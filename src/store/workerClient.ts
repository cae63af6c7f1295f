/**
 * Connects the store to the session worker: starts the worker, posts the store's commands to
 * it, forwards its messages to the store, and reports every worker failure as a store error.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { BackendChoice, Command, WorkerMessage } from '../protocol';
import { labStore, type LabState } from './store';
import { isAttentionMessage, useAttention } from './attentionStore';

/** Starts the session worker (a module worker bundled by Vite). */
function startSessionWorker(): Worker {
  return new Worker(new URL('../../workers/session.worker.ts', import.meta.url), {
    type: 'module',
  });
}

/**
 * Starts a worker and wires it to a store. Returns a function that stops the worker and
 * disconnects it. `makeWorker` exists for tests; the app uses the session worker.
 */
export function connectWorker(
  store: StoreApi<LabState> = labStore,
  makeWorker: () => Worker = startSessionWorker,
): () => void {
  const { reportError, setTransport, receive } = store.getState();

  let worker: Worker;
  try {
    worker = makeWorker();
  } catch (err) {
    reportError('worker', `could not start the session worker: ${String(err)}`);
    return () => {};
  }

  worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
    if (isAttentionMessage(event.data)) return useAttention.getState().receive(event.data);
    receive(event.data);
  });

  // An uncaught exception inside the worker, or a script that failed to load.
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
    reportError('worker', `${event.message || 'the worker failed to load or crashed'}${where}`);
  });

  // A message that could not be deserialised.
  worker.addEventListener('messageerror', () => {
    reportError('worker', 'a message from the worker could not be deserialised');
  });

  setTransport((command) => worker.postMessage(command));
  return () => {
    setTransport(null);
    worker.terminate();
  };
}

const BACKENDS: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu'];

/**
 * Commands asked for by the page's URL, so that a run can be shared as a link:
 * `?backend=wasm` chooses the backend, `?seed=42` resets with that seed. Parameters that are
 * not valid are left out, each with a message saying what was used instead.
 */
export function commandsFromUrl(search: string): { commands: Command[]; problems: string[] } {
  const params = new URLSearchParams(search);
  const commands: Command[] = [];
  const problems: string[] = [];

  const backend = params.get('backend');
  if (backend !== null) {
    if ((BACKENDS as readonly string[]).includes(backend)) {
      commands.push({ type: 'backend', choice: backend as BackendChoice });
    } else {
      problems.push(`backend=${backend} is not one of ${BACKENDS.join(', ')}; using auto`);
    }
  }

  const seed = params.get('seed');
  if (seed !== null) {
    const value = Number(seed);
    if (seed.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 2 ** 31 - 1) {
      commands.push({ type: 'reset', seed: value });
    } else {
      problems.push(`seed=${seed} is not a whole number from 0 to 2147483647; using the default`);
    }
  }
  return { commands, problems };
}

/** Sends the commands of the page's URL through a store and reports invalid parameters. */
export function applyUrl(search: string, store: StoreApi<LabState> = labStore): void {
  const { commands, problems } = commandsFromUrl(search);
  for (const problem of problems) store.getState().reportError('url', problem);
  for (const command of commands) store.getState().send(command);
}
