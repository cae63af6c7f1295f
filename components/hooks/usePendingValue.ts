import { useEffect, useState } from 'react';

/** How long a value the user chose is shown while the worker has not confirmed it, ms. */
const PENDING_MS = 5000;

/**
 * A control's value that lives in the worker: shows the user's choice at once, until the
 * worker's value changes (confirmed, or corrected) or PENDING_MS pass without an answer.
 * Returns the value to show and a setter for the user's choice.
 */
export function usePendingValue<T>(remote: T): [T, (value: T) => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  const [synced, setSynced] = useState(remote);
  if (!Object.is(remote, synced)) {
    setSynced(remote);
    setPending(null);
  }

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setPending(null), PENDING_MS);
    return () => clearTimeout(timer);
  }, [pending]);

  return [pending ? pending.value : remote, (value: T) => setPending({ value })];
}
