/**
 * When the softmax Taylor expansion breaks down, for one case z ~ N(μ, Σ): the spread of the
 * logit differences (softmax ignores a common shift), a near-tie between the two largest
 * logits, and a saturated row. Plain arithmetic on n ≤ 16 numbers; the panel shows the flags.
 */
import type { LabCase } from './labCase';
import type { SoftmaxCaseResult } from './softmaxCase';

/** Differences varying by less than this (sd) keep the expansion accurate. */
export const SMALL_SD = 0.3;
/** Differences varying by more than this (sd) make higher-order terms matter. */
export const LARGE_SD = 1;
/** A row whose largest softmax weight exceeds this is saturated. */
export const SATURATED = 0.95;

/** One observation about the case: its kind, whether it is a warning, and a sentence. */
export interface BreakdownFlag {
  kind: 'variance' | 'near-tie' | 'saturated';
  warn: boolean;
  text: string;
}

/** softmax(x), stable. */
export function softmax(x: readonly number[]): number[] {
  const max = Math.max(...x);
  const e = x.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Standard normal cdf (Abramowitz–Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Standard deviation of z_i − z_j. */
function diffSd(cov: readonly (readonly number[])[], i: number, j: number): number {
  return Math.sqrt(Math.max(0, cov[i][i] + cov[j][j] - 2 * cov[i][j]));
}

/** The flags for a case (at its scale), labelled with the logits' names. */
export function breakdownFlags(c: LabCase, labels: readonly string[]): BreakdownFlag[] {
  const n = c.mean.length;
  const flags: BreakdownFlag[] = [];
  if (n < 2) return flags;
  const name = (i: number) => labels[i] ?? `z${i + 1}`;
  const num = (v: number) => String(Number(v.toPrecision(2)));

  // Spread of the differences: the expansion is a series in (z − μ) at softmax's unit scale.
  let widest = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) widest = Math.max(widest, diffSd(c.cov, i, j));
  if (widest > LARGE_SD) {
    flags.push({
      kind: 'variance',
      warn: true,
      text: `Large variance: logit differences vary by up to sd ${num(widest)} > ${LARGE_SD}, so the terms the expansion drops are not small. Var[sᵢ] can never exceed ¼, while J Σ Jᵀ grows in proportion to Σ; and ½ tr(Hᵢ Σ) can push the 2nd-order mean out of [0, 1] (it is clipped there).`,
    });
  } else {
    flags.push({
      kind: 'variance',
      warn: false,
      text: `Logit differences vary by at most sd ${num(widest)}${
        widest < SMALL_SD ? ': small, the expansion should be close' : ': moderate'
      }.`,
    });
  }

  // The two largest logits.
  const order = c.mean.map((_, i) => i).sort((a, b) => c.mean[b] - c.mean[a]);
  const [a, b] = order;
  const gap = c.mean[a] - c.mean[b];
  const sd = diffSd(c.cov, a, b);
  const swap = sd > 0 ? normalCdf(-gap / sd) : gap === 0 ? 0.5 : 0;
  if (sd > 0 && gap < sd) {
    flags.push({
      kind: 'near-tie',
      warn: sd > SMALL_SD,
      text: `Near-tie: ${name(a)} and ${name(b)} are ${num(gap)} apart, less than one sd (${num(sd)}) of their difference, so ${num(100 * swap)}% of draws swap the winner. At a tie softmax is steepest and its curvature changes sign, so one quadratic around μ cannot follow both sides of the swap.`,
    });
  }

  // Saturation: the largest weight near 1, the others' draws rarely overtake it.
  const s = softmax(c.mean);
  const top = s[a];
  if (top > SATURATED) {
    flags.push({
      kind: 'saturated',
      warn: swap > 0.01,
      text: `Saturated row: s(${name(a)}) = ${num(top)}, so J ≈ 0 and the expansion sees almost no spread; yet ${num(100 * swap)}% of draws put ${name(b)} on top, and the variance of s comes mostly from those draws, which no low-order term around μ sees${
        swap > 0.01 ? ': expect Var[s] to be underestimated' : ''
      }.`,
    });
  }
  return flags;
}

/** Below this total Monte Carlo variance, a ratio of variances is rounding over rounding. */
export const TINY_VARIANCE = 1e-9;

/**
 * What the table measured for the case, in one sentence: which order's mean is closer to
 * Monte Carlo, and whether the Taylor variances over- or under-state Monte Carlo's (their
 * sums compared). Null without a Monte Carlo block.
 */
export function measuredSummary(result: SoftmaxCaseResult): string | null {
  const mc = result.mc;
  if (!mc) return null;
  const num = (v: number) => String(Number(v.toPrecision(2)));
  const worst = (m: readonly number[]) => Math.max(...m.map((v, i) => Math.abs(v - mc.mean[i])));
  const e1 = worst(result.taylor1.mean);
  const e2 = worst(result.taylor2.mean);
  const trace = (c: readonly (readonly number[])[]) => c.reduce((sum, row, i) => sum + row[i], 0);
  const mcTrace = trace(mc.cov);
  const ratio = trace(result.taylor1.cov) / mcTrace;
  const closer =
    e2 < e1
      ? 'the 2nd-order mean is closer'
      : e2 > e1
        ? 'the 1st-order mean is closer'
        : 'both means are as close';
  const direction = !Number.isFinite(ratio)
    ? ''
    : ratio > 1.05
      ? ' (overstated)'
      : ratio < 0.95
        ? ' (understated)'
        : '';
  if (!(mcTrace > TINY_VARIANCE)) {
    return `Measured here: ${closer} (largest error ${num(e1)} for 1st, ${num(e2)} for 2nd order); Monte Carlo's variances add up to ${num(mcTrace)}, below ${TINY_VARIANCE}: s hardly varies, so there is no variance to compare.`;
  }
  return `Measured here: ${closer} (largest error ${num(e1)} for 1st, ${num(e2)} for 2nd order); the Taylor variances add up to ${Number.isFinite(ratio) ? num(ratio) : '—'} × Monte Carlo's${direction}.`;
}
