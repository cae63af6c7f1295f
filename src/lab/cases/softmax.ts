/**
 * The `softmax` case: z ~ N(mean, cov) (or diagonal `var`) → the app's first- and
 * second-order Taylor moments of softmax(z), and Monte Carlo via {@link softmaxCase}.
 */
import { z } from 'zod';
import { softmaxCase, type SoftmaxCaseResult } from '../softmaxCase';
import {
  expectCovariance,
  expectLength,
  expectMatrix,
  expectNonNegative,
  matrix,
  monteCarlo,
  vector,
} from './schema';

/** Most logits a softmax case may have (the second-order moments cost grows as n³). */
export const MAX_LOGITS = 256;

/** `softmax`: `mean` (n) and exactly one of `var` (n) or `cov` (n×n). */
export const softmaxCaseSchema = z
  .object({
    kind: z.literal('softmax'),
    mean: vector,
    var: vector.optional(),
    cov: matrix.optional(),
    monte_carlo: monteCarlo.optional(),
  })
  .strict();

export type SoftmaxCaseSpec = z.infer<typeof softmaxCaseSchema>;

/** Dimension checks of the softmax case. */
export function checkSoftmax(c: SoftmaxCaseSpec, ctx: z.RefinementCtx): void {
  const n = c.mean.length;
  if (n < 1) ctx.addIssue({ code: 'custom', path: ['mean'], message: 'is empty' });
  if (n > MAX_LOGITS) {
    ctx.addIssue({
      code: 'custom',
      path: ['mean'],
      message: `expected at most ${MAX_LOGITS} logits, got ${n}`,
    });
    return;
  }
  if ((c.var === undefined) === (c.cov === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['cov'], message: 'give exactly one of var or cov' });
    return;
  }
  if (c.var !== undefined) {
    expectLength(ctx, ['var'], c.var, n);
    expectNonNegative(ctx, ['var'], c.var);
  }
  if (c.cov !== undefined && expectMatrix(ctx, ['cov'], c.cov, n, n)) {
    expectCovariance(ctx, ['cov'], c.cov);
  }
}

/** The covariance of the case: `cov`, or diag(`var`). */
export function caseCov(c: SoftmaxCaseSpec): number[][] {
  if (c.cov) return c.cov;
  const v = c.var ?? [];
  return v.map((vi, i) => v.map((_, j) => (i === j ? vi : 0)));
}

/** Result of the softmax case. */
export type SoftmaxResult = { kind: 'softmax' } & SoftmaxCaseResult;

/** The softmax case. */
export function runSoftmax(c: SoftmaxCaseSpec): SoftmaxResult {
  return { kind: 'softmax', ...softmaxCase({ mean: c.mean, cov: caseCov(c) }, c.monte_carlo) };
}
