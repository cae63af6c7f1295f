/**
 * The lab's error-versus-scale sweep: the case's covariance multiplied by each scale in turn,
 * both Taylor orders against Monte Carlo on the same standard normals at every scale (common
 * random numbers), so the curves move smoothly instead of jittering from point to point.
 */
import { drawNormals, softmaxMc, softmaxTaylor } from './softmaxCase';
import type { LabCase } from './labCase';
import type { SweepCurves } from './labProtocol';

/** What a sweep needs: the base case, the scales, the draws per scale and their seed. */
export interface SweepInput {
  base: LabCase;
  scales: readonly number[];
  samples: number;
  seed: number;
}

/** `count` scales spaced evenly on a log axis from lo to hi (both included). */
export function logScales(lo: number, hi: number, count: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: count }, (_, k) => 10 ** (a + ((b - a) * k) / (count - 1)));
}

/** Largest |a_i − b_i| over the components. */
function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** The diagonal of a square matrix. */
function diagonal(m: readonly (readonly number[])[]): number[] {
  return m.map((row, i) => row[i]);
}

/**
 * Computes the sweep one scale at a time: yields after each scale (the caller may stop there,
 * e.g. when a newer request arrived) and returns the finished curves.
 */
export function* sweepSteps(input: SweepInput): Generator<number, SweepCurves, void> {
  const { base, scales, samples, seed } = input;
  const n = base.mean.length;
  const count = scales.length;
  const curves: SweepCurves = {
    scales: Float64Array.from(scales),
    meanError1: new Float64Array(count),
    meanError2: new Float64Array(count),
    varError1: new Float64Array(count),
    varError2: new Float64Array(count),
    meanSe: new Float64Array(count),
    varSe: new Float64Array(count),
    samples,
  };
  const normals = drawNormals(samples * n, seed);

  for (let k = 0; k < count; k++) {
    const cov = base.cov.map((row) => row.map((c) => c * scales[k]));
    const t1 = softmaxTaylor(base.mean, cov, 1);
    const t2 = softmaxTaylor(base.mean, cov, 2);
    const mc = softmaxMc(base.mean, cov, normals);
    const mcVar = diagonal(mc.cov);

    curves.meanError1[k] = maxAbsDiff(t1.mean, mc.mean);
    curves.meanError2[k] = maxAbsDiff(t2.mean, mc.mean);
    curves.varError1[k] = maxAbsDiff(diagonal(t1.cov), mcVar);
    curves.varError2[k] = maxAbsDiff(diagonal(t2.cov), mcVar);
    curves.meanSe[k] = Math.max(...mc.mean_se);
    curves.varSe[k] = Math.max(...diagonal(mc.cov_se));
    yield k + 1;
  }
  return curves;
}

/** The whole sweep at once (tests and the command line). */
export function computeSweep(input: SweepInput): SweepCurves {
  const steps = sweepSteps(input);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
