/**
 * The softmax lab's inputs and the case they describe: logit means, a variance per logit, an
 * equicorrelation ρ and one scale (or a full covariance handed over from an attention row),
 * turned into the {mean, cov} that the moment code reads. Every setter's bound lives here, so
 * the panel, the store and the tests agree on what a safe value is.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Fewest and most logits the lab's own (custom) row may have. */
export const MIN_LOGITS = 2;
export const MAX_LOGITS = 8;
/** Most entries a row handed over from elsewhere may have (a full context is 14 tokens). */
export const MAX_LOADED = 16;
/** Range of a logit mean. */
export const MEAN_RANGE = [-8, 8] as const;
/** Range of a logit's variance (before the scale). */
export const VAR_RANGE = [0, 25] as const;
/**
 * Largest variance a loaded row may have: the scale may multiply it by SCALE_RANGE[1], and
 * float32 moments overflow long before 1e38 (a 1e300 row gave ∞ in every Taylor cell).
 */
export const MAX_LOADED_VAR = 1e6;
/** Range of the scale that multiplies the covariance (log slider). */
export const SCALE_RANGE = [1e-3, 1e2] as const;
/**
 * Distance kept from the ends of ρ's PSD range −1/(n−1)..1: at the ends the correlation
 * matrix is singular, and float32 rounding can then make it slightly indefinite.
 */
export const RHO_MARGIN = 1e-3;

/** The lab's own row: what the panel's controls set. */
export interface CustomInputs {
  means: number[];
  /** Variance of each logit before the scale, ≥ 0. */
  vars: number[];
  /** Correlation of every pair of logits (equicorrelated). */
  rho: number;
}

/** One softmax input z ~ N(mean, cov), as the moment code reads it. */
export interface LabCase {
  mean: number[];
  cov: number[][];
}

/** A checked value: what to use and, when the input was changed, why. */
export interface Clamped {
  value: number;
  /** Null when the input was used as given. */
  message: string | null;
}

/** The PSD range of an equicorrelation among n variables, with the safety margin. */
export function rhoRange(n: number): [number, number] {
  const lo = n > 1 ? -1 / (n - 1) : -1;
  // Rounded inwards to 3 decimals, so the bounds read cleanly in messages.
  const inward = (v: number, dir: 1 | -1) =>
    (dir > 0 ? Math.ceil(v * 1e3) : Math.floor(v * 1e3)) / 1e3;
  return [inward(lo + RHO_MARGIN, 1), inward(1 - RHO_MARGIN, -1)];
}

/**
 * Checks a number against [lo, hi]: a non-number keeps `fallback`, a value outside is clamped;
 * either way the message names `what` and says what is used instead.
 */
export function clampInput(
  what: string,
  value: number,
  lo: number,
  hi: number,
  fallback: number,
): Clamped {
  if (!Number.isFinite(value)) {
    return {
      value: fallback,
      message: `${what}: ${String(value)} is not a number; kept ${fallback}`,
    };
  }
  if (value < lo)
    return { value: lo, message: `${what}: ${value} is below ${round(lo)}; using ${round(lo)}` };
  if (value > hi)
    return { value: hi, message: `${what}: ${value} is above ${round(hi)}; using ${round(hi)}` };
  return { value, message: null };
}

/** Checks a logit mean. */
export function checkMean(i: number, value: number, fallback: number): Clamped {
  return clampInput(`mean of z${i + 1}`, value, MEAN_RANGE[0], MEAN_RANGE[1], fallback);
}

/** Checks a logit variance (negative variances are clamped to 0). */
export function checkVar(i: number, value: number, fallback: number): Clamped {
  return clampInput(`variance of z${i + 1}`, value, VAR_RANGE[0], VAR_RANGE[1], fallback);
}

/** Checks ρ against the PSD range for n logits. */
export function checkRho(n: number, value: number, fallback: number): Clamped {
  const [lo, hi] = rhoRange(n);
  return clampInput(
    `ρ (PSD for ${round(lo)}…${round(hi)} with ${n} logits)`,
    value,
    lo,
    hi,
    fallback,
  );
}

