/** Summary statistics of repeated timings. */

/** Median and 90th percentile of a sample of timings, ms, with the sample size. */
export interface Timing {
  median: number;
  p90: number;
  n: number;
}

/** The q-quantile (0..1) of `values` by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median and p90 of `values`. */
export function summarize(values: readonly number[]): Timing {
  return { median: quantile(values, 0.5), p90: quantile(values, 0.9), n: values.length };
}

/** How many calls a timed series makes. */
export interface Repetitions {
  /** Untimed calls first (shader compilation, allocator growth, JIT). */
  warmup: number;
  /** Timed calls wanted. */
  reps: number;
  /** The series may stop early after this many timed calls once `budgetMs` is spent. */
  minReps: number;
  /** Wall-time budget of the timed calls, ms. */
  budgetMs: number;
}

/**
 * Wall time per call of `fn`, ms: `warmup` untimed calls, then up to `reps` timed ones (fewer,
 * but at least `minReps`, when the budget runs out). `fn` gets the call's running index.
 */
export async function timeCalls(
  fn: (i: number) => Promise<unknown>,
  r: Repetitions,
): Promise<Timing> {
  for (let i = 0; i < r.warmup; i++) await fn(i);
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < r.reps; i++) {
    if (i >= r.minReps && performance.now() - start > r.budgetMs) break;
    const t0 = performance.now();
    await fn(r.warmup + i);
    times.push(performance.now() - t0);
  }
  return summarize(times);
}
