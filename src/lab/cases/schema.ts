/**
 * Building blocks of the `moments` case schemas (zod): finite numbers, vectors and matrices,
 * Gaussian inputs, Bayesian linear weights, the Monte Carlo request, and dimension checks
 * that name the offending field (`cov[2]: expected 3 numbers, got 2`).
 */
import { z } from 'zod';
import { choleskyFactor } from '../gaussSampling';

/** The largest magnitude a float32 holds: the app's closed-form ops run in float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A finite number that float32 can hold (JSON's 1e999 parses to Infinity; 1e300 would
 * become Infinity in the app's float32 ops; both are refused here).
 */
export const finite = z
  .number({ invalid_type_error: 'expected a number' })
  .superRefine((x, ctx) => {
    const problem = numberProblem(x);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Why a number is refused (not finite, beyond float32), or null. */
function numberProblem(x: number): string | null {
  if (!Number.isFinite(x)) return 'expected a finite number';
  if (Math.abs(x) > FLOAT32_MAX) return 'too large: the app computes in float32 (|x| ≤ 3.4e38)';
  return null;
}

/**
 * A list of finite numbers. The range is checked once per list, not by a refinement per
 * entry: zod's per-entry refinements took 25 µs a number (5 s for 200,000).
 */
export const vector = z
  .array(z.number({ invalid_type_error: 'expected a number' }), {
    invalid_type_error: 'expected a list of numbers',
  })
  .superRefine((v, ctx) => {
    for (let i = 0; i < v.length; i++) {
      const problem = numberProblem(v[i]);
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
    }
  });

/** A list of lists of finite numbers. */
export const matrix = z.array(vector, { invalid_type_error: 'expected a list of lists' });

/** A 3-level nested list of finite numbers. */
export const tensor3 = z.array(matrix, { invalid_type_error: 'expected a list of matrices' });

/** Independent Gaussian entries: elementwise mean and variance (same shape, var ≥ 0). */
export const gaussVec = z.object({ mean: vector, var: vector }).strict();

/** Gaussian rows (tokens × features): elementwise mean and variance. */
export const gaussMat = z.object({ mean: matrix, var: matrix }).strict();

/** Bayesian linear weights: means n_out × (n_in+1) (bias last), covariance blocks per output. */
export const linearWeights = z.object({ weight_mean: matrix, weight_cov: tensor3 }).strict();

/**
 * The optional Monte Carlo request of every case. Any integer count ≥ 2 is accepted; a count
 * above the case's budget is lowered to it when the case runs (see `capMonteCarlo`).
 */
export const monteCarlo = z
  .object({
    samples: z
      .number({ invalid_type_error: 'expected a number' })
      .int('expected an integer')
      .min(2, 'expected at least 2'),
    seed: z
      .number({ invalid_type_error: 'expected a number' })
      .finite({ message: 'expected a finite number' }),
  })
  .strict();

/** Monte Carlo request: sample count and RNG seed. */
export type MonteCarlo = z.infer<typeof monteCarlo>;

/** Path segments as `a.b[2].c`. */
export function formatPath(path: (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(case)';
}

/** Adds a dimension issue at `path` unless `list` has `n` entries. */
export function expectLength(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  list: unknown[],
  n: number,
  what = 'numbers',
): boolean {
  if (list.length === n) return true;
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    path,
    message: `expected ${n} ${n === 1 ? what.replace(/s$/, '') : what}, got ${list.length}`,
  });
  return false;
}

/** Checks an rows × cols matrix at `path`; returns whether it holds. */
export function expectMatrix(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  m: number[][],
  rows: number,
  cols: number,
): boolean {
  if (!expectLength(ctx, path, m, rows, 'rows')) return false;
  return m.every((row, i) => expectLength(ctx, [...path, i], row, cols));
}

/** Adds an issue at each negative entry of a variance vector. */
export function expectNonNegative(ctx: z.RefinementCtx, path: (string | number)[], v: number[]) {
  v.forEach((x, i) => {
    if (x < 0)
      ctx.addIssue({ code: 'custom', path: [...path, i], message: `variance ${x} is negative` });
  });
}

/**
 * Adds an issue unless a square matrix is a covariance: symmetric (tolerance 1e-9 of the entries' scale)
 * and positive semi-definite (its Cholesky factor exists up to the sampler's small jitter).
 */
export function expectCovariance(ctx: z.RefinementCtx, path: (string | number)[], m: number[][]) {
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < i; j++) {
      // Relative to the entries' own scale, so a 1e-12-scale matrix is held to it too.
      const scale = Math.max(
        Math.abs(m[i][j]),
        Math.abs(m[j][i]),
        Math.sqrt(m[i][i] * m[j][j]) || 0,
      );
      const tol = 1e-9 * scale;
      if (Math.abs(m[i][j] - m[j][i]) > tol) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, i, j],
          message: `not symmetric: ${m[i][j]} vs [${j}][${i}] = ${m[j][i]}`,
        });
        return;
      }
    }
  }
  try {
    choleskyFactor(m);
  } catch {
    ctx.addIssue({ code: 'custom', path, message: 'not positive semi-definite' });
  }
}

/** Checks a Gaussian vector input of length n (when given) at `path`; returns its length. */
export function expectGaussVec(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  g: { mean: number[]; var: number[] },
  n = g.mean.length,
): boolean {
  const ok = expectLength(ctx, [...path, 'mean'], g.mean, n);
  const okV = expectLength(ctx, [...path, 'var'], g.var, n);
  expectNonNegative(ctx, [...path, 'var'], g.var);
  if (n < 1) ctx.addIssue({ code: 'custom', path: [...path, 'mean'], message: 'is empty' });
  return ok && okV && n >= 1;
}

/** Most inputs a Bayesian linear layer of a case may have (its PSD check costs n_in³). */
export const MAX_INPUTS = 512;

/**
 * Checks Bayesian weights for n_in inputs at `path` (n_out from weight_mean, ≥ 1): means
 * n_out × (n_in+1), covariance n_out blocks of (n_in+1) × (n_in+1), each symmetric.
 */
export function expectWeights(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  w: { weight_mean: number[][]; weight_cov: number[][][] },
  nIn: number,
  nOut = w.weight_mean.length,
): boolean {
  const d1 = nIn + 1;
  if (nIn > MAX_INPUTS) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'weight_mean'],
      message: `expected at most ${MAX_INPUTS} inputs per neuron (n_in), got ${nIn}`,
    });
    return false;
  }
  if (nOut < 1) {
    ctx.addIssue({ code: 'custom', path: [...path, 'weight_mean'], message: 'is empty' });
    return false;
  }
  let ok = expectMatrix(ctx, [...path, 'weight_mean'], w.weight_mean, nOut, d1);
  if (!expectLength(ctx, [...path, 'weight_cov'], w.weight_cov, nOut, 'blocks')) return false;
  w.weight_cov.forEach((block, n) => {
    const at = [...path, 'weight_cov', n];
    if (expectMatrix(ctx, at, block, d1, d1)) expectCovariance(ctx, at, block);
    else ok = false;
  });
  return ok;
}

/** One line per zod issue, `path: message`, with missing fields said plainly. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const missing = issue.code === 'invalid_type' && issue.received === 'undefined';
      return `${formatPath(issue.path)}: ${missing ? 'missing' : issue.message}`;
    })
    .join('\n');
}
