import '../../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { parseCase, runCase, type MomentsCase } from '.';
import type { ElementResult, ReluResult } from './elementwise';
import { worst } from './tolerance';

const K = 5; // standard errors allowed
const MC = { samples: 100_000, seed: 5 };

/** Parse a literal case (must be valid) and run it. */
function run<R>(json: object): R {
  const parsed = parseCase(json);
  if (!parsed.ok) throw new Error(parsed.error);
  return runCase(parsed.value as MomentsCase) as R;
}

describe('elementwise cases against Monte Carlo', () => {
  it('relu: exact moments and Cov(a, relu a), to 5 SE + 1e-6 (float32)', () => {
    const out = run<ReluResult>({
      kind: 'relu',
      mean: [-1.5, -0.2, 0, 0.4, 2],
      var: [0.5, 1, 0.3, 0.2, 0.1],
      monte_carlo: MC,
    });
    const mc = out.mc!;
    expect(worst('relu mean', out.mean, mc.mean, mc.mean_se, K, 1e-6).maxRatio).toBeLessThan(1);
    expect(worst('relu var', out.var, mc.var, mc.var_se, K, 1e-6).maxRatio).toBeLessThan(1);
    const io = worst('relu cov_in_out', out.cov_in_out, mc.cov_in_out, mc.cov_in_out_se, K, 1e-6);
    expect(io.maxRatio).toBeLessThan(1);
  });

  it('product: exact moments of independent factors, to 5 SE + 1e-6', () => {
    const out = run<ElementResult<'product'>>({
      kind: 'product',
      mean1: [1, -0.5, 0.2, 0],
      var1: [0.1, 0.3, 0.05, 0.4],
      mean2: [0.4, 2, -1, 0.7],
      var2: [0.2, 0.1, 0.5, 0.3],
      monte_carlo: MC,
    });
    const mc = out.mc!;
    expect(worst('product mean', out.mean, mc.mean, mc.mean_se, K, 1e-6).maxRatio).toBeLessThan(1);
    expect(worst('product var', out.var, mc.var, mc.var_se, K, 1e-6).maxRatio).toBeLessThan(1);
  });

  it('layernorm: fixed statistics, up to the stated O(1/D) term', () => {
    const D = 8;
    const mean = [0.5, -0.2, 1.3, 0.1, -1.1, 0.8, -0.4, 0.0];
    const v = [0.01, 0.02, 0.005, 0.015, 0.01, 0.02, 0.01, 0.005];
    const gamma = [1, 0.8, 1.2, 1, 0.9, 1.1, 1, 0.7];
    const eps = 1e-5;
    const out = run<ElementResult<'layernorm'>>({
      kind: 'layernorm',
      mean,
      var: v,
      gamma,
      beta: [0, 0.1, -0.1, 0, 0.2, 0, -0.2, 0],
      eps,
      monte_carlo: MC,
    });
    const mc = out.mc!;

    // Holding the statistics fixed drops the noise's pull on them (the full Jacobian is
    // (I − 11ᵀ/D − z zᵀ/D)/σ). Stated terms, per feature d, with z the standardized mean and
    // σ² = v_s + ε: variance 1.5 (1 + z²)(v̄ + 2 v_d)/D · γ²/σ²; mean (second order)
    // 2 (1 + z²) v̄ /(D σ²) · |γ| (1 + |z|).
    const ms = mean.reduce((p, x) => p + x, 0) / D;
    const vBar = v.reduce((p, x) => p + x, 0) / D;
    const sigma2 = mean.reduce((p, x) => p + (x - ms) ** 2, 0) / D + vBar + eps;
    const z = mean.map((x) => (x - ms) / Math.sqrt(sigma2));
    const spread = z.map((zi) => (1 + zi * zi) / D);
    const absVar = spread.map((s, d) => (1.5 * s * (vBar + 2 * v[d]) * gamma[d] ** 2) / sigma2);
    const absMean = spread.map(
      (s, d) => ((2 * s * vBar) / sigma2) * Math.abs(gamma[d]) * (1 + Math.abs(z[d])),
    );
    const perEntry = (abs: number[]) => {
      let i = 0;
      return () => abs[i++];
    };
    const rm = worst('layernorm mean', out.mean, mc.mean, mc.mean_se, K, perEntry(absMean));
    const rv = worst('layernorm var', out.var, mc.var, mc.var_se, K, perEntry(absVar));
    expect(rm.maxRatio).toBeLessThan(1);
    expect(rv.maxRatio).toBeLessThan(1);
  });
});