/** Checks the covariance scale. */
export function checkScale(value: number, fallback: number): Clamped {
  return clampInput('variance scale', value, SCALE_RANGE[0], SCALE_RANGE[1], fallback);
}

/** The custom row's covariance before the scale: Σ_ij = ρ^[i≠j] √(v_i v_j). */
export function equicorrelated(vars: readonly number[], rho: number): number[][] {
  const sd = vars.map((v) => Math.sqrt(Math.max(0, v)));
  // ρ · (s_i s_j), not (ρ s_i) s_j: the product must not depend on the order, or Σ is not
  // exactly symmetric and the sampler's Cholesky refuses it.
  return sd.map((si, i) => sd.map((sj, j) => (i === j ? vars[i] : rho * (si * sj))));
}

/** The case of the lab's inputs: `cov` (n × n, before the scale) times `scale`. */
export function buildCase(
  means: readonly number[],
  cov: readonly number[][],
  scale: number,
): LabCase {
  return { mean: [...means], cov: cov.map((row) => row.map((c) => c * scale)) };
}

/** The case of the custom row at a scale. */
export function customCase(inputs: CustomInputs, scale: number): LabCase {
  return buildCase(inputs.means, equicorrelated(inputs.vars, inputs.rho), scale);
}

/**
 * Resizes the custom row to n logits: kept logits keep their values, new ones get a mean a
 * little below the last and the last one's variance; ρ is clamped to the new PSD range.
 */
export function resizeInputs(inputs: CustomInputs, n: number): CustomInputs {
  const means = inputs.means.slice(0, n);
  const vars = inputs.vars.slice(0, n);
  while (means.length < n) {
    means.push(Math.max(MEAN_RANGE[0], (means.at(-1) ?? 0) - 0.5));
    vars.push(vars.at(-1) ?? 1);
  }
  const [lo, hi] = rhoRange(n);
  return { means, vars, rho: Math.min(hi, Math.max(lo, inputs.rho)) };
}

/** (C + Cᵀ) / 2, exactly symmetric (a row's covariance may differ from it by rounding). */
export function symmetrize(cov: readonly (readonly number[])[]): number[][] {
  return cov.map((row, i) => row.map((c, j) => (c + cov[j][i]) / 2));
}

/**
 * Why a row handed over from elsewhere cannot be used, or null when it can: it needs 1 to
 * MAX_LOADED finite means, a matching square symmetric covariance with a non-negative diagonal.
 */
export function rowProblem(
  mean: readonly number[],
  cov: readonly (readonly number[])[],
): string | null {
  const n = mean.length;
  if (n < 1 || n > MAX_LOADED) return `a row needs 1 to ${MAX_LOADED} entries, not ${n}`;
  if (!mean.every(Number.isFinite)) return 'the row has a mean that is not a finite number';
  if (cov.length !== n || cov.some((r) => r.length !== n)) {
    return `the covariance is not ${n} × ${n}`;
  }
  for (let i = 0; i < n; i++) {
    if (!cov[i].every(Number.isFinite)) return `covariance row ${i + 1} has a non-finite entry`;
    if (cov[i][i] < 0) return `covariance entry (${i + 1}, ${i + 1}) is a negative variance`;
    if (cov[i][i] > MAX_LOADED_VAR) {
      return `variance ${i + 1} is ${round(cov[i][i])}, above the ${MAX_LOADED_VAR} the lab can compute with`;
    }
    for (let j = 0; j < i; j++) {
      const tol = 1e-4 * Math.max(Math.abs(cov[i][j]), Math.abs(cov[j][i])) + 1e-9;
      if (Math.abs(cov[i][j] - cov[j][i]) > tol) return 'the covariance is not symmetric';
    }
  }
  // PSD up to rounding: the sampler's Cholesky adds at most a 1e-6 relative jitter.
  const sym = symmetrize(cov);
  const largest = Math.max(...sym.map((r, i) => r[i]));
  const eigen = new EigenvalueDecomposition(new Matrix(sym), { assumeSymmetric: true });
  if (Math.min(...eigen.realEigenvalues) < -1e-7 * largest) {
    return 'the covariance is not positive semi-definite';
  }
  return null;
}

/** A short number for messages. */
function round(value: number): string {
  return String(Number(value.toPrecision(3)));
}
