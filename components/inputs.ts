/** Validation of typed numbers and the mappings behind logarithmic sliders. */

/** A checked input: the value to use and, when the input was changed, why. */
export interface Checked {
  value: number;
  /** Null when the input was used as typed. */
  message: string | null;
}

/**
 * Parses typed text as a number in [min, max]. Not a number: keeps `fallback`. Out of range:
 * clamps. With `integer`, rounds. Each change comes with a message for the user.
 */
export function checkNumber(
  text: string,
  min: number,
  max: number,
  fallback: number,
  integer = false,
): Checked {
  const trimmed = text.trim();
  if (trimmed === '') return { value: fallback, message: `no number entered; kept ${fallback}` };
  const parsed = Number(trimmed);
  if (!Number.isFinite(parsed)) {
    return { value: fallback, message: `"${trimmed}" is not a number; kept ${fallback}` };
  }
  let value = integer ? Math.round(parsed) : parsed;
  let message = value !== parsed ? `rounded to ${value}` : null;
  if (value < min) {
    value = min;
    message = `${parsed} is below the minimum; using ${min}`;
  } else if (value > max) {
    value = max;
    message = `${parsed} is above the maximum; using ${max}`;
  }
  return { value, message };
}

/** Slider positions of a logarithmic slider run from 0 to LOG_STEPS. */
export const LOG_STEPS = 1000;

/**
 * Maps a slider position to a value on a log scale from `lo` to `hi`. With `zero`, position 0
 * means exactly 0 and positions 1..LOG_STEPS span lo..hi.
 */
export function logValue(position: number, lo: number, hi: number, zero = false): number {
  if (zero && position <= 0) return 0;
  const start = zero ? 1 : 0;
  const t = (position - start) / (LOG_STEPS - start);
  const exponent = Math.log10(lo) + t * (Math.log10(hi) - Math.log10(lo));
  return Number(Math.pow(10, exponent).toPrecision(3));
}

/** The slider position nearest to a value (inverse of logValue; clamps to the ends). */
export function logPosition(value: number, lo: number, hi: number, zero = false): number {
  if (zero && value <= 0) return 0;
  const start = zero ? 1 : 0;
  const clamped = Math.min(hi, Math.max(lo, value));
  const t = (Math.log10(clamped) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  return Math.round(start + t * (LOG_STEPS - start));
}

/** Highest position of the speed slider; it means "as fast as possible". */
export const SPEED_MAX_POSITION = 100;
/** Slowest paced speed, ticks per second. */
export const SPEED_MIN = 1;
/** Fastest paced speed, ticks per second (the slider's stop before "max"). */
export const SPEED_MAX = 500;
/** The speed sent for "max": the worker runs as fast as it can, up to its own cap. */
export const SPEED_UNLIMITED = 10_000;

/** Ticks per second for a speed slider position: log scale 1..500, the last position "max". */
export function speedFromPosition(position: number): number {
  if (position >= SPEED_MAX_POSITION) return SPEED_UNLIMITED;
  const t = Math.max(0, position) / (SPEED_MAX_POSITION - 1);
  return Number((SPEED_MIN * Math.pow(SPEED_MAX / SPEED_MIN, t)).toPrecision(3));
}

/** The speed slider position for ticks per second (inverse of speedFromPosition). */
export function positionFromSpeed(ticksPerSecond: number): number {
  if (!(ticksPerSecond <= SPEED_MAX)) return SPEED_MAX_POSITION;
  const clamped = Math.max(SPEED_MIN, ticksPerSecond);
  const t = Math.log(clamped / SPEED_MIN) / Math.log(SPEED_MAX / SPEED_MIN);
  return Math.round(t * (SPEED_MAX_POSITION - 1));
}
