/**
 * The `linear` case: a Bayesian linear layer a_n = w_nᵀ [x; 1], w_n ~ N(μ_n, C_n) per output
 * neuron, x ~ N(mean, var) independent — the app's linearBayes, and Monte Carlo drawing both.
 */
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { makeRng } from '../../core/rng';
import { linearBayes } from '../../moments/linear';
import { weightSampler } from '../gaussSampling';
import { elementMoments, type ElementMoments } from '../mcStats';
import { expectGaussVec, expectWeights, gaussVec, linearWeights, monteCarlo } from './schema';

/** `linear`: `input` {mean, var} (n_in), `weight_mean`, `weight_cov` (bias last). */
export const linearCase = linearWeights
  .extend({ kind: z.literal('linear'), input: gaussVec, monte_carlo: monteCarlo.optional() })
  .strict();

export type LinearCase = z.infer<typeof linearCase>;

/** Dimension checks of the linear case. */
export function checkLinear(c: LinearCase, ctx: z.RefinementCtx): void {
  if (expectGaussVec(ctx, ['input'], c.input)) expectWeights(ctx, [], c, c.input.mean.length);
}

/** Monte Carlo block of the linear case (jitter: diagonal added to a singular weight_cov). */
export type LinearMc = ElementMoments & { samples: number; jitter?: number };

/** Result of the linear case: output mean and variance (n_out). */
export interface LinearResult {
  kind: 'linear';
  mean: number[];
  var: number[];
  mc?: LinearMc;
}

/** Moments of the Bayesian linear layer's outputs, from the app's op (float32). */
export function linearMoments(
  input: { mean: number[]; var: number[] },
  weightMean: number[][],
  weightCov: number[][][],
): { mean: number[]; var: number[] } {
  return tf.tidy(() => {
    const n = input.mean.length;
    const x = {
      m: tf.tensor3d([[input.mean]], [1, 1, n]),
      v: tf.tensor3d([[input.var]], [1, 1, n]),
    };
    const out = linearBayes(x, tf.tensor2d(weightMean), tf.tensor3d(weightCov), null);
    return {
      mean: tf.reshape(out.m, [-1]).arraySync() as number[],
      var: tf.reshape(out.v, [-1]).arraySync() as number[],
    };
  });
}

/** The linear case. */
export function runLinear(c: LinearCase): LinearResult {
  const result: LinearResult = {
    kind: 'linear',
    ...linearMoments(c.input, c.weight_mean, c.weight_cov),
  };
  if (c.monte_carlo) result.mc = linearMc(c, c.monte_carlo.samples, c.monte_carlo.seed);
  return result;
}

function linearMc(c: LinearCase, samples: number, seed: number): LinearMc {
  const rng = makeRng(seed);
  const sampler = weightSampler(c.weight_mean, c.weight_cov);
  const { nOut, d1 } = sampler;
  const w = new Float64Array(nOut * d1);
  const x = new Float64Array(d1);
  const out = new Float64Array(samples * nOut);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < d1 - 1; i++)
      x[i] = c.input.mean[i] + Math.sqrt(c.input.var[i]) * rng.normal();
    x[d1 - 1] = 1;
    sampler.draw(rng.normal, w);
    for (let n = 0; n < nOut; n++) {
      let acc = 0;
      for (let i = 0; i < d1; i++) acc += w[n * d1 + i] * x[i];
      out[s * nOut + n] = acc;
    }
  }
  const mc: LinearMc = { ...elementMoments(out, samples, nOut), samples };
  if (sampler.jitter > 0) mc.jitter = sampler.jitter;
  return mc;
}
