import { useEffect, useRef, useState } from 'react';
import { labStore, type LabState } from '../../src/store/store';

/** How often the inspector's charts redraw while data streams in, ms. */
export const INSPECT_REDRAW_MS = 250;

/**
 * Reads a slice of the store at most every `ms` milliseconds (default INSPECT_REDRAW_MS): the
 * inspector's seven charts redrawn every frame cost more than the page can spare on a slow
 * machine, and their data arrives at four updates a second anyway.
 */
export function useSampled<T>(selector: (state: LabState) => T, ms = INSPECT_REDRAW_MS): T {
  const [value, setValue] = useState(() => selector(labStore.getState()));
  const latest = useRef(selector);
  useEffect(() => {
    latest.current = selector;
  });
  useEffect(() => {
    const timer = setInterval(() => {
      const next = latest.current(labStore.getState());
      setValue((prev) => (Object.is(prev, next) ? prev : next));
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
  return value;
}
