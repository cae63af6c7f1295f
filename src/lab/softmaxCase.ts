/**
 * One softmax case, z ~ N(mean, cov) with n logits: the app's closed-form Taylor moments
 * (first and second order, via `softmaxMomentsCov`) and, on request, a seeded Monte Carlo
 * estimate with standard errors. Shared by the softmax lab and `npm run moments`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { softmaxMomentsCov } from '../moments/softmax';
import { makeRng } from '../core/rng';
import { choleskyFactor, correlatedDraw } from './gaussSampling';
import { momentsFromSamples } from './mcStats';

/** A softmax case: n logit means and their n×n covariance (symmetric, PSD). */
export interface SoftmaxCaseInput {
  mean: number[];
  cov: number[][];
}

/**
 * Monte Carlo moments of a random vector: mean (n), covariance (n×n), their standard errors
 * and the sample count. `jitter`, when present, is the diagonal added to the input covariance
 * so that its Cholesky factor exists (singular or nearly singular covariance).
 */
export interface MomentsMC {
  mean: number[];
  cov: number[][];
  mean_se: number[];
  cov_se: number[][];
  samples: number;
  jitter?: number;
}

/** Closed-form moments of softmax(z) in both Taylor orders, and Monte Carlo when asked. */
export interface SoftmaxCaseResult {
  taylor1: { mean: number[]; cov: number[][] };
  taylor2: { mean: number[]; cov: number[][] };
  mc?: MomentsMC;
}

/** Throws unless mean has n ≥ 1 finite entries and cov is n×n finite. */
function checkShape(mean: ArrayLike<number>, cov: number[][]): number {
  const n = mean.length;
  if (n < 1) throw new Error('[softmaxCase] mean: expected at least 1 number');
  if (cov.length !== n) throw new Error(`[softmaxCase] cov: expected ${n} rows, got ${cov.length}`);
  cov.forEach((row, i) => {
    if (row.length !== n)
      throw new Error(`[softmaxCase] cov[${i}]: expected ${n} numbers, got ${row.length}`);
  });
  return n;
}

/** Taylor moments of softmax(z), z ~ N(mean, cov), from the app's op (float32). */
export function softmaxTaylor(
  mean: number[],
  cov: number[][],
  order: 1 | 2,
): { mean: number[]; cov: number[][] } {
  checkShape(mean, cov);
  return tf.tidy(() => {
    const out = softmaxMomentsCov(tf.tensor1d(mean), tf.tensor2d(cov), null, order);
    return { mean: out.m.arraySync() as number[], cov: out.cov.arraySync() as number[][] };
  });
}

/** `count` standard normal draws from the app's seeded RNG (common random numbers). */
export function drawNormals(count: number, seed: number): Float64Array {
  const rng = makeRng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.normal();
  return out;
}

/** Numerically stable softmax of x into out (both length n). */
function softmaxInto(x: Float64Array, out: Float64Array): void {
  let max = -Infinity;
  for (const xi of x) max = Math.max(max, xi);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.exp(x[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < x.length; i++) out[i] /= sum;
}

/**
 * Monte Carlo moments of softmax(z), z = mean + L·u with L the Cholesky factor of cov and u
 * taken from `normals` (sample-major, n per sample, so samples = ⌊normals.length / n⌋).
 * The same normals with a scaled cov give samples that move smoothly with the scale.
 */
export function softmaxMc(mean: number[], cov: number[][], normals: ArrayLike<number>): MomentsMC {
  const n = checkShape(mean, cov);
  const samples = Math.floor(normals.length / n);
  if (samples < 2) throw new Error(`[softmaxCase] monte_carlo: need ≥ 2 samples, got ${samples}`);
  const { L, jitter } = choleskyFactor(cov);

  // Draw z = mean + L u and push each sample through the softmax.
  const out = new Float64Array(samples * n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    correlatedDraw(mean, L, normals, s * n, z);
    softmaxInto(z, p);
    out.set(p, s * n);
  }

  const moments = momentsFromSamples(out, samples, n);
  return jitter > 0 ? { ...moments, jitter } : moments;
}

/**
 * The softmax case: Taylor moments of both orders from the app's op and, when `mc` is given,
 * Monte Carlo with `mc.samples` draws from the seeded RNG (`mc.seed`).
 */
export function softmaxCase(
  input: SoftmaxCaseInput,
  mc?: { samples: number; seed: number },
): SoftmaxCaseResult {
  const n = checkShape(input.mean, input.cov);
  const result: SoftmaxCaseResult = {
    taylor1: softmaxTaylor(input.mean, input.cov, 1),
    taylor2: softmaxTaylor(input.mean, input.cov, 2),
  };
  if (mc) result.mc = softmaxMc(input.mean, input.cov, drawNormals(mc.samples * n, mc.seed));
  return result;
}
