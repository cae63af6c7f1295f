/**
 * Test helper for the case tests: compare closed-form numbers with Monte Carlo entrywise,
 * tolerance k·SE + abs, skipping masked (null) entries. Not used by the CLI.
 */

/** Nested lists of numbers (null where masked). */
export type Nested = number | null | Nested[];

/** Leaves of a nested list, in order. */
export function leaves(x: Nested): (number | null)[] {
  return Array.isArray(x) ? x.flatMap(leaves) : [x];
}

/** Worst entry: largest |closed − mc| and largest ratio to its tolerance (≤ 1 passes). */
export interface Worst {
  maxErr: number;
  maxRatio: number;
}

/**
 * Worst |closed − mc| / (k·se + abs) over entries where both are numbers; abs is one number,
 * or a function of the closed-form value (for relative terms). With KBT_MC_REPORT set, the
 * worst error is printed under `name`.
 */
export function worst(
  name: string,
  closed: Nested,
  mc: Nested,
  se: Nested,
  k: number,
  abs: number | ((closed: number) => number),
): Worst {
  const [c, m, s] = [leaves(closed), leaves(mc), leaves(se)];
  if (c.length !== m.length || c.length !== s.length)
    throw new Error(`[tolerance] ${name}: ${c.length} vs ${m.length} vs ${s.length}`);
  let maxErr = 0;
  let maxRatio = 0;
  c.forEach((ci, i) => {
    const mi = m[i];
    const si = s[i];
    if (ci === null && mi === null) return;
    if (ci === null || mi === null || si === null) {
      maxErr = maxRatio = Infinity; // masked in one and not the other
      return;
    }
    const err = Math.abs(ci - mi);
    const tol = k * si + (typeof abs === 'number' ? abs : abs(ci));
    maxErr = Math.max(maxErr, Number.isNaN(err) ? Infinity : err);
    maxRatio = Math.max(maxRatio, Number.isNaN(err) ? Infinity : err / tol);
  });
  if (process.env.KBT_MC_REPORT)
    console.log(`[mc] ${name}: maxErr ${maxErr.toExponential(2)} ratio ${maxRatio.toFixed(3)}`);
  return { maxErr, maxRatio };
}
