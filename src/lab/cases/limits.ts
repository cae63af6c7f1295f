/**
 * Limits of a `moments` run: the Monte Carlo sample count is lowered to a budget that keeps
 * a run to seconds and its draws to a few hundred MB, and a result holding a non-finite
 * number (float32 overflow in the app's ops) is refused, naming the first such field.
 */
import type { MomentsCase } from '.';

/** The most Monte Carlo samples any case runs. */
export const MAX_SAMPLES = 1_000_000;

/** The fewest samples the budget lowers a request to (the fewest a case may ask for). */
export const MIN_CAPPED_SAMPLES = 2;

/** Work units (about one multiply-add or stored number each) one Monte Carlo run may use. */
export const MC_BUDGET = 2e8;

/** Work units of one standard normal draw (the seeded RNG is far slower than a multiply-add). */
const NORMAL_COST = 20;

/** Work per Monte Carlo sample of a case: its normal draws, exact function and summaries. */
export function mcCostPerSample(c: MomentsCase): number {
  switch (c.kind) {
    case 'softmax': {
      const n = c.mean.length;
      return NORMAL_COST * n + n + n * n; // a correlated draw and the covariance sums
    }
    case 'relu':
    case 'layernorm':
      return (NORMAL_COST + 4) * c.mean.length;
    case 'product':
      return (2 * NORMAL_COST + 4) * c.mean1.length;
    case 'linear': {
      const d1 = c.input.mean.length + 1;
      const nOut = c.weight_mean.length;
      return NORMAL_COST * (d1 + nOut * d1) + nOut * d1 * (d1 + 1);
    }
    case 'attention': {
      const T = c.input.mean.length;
      const d1 = c.input.mean[0].length + 1;
      const dh = c.wq.weight_mean.length;
      const normals = T * d1 + 3 * dh * d1;
      return NORMAL_COST * normals + 3 * dh * d1 * (d1 + T) + 2 * T * T * dh + T ** 3;
    }
    case 'update': {
      const d1 = c.weight_mean[0].length;
      const nOut = c.weight_mean.length;
      return NORMAL_COST * nOut * d1 + nOut * d1 * (3 * d1 + c.observations.length);
    }
  }
}

/** The most samples this case runs: the budget over its cost, within [2, MAX_SAMPLES]. */
export function maxSamples(c: MomentsCase): number {
  const byBudget = Math.floor(MC_BUDGET / Math.max(1, mcCostPerSample(c)));
  return Math.max(MIN_CAPPED_SAMPLES, Math.min(MAX_SAMPLES, byBudget));
}

/** A case with its Monte Carlo count lowered to `maxSamples`, and the note saying so. */
export function capMonteCarlo(c: MomentsCase): { value: MomentsCase; note?: string } {
  const mc = c.monte_carlo;
  if (!mc) return { value: c };
  const max = maxSamples(c);
  if (mc.samples <= max) return { value: c };
  return {
    value: { ...c, monte_carlo: { ...mc, samples: max } },
    note:
      `monte_carlo.samples ${mc.samples} is above this case's maximum ${max}; ` +
      `used ${max} (mc.samples; mc.samples_requested is ${mc.samples})`,
  };
}

/** Path (`a.b[2]`) of the first number in `value` that is NaN or ±Infinity, or null. */
export function firstNonFinite(value: unknown, path = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '(result)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = firstNonFinite(value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) {
      const p = firstNonFinite(x, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return null;
}
