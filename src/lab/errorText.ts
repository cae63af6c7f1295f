/**
 * How the lab's table states a Taylor value's error against Monte Carlo: in Monte Carlo
 * standard errors, except where the error is below float32 rounding (a point mass, a
 * saturated row), where a count of standard errors would be a meaningless millions.
 */

/** An error is flagged when it exceeds this many Monte Carlo standard errors. */
export const FLAG_SE = 3;
/** Errors below this are float32 rounding of the Taylor values: never flagged, never counted. */
export const FLOAT_FLOOR = 1e-6;

/** Whether a Taylor value's error against Monte Carlo is beyond FLAG_SE standard errors. */
export function isFlagged(error: number, se: number): boolean {
  return Math.abs(error) > Math.max(FLAG_SE * se, FLOAT_FLOOR);
}

/** The error's short label: "+1.2 SE", "∞ SE", or "rounding" when below FLOAT_FLOOR. */
export function errorLabel(error: number, se: number): string {
  if (!Number.isFinite(error)) return '—';
  if (Math.abs(error) < FLOAT_FLOOR) return 'rounding';
  const z = se > 0 ? error / se : Infinity;
  if (!Number.isFinite(z)) return '∞ SE';
  // A huge Σ gives errors of 1e8 SE: in exponent form they fit their cell.
  const digits = Math.abs(z) >= 1e4 ? z.toExponential(1) : z.toFixed(1);
  return `${z >= 0 ? '+' : ''}${digits} SE`;
}
