/**
 * The elementwise `moments` cases — relu, layernorm, product — closed form from the app's
 * ops (reluMoments, layerNormMoments, productMoments) and seeded Monte Carlo through the
 * exact function.
 */
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { makeRng, type Rng } from '../../core/rng';
import { layerNormMoments } from '../../moments/layernorm';
import { productMoments } from '../../moments/product';
import { reluMoments } from '../../moments/relu';
import { elementMoments, pairedCov, type ElementMoments } from '../mcStats';
import {
  expectGaussVec,
  expectLength,
  expectNonNegative,
  finite,
  monteCarlo,
  vector,
  type MonteCarlo,
} from './schema';

/** `relu`: a ~ N(mean, var) elementwise → moments of relu(a) and Cov(a, relu a). */
export const reluCase = z
  .object({
    kind: z.literal('relu'),
    mean: vector,
    var: vector,
    monte_carlo: monteCarlo.optional(),
  })
  .strict();

/** `layernorm`: x ~ N(mean, var) over n features, LayerNorm(γ, β, ε) → output moments. */
export const layernormCase = z
  .object({
    kind: z.literal('layernorm'),
    mean: vector,
    var: vector,
    gamma: vector,
    beta: vector,
    eps: finite,
    monte_carlo: monteCarlo.optional(),
  })
  .strict();

/** `product`: x1 ~ N(mean1, var1), x2 ~ N(mean2, var2) independent → moments of x1 x2. */
export const productCase = z
  .object({
    kind: z.literal('product'),
    mean1: vector,
    var1: vector,
    mean2: vector,
    var2: vector,
    monte_carlo: monteCarlo.optional(),
  })
  .strict();

export type ReluCase = z.infer<typeof reluCase>;
export type LayernormCase = z.infer<typeof layernormCase>;
export type ProductCase = z.infer<typeof productCase>;

/** Dimension checks of the relu case. */
export function checkRelu(c: ReluCase, ctx: z.RefinementCtx): void {
  expectGaussVec(ctx, [], c);
}

/** Dimension checks of the layernorm case. */
export function checkLayernorm(c: LayernormCase, ctx: z.RefinementCtx): void {
  const n = c.mean.length;
  expectGaussVec(ctx, [], c);
  expectLength(ctx, ['gamma'], c.gamma, n);
  expectLength(ctx, ['beta'], c.beta, n);
  if (!(c.eps > 0))
    ctx.addIssue({
      code: 'custom',
      path: ['eps'],
      message: `expected eps > 0, got ${c.eps} (LayerNorm divides by √(var + eps))`,
    });
}

/** Dimension checks of the product case. */
export function checkProduct(c: ProductCase, ctx: z.RefinementCtx): void {
  const n = c.mean1.length;
  if (n < 1) ctx.addIssue({ code: 'custom', path: ['mean1'], message: 'is empty' });
  expectLength(ctx, ['var1'], c.var1, n);
  expectLength(ctx, ['mean2'], c.mean2, n);
  expectLength(ctx, ['var2'], c.var2, n);
  expectNonNegative(ctx, ['var1'], c.var1);
  expectNonNegative(ctx, ['var2'], c.var2);
}

/** Monte Carlo block of an elementwise case. */
export type ElementMc = ElementMoments & { samples: number };

/** n·S seeded draws of N(mean, var) elementwise, sample-major. */
function drawGauss(rng: Rng, mean: number[], v: number[], samples: number): Float64Array {
  const n = mean.length;
  const out = new Float64Array(samples * n);
  for (let s = 0; s < samples; s++)
    for (let i = 0; i < n; i++) out[s * n + i] = mean[i] + Math.sqrt(v[i]) * rng.normal();
  return out;
}

/** Reads 1-D tensors into number lists. */
function lists(ts: tf.Tensor[]): number[][] {
  return ts.map((t) => t.arraySync() as number[]);
}

/** Result of the relu case. */
export interface ReluResult {
  kind: 'relu';
  mean: number[];
  var: number[];
  cov_in_out: number[];
  mc?: ElementMc & { cov_in_out: number[]; cov_in_out_se: number[] };
}

