/**
 * The y-range of a log-scaled error plot: from a power of ten at or below the smallest value
 * to one at or above the largest, so at least two labelled decade ticks always show (a flat
 * curve at 2e-8 otherwise gets a range of 1e-8…4e-8 with no power of ten, hence no labels).
 */

/** Decade-aligned [lo, hi] over the finite values above `floor`; [1e-6, 1] when there are none. */
export function decadeDomain(values: readonly number[], floor: number): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v) && v > floor);
  if (finite.length === 0) return [1e-6, 1];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...finite) / 2));
  let hi = 10 ** Math.ceil(Math.log10(Math.max(...finite) * 2));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}
