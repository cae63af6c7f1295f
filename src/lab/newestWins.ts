/**
 * A mailbox where the newest request wins: requests offered while one is being answered
 * replace each other, so only the latest waiting one is answered next, and the answer in
 * progress can ask whether it has been superseded (and stop early).
 */

/** Answers one request; `superseded()` turns true once a newer request is waiting. */
export type Answer<T> = (request: T, superseded: () => boolean) => Promise<void> | void;

/** The mailbox's one method: hand it a request. */
export interface NewestWins<T> {
  offer: (request: T) => void;
}

/**
 * Makes a mailbox that answers with `answer`, one request at a time, starting each answer
 * from a fresh task (`defer`, setTimeout by default) so that requests queued meanwhile arrive
 * first. Errors thrown by `answer` go to `onError`.
 */
export function newestWins<T>(
  answer: Answer<T>,
  onError: (error: unknown, request: T) => void,
  defer: (run: () => void) => void = (run) => setTimeout(run, 0),
): NewestWins<T> {
  let waiting: { request: T } | null = null;
  let busy = false;
  let scheduled = false;

  const run = async () => {
    scheduled = false;
    if (busy || !waiting) return;
    const { request } = waiting;
    waiting = null;
    busy = true;
    try {
      await answer(request, () => waiting !== null);
    } catch (e) {
      onError(e, request);
    } finally {
      busy = false;
      if (waiting) schedule();
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    defer(() => void run());
  };

  return {
    offer: (request) => {
      waiting = { request };
      if (!busy) schedule();
    },
  };
}
