import { useEffect, useState, type RefObject } from 'react';

/** Size of an element's content box in CSS pixels, kept current with a ResizeObserver. */
export interface Size {
  width: number;
  height: number;
}

/** Tracks the size of the element behind `ref` (0×0 until it is laid out). */
export function useElementSize(ref: RefObject<HTMLElement | null>): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const box = entries[0].contentRect;
      const width = Math.floor(box.width);
      const height = Math.floor(box.height);
      setSize((prev) =>
        prev.width === width && prev.height === height ? prev : { width, height },
      );
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);

  return size;
}