/** The relu case: exact moments (the app's op) and Cov(a, relu a) = var · Φ(m/√v). */
export function runRelu(c: ReluCase): ReluResult {
  const [mean, variance, covIO] = tf.tidy(() => {
    const v = tf.tensor1d(c.var);
    const out = reluMoments({ m: tf.tensor1d(c.mean), v });
    return lists([out.m, out.v, tf.mul(v, out.J)]);
  });
  const result: ReluResult = { kind: 'relu', mean, var: variance, cov_in_out: covIO };
  if (c.monte_carlo) result.mc = reluMc(c, c.monte_carlo);
  return result;
}

function reluMc(c: ReluCase, mc: MonteCarlo): NonNullable<ReluResult['mc']> {
  const n = c.mean.length;
  const a = drawGauss(makeRng(mc.seed), c.mean, c.var, mc.samples);
  const r = a.map((x) => Math.max(x, 0));
  const io = pairedCov(a, r, mc.samples, n);
  return {
    ...elementMoments(r, mc.samples, n),
    cov_in_out: io.cov,
    cov_in_out_se: io.se,
    samples: mc.samples,
  };
}

/** Result of the layernorm and product cases. */
export interface ElementResult<K extends string> {
  kind: K;
  mean: number[];
  var: number[];
  mc?: ElementMc;
}

/** The layernorm case: the app's fixed-statistics moments; Monte Carlo uses the exact LN. */
export function runLayernorm(c: LayernormCase): ElementResult<'layernorm'> {
  const [mean, variance] = tf.tidy(() => {
    const x = { m: tf.tensor1d(c.mean), v: tf.tensor1d(c.var) };
    const out = layerNormMoments(x, tf.tensor1d(c.gamma), tf.tensor1d(c.beta), c.eps);
    return lists([out.m, out.v]);
  });
  const result: ElementResult<'layernorm'> = { kind: 'layernorm', mean, var: variance };
  if (c.monte_carlo) result.mc = layernormMc(c, c.monte_carlo);
  return result;
}

function layernormMc(c: LayernormCase, mc: MonteCarlo): ElementMc {
  const n = c.mean.length;
  const x = drawGauss(makeRng(mc.seed), c.mean, c.var, mc.samples);
  const y = new Float64Array(x.length);
  for (let s = 0; s < mc.samples; s++) {
    const row = x.subarray(s * n, (s + 1) * n);
    const mu = row.reduce((p, v) => p + v, 0) / n;
    const vr = row.reduce((p, v) => p + (v - mu) ** 2, 0) / n;
    const inv = 1 / Math.sqrt(vr + c.eps);
    for (let i = 0; i < n; i++) y[s * n + i] = c.gamma[i] * (row[i] - mu) * inv + c.beta[i];
  }
  return { ...elementMoments(y, mc.samples, n), samples: mc.samples };
}

/** The product case: exact moments of x1 x2 for independent Gaussians (the app's op). */
export function runProduct(c: ProductCase): ElementResult<'product'> {
  const [mean, variance] = tf.tidy(() => {
    const a = { m: tf.tensor1d(c.mean1), v: tf.tensor1d(c.var1) };
    const b = { m: tf.tensor1d(c.mean2), v: tf.tensor1d(c.var2) };
    const out = productMoments(a, b);
    return lists([out.m, out.v]);
  });
  const result: ElementResult<'product'> = { kind: 'product', mean, var: variance };
  if (c.monte_carlo) result.mc = productMc(c, c.monte_carlo);
  return result;
}

function productMc(c: ProductCase, mc: MonteCarlo): ElementMc {
  const n = c.mean1.length;
  const rng = makeRng(mc.seed);
  const a = drawGauss(rng, c.mean1, c.var1, mc.samples);
  const b = drawGauss(rng, c.mean2, c.var2, mc.samples);
  const y = a.map((x, i) => x * b[i]);
  return { ...elementMoments(y, mc.samples, n), samples: mc.samples };
}
