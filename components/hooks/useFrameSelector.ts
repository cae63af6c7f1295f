import { useEffect, useRef, useState } from 'react';
import { labStore, type LabState } from '../../src/store/store';

/**
 * Reads a slice of the store and re-renders at most once per animation frame with the newest
 * value, however often the store changes. A new value that `equals` the previous one (by
 * default Object.is) is ignored, so a panel whose data did not change does not re-render.
 */
export function useFrameSelector<T>(
  selector: (state: LabState) => T,
  equals: (a: T, b: T) => boolean = Object.is,
): T {
  const [value, setValue] = useState(() => selector(labStore.getState()));
  const latest = useRef({ selector, equals });

  useEffect(() => {
    latest.current = { selector, equals };
  });

  useEffect(() => {
    let frame = 0;
    const flush = () => {
      frame = 0;
      const { selector: select, equals: same } = latest.current;
      const next = select(labStore.getState());
      setValue((prev) => (same(prev, next) ? prev : next));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(flush);
    };
    const unsubscribe = labStore.subscribe(schedule);
    schedule();
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, []);

  return value;
}

/** Equality of small plain values (numbers, strings, arrays and objects of them) by content. */
export function sameContent<T>(a: T, b: T): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
