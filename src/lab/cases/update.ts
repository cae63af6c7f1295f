/**
 * The `update` case: a Bayesian linear output layer observed through y = wᵀ[x; 1] + noise(R),
 * updated observation after observation exactly as the app updates its observed head
 * (moment pass → deltas at the output → pseudo-observations → rank-1 Kalman steps), and a
 * self-normalised importance-sampling check from the prior.
 */
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { makeRng } from '../../core/rng';
import { linearBayes } from '../../moments/linear';
import { blockDiagonal, type LayerPosterior } from '../../kbt/posterior';
import { applyPseudoObservations, pseudoObservations } from '../../kbt/update';
import { weightSampler } from '../gaussSampling';
import {
  expectGaussVec,
  expectLength,
  expectWeights,
  finite,
  gaussVec,
  linearWeights,
  monteCarlo,
  vector,
} from './schema';

/** One observation of the layer: its input {mean, var} (n_in) and the outputs y (n_out). */
const observation = z.object({ input: gaussVec, y: vector }).strict();

/** `update`: prior weights (as in `linear`), observation noise R > 0, observations in order. */
export const updateCase = linearWeights
  .extend({
    kind: z.literal('update'),
    R: finite.refine((r) => r > 0, 'expected R > 0'),
    observations: z.array(observation, { invalid_type_error: 'expected a list' }),
    monte_carlo: monteCarlo.optional(),
  })
  .strict();

export type UpdateCase = z.infer<typeof updateCase>;

/** Most observations an update case may apply (each is a moment pass and a Kalman step). */
export const MAX_OBSERVATIONS = 10_000;

/** Dimension checks of the update case (n_in from weight_mean's columns − 1). */
export function checkUpdate(c: UpdateCase, ctx: z.RefinementCtx): void {
  const nOut = c.weight_mean.length;
  const nIn = (c.weight_mean[0]?.length ?? 1) - 1;
  if (nIn < 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['weight_mean'],
      message: 'expected rows of n_in + 1 ≥ 2',
    });
    return;
  }
  if (c.observations.length > MAX_OBSERVATIONS) {
    ctx.addIssue({
      code: 'custom',
      path: ['observations'],
      message: `expected at most ${MAX_OBSERVATIONS} observations, got ${c.observations.length}`,
    });
    return;
  }
  expectWeights(ctx, [], c, nIn, nOut);
  c.observations.forEach((o, k) => {
    expectGaussVec(ctx, ['observations', k, 'input'], o.input, nIn);
    expectLength(ctx, ['observations', k, 'y'], o.y, nOut);
  });
}

/** Result of the update case: posterior means n_out × (n_in+1) and blocks, and guard count. */
export interface UpdateResult {
  kind: 'update';
  weight_mean: number[][];
  weight_cov: number[][][];
  /** (observation, neuron) pairs the update's guard rejected. */
  rejected: number;
  mc?: UpdateMc;
}

/** Importance-sampling posterior with standard errors from the effective sample size. */
export interface UpdateMc {
  weight_mean: number[][];
  weight_cov: number[][][];
  weight_mean_se: number[][];
  weight_cov_se: number[][][];
  samples: number;
  /** Effective sample size per output neuron, 1/Σ ω². */
  ess: number[];
  jitter?: number;
}

/** The update case through the app's ops (float32). */
export function runUpdate(c: UpdateCase): UpdateResult {
  const mu = tf.tensor2d(c.weight_mean);
  const cov = tf.tensor3d(c.weight_cov);
  let post: LayerPosterior = { name: 'case', mu, cov, diag: null, prior: blockDiagonal(cov) };
  let rejected = 0;

  for (const o of c.observations) {
    // The head's moment pass and its deltas at the observed output: δm = e/S, δv = −1/S.
    const obs = tf.tidy(() => {
      const n = o.input.mean.length;
      const x = {
        m: tf.tensor3d([[o.input.mean]], [1, 1, n]),
        v: tf.tensor3d([[o.input.var]], [1, 1, n]),
      };
      const out = linearBayes(x, post.mu, post.cov, null);
      const S = tf.add(out.v, c.R);
      const e = tf.sub(tf.tensor3d([[o.y]]), out.m);
      return pseudoObservations(x, out, { dm: tf.div(e, S), dv: tf.div(-1, S) });
    });
    rejected += obs.rejected.dataSync()[0];
    if (obs.anyUse.dataSync()[0] > 0) {
      const next = applyPseudoObservations(post, obs, [0]);
      tf.dispose([post.mu, post.cov as tf.Tensor3D]);
      post = next;
    }
    tf.dispose(Object.values(obs));
  }

  const result: UpdateResult = {
    kind: 'update',
    weight_mean: post.mu.arraySync(),
    weight_cov: (post.cov as tf.Tensor3D).arraySync(),
    rejected,
  };
  tf.dispose([post.mu, post.cov as tf.Tensor3D, post.prior]);
  if (c.monte_carlo) result.mc = updateMc(c, c.monte_carlo.samples, c.monte_carlo.seed);
  return result;
}

