/** Helpers for drawing columnar series honestly: finite points only, nearest-point lookup. */

/** Number of entries of `values` that are not finite (these are never drawn). */
export function countNonFinite(...columns: readonly (readonly number[])[]): number {
  let n = 0;
  for (const col of columns) for (const v of col) if (!Number.isFinite(v)) n++;
  return n;
}

/** Index of the entry of a sorted column nearest to `value`, or -1 when it is empty. */
export function nearestIndex(sorted: readonly number[], value: number): number {
  if (sorted.length === 0) return -1;
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[hi] - value) < Math.abs(sorted[lo] - value) ? hi : lo;
}

/** First index whose entry is ≥ `value` in a sorted column (its length when none is). */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The shared time axis of the success and posterior charts: ticks from 0 to the current tick
 * mapped onto [0, width] px, identical in every chart that uses it.
 */
export function timeDomain(currentTick: number): [number, number] {
  return [0, Math.max(1, Number.isFinite(currentTick) ? currentTick : 0)];
}