/**
 * Importance sampling: weights drawn from the prior, each weighted by Π_obs N(y; wᵀm̄,
 * wᵀdiag(v̄)w + R) in log space, self-normalised. SEs: √(weighted variance / ESS).
 * With zero input variance this targets the exact Bayesian linear regression posterior.
 */
function updateMc(c: UpdateCase, samples: number, seed: number): UpdateMc {
  const rng = makeRng(seed);
  const sampler = weightSampler(c.weight_mean, c.weight_cov);
  const { nOut, d1 } = sampler;
  const draws = new Float64Array(samples * nOut * d1);
  const logw = Array.from({ length: nOut }, () => new Float64Array(samples));
  const w = new Float64Array(nOut * d1);

  // Draw from the prior and score every neuron's weights against its observations.
  for (let s = 0; s < samples; s++) {
    sampler.draw(rng.normal, w);
    draws.set(w, s * nOut * d1);
    for (let n = 0; n < nOut; n++) {
      let lw = 0;
      for (const o of c.observations) {
        let mean = w[n * d1 + d1 - 1];
        let variance = c.R;
        for (let i = 0; i < d1 - 1; i++) {
          const wi = w[n * d1 + i];
          mean += wi * o.input.mean[i];
          variance += wi * wi * o.input.var[i];
        }
        lw += -0.5 * Math.log(2 * Math.PI * variance) - (o.y[n] - mean) ** 2 / (2 * variance);
      }
      logw[n][s] = lw;
    }
  }

  const mc: UpdateMc = {
    weight_mean: [],
    weight_cov: [],
    weight_mean_se: [],
    weight_cov_se: [],
    samples,
    ess: [],
  };
  for (let n = 0; n < nOut; n++) {
    const est = weightedMoments(draws, logw[n], samples, nOut * d1, n * d1, d1);
    mc.weight_mean.push(est.mean);
    mc.weight_cov.push(est.cov);
    mc.weight_mean_se.push(est.meanSe);
    mc.weight_cov_se.push(est.covSe);
    mc.ess.push(est.ess);
  }
  if (sampler.jitter > 0) mc.jitter = sampler.jitter;
  return mc;
}

/** Self-normalised weighted mean and covariance of d entries at `offset` of each draw. */
function weightedMoments(
  draws: Float64Array,
  logw: Float64Array,
  samples: number,
  stride: number,
  offset: number,
  d: number,
) {
  const max = logw.reduce((p, x) => Math.max(p, x), -Infinity);
  const omega = logw.map((x) => Math.exp(x - max));
  const total = omega.reduce((p, x) => p + x, 0);
  for (let s = 0; s < samples; s++) omega[s] /= total;
  const ess = 1 / omega.reduce((p, x) => p + x * x, 0);
  const at = (s: number, i: number) => draws[s * stride + offset + i];

  const mean = new Array<number>(d).fill(0);
  for (let s = 0; s < samples; s++) for (let i = 0; i < d; i++) mean[i] += omega[s] * at(s, i);
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const covSe = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let c = 0;
      for (let s = 0; s < samples; s++) c += omega[s] * (at(s, i) - mean[i]) * (at(s, j) - mean[j]);
      let spread = 0;
      for (let s = 0; s < samples; s++)
        spread += omega[s] * ((at(s, i) - mean[i]) * (at(s, j) - mean[j]) - c) ** 2;
      cov[i][j] = cov[j][i] = c;
      covSe[i][j] = covSe[j][i] = Math.sqrt(spread / ess);
    }
  }
  const meanSe = mean.map((_, i) => Math.sqrt(Math.max(cov[i][i], 0) / ess));
  return { mean, cov, meanSe, covSe, ess };
}
