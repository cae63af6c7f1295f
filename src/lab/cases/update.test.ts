import '../../testing/tfCpu';
import { readFileSync } from 'node:fs';
import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../core/rng';
import { evaluateCase, parseCase, runCase } from '.';
import type { UpdateResult } from './update';
import { worst } from './tolerance';

const K = 5; // standard errors allowed

/** Parse a case (must be valid) and run it. */
function run(json: object): UpdateResult {
  const parsed = parseCase(json);
  if (!parsed.ok) throw new Error(parsed.error);
  return runCase(parsed.value) as UpdateResult;
}

/** Closed-form Bayesian linear regression in float64 for neuron n of a case with v = 0. */
function blr(c: ReturnType<typeof randomCase>, n: number) {
  const prec0 = inverse(new Matrix(c.weight_cov[n]));
  const Phi = new Matrix(c.observations.map((o) => [...o.input.mean, 1]));
  const y = Matrix.columnVector(c.observations.map((o) => o.y[n]));
  const Sigma = inverse(prec0.clone().add(Phi.transpose().mmul(Phi).div(c.R)));
  const rhs = prec0
    .mmul(Matrix.columnVector(c.weight_mean[n]))
    .add(Phi.transpose().mmul(y).div(c.R));
  return { mu: Sigma.mmul(rhs).to1DArray(), Sigma: Sigma.to2DArray() };
}

/** A seeded case: n_in inputs, 2 outputs, correlated prior blocks, `obs` observations, noise R. */
function randomCase(nIn: number, obs: number, inputVar: number, seed: number, R = 0.05) {
  const rng = makeRng(seed);
  const d1 = nIn + 1;
  const block = (s: number) =>
    Array.from({ length: d1 }, (_, i) =>
      Array.from({ length: d1 }, (_, j) => (i === j ? s : s * 0.25)),
    );
  return {
    kind: 'update' as const,
    weight_mean: [0, 1].map(() => Array.from({ length: d1 }, () => 0.5 * rng.normal())),
    weight_cov: [block(0.09), block(0.04)],
    R,
    observations: Array.from({ length: obs }, () => ({
      input: {
        mean: Array.from({ length: nIn }, () => rng.normal()),
        var: Array.from({ length: nIn }, () => inputVar),
      },
      y: [0.7 * rng.normal(), 0.7 * rng.normal()],
    })),
  };
}

describe('update case', () => {
  it('with zero input variance equals closed-form Bayesian linear regression (1e-5)', () => {
    const c = randomCase(3, 8, 0, 31);
    const out = run(c);
    expect(out.rejected).toBe(0);
    let muErr = 0;
    let covErr = 0;
    let moved = 0;
    for (let n = 0; n < 2; n++) {
      const want = blr(c, n);
      want.mu.forEach((m, i) => {
        muErr = Math.max(muErr, Math.abs(out.weight_mean[n][i] - m));
        moved = Math.max(moved, Math.abs(m - c.weight_mean[n][i]));
        want.Sigma[i].forEach(
          (s, j) => (covErr = Math.max(covErr, Math.abs(out.weight_cov[n][i][j] - s))),
        );
      });
    }
    if (process.env.KBT_MC_REPORT)
      console.log(`[mc] update BLR: mu ${muErr} cov ${covErr} moved ${moved}`);
    expect(muErr).toBeLessThan(1e-5);
    expect(covErr).toBeLessThan(1e-5);
    expect(moved).toBeGreaterThan(100 * 1e-5); // the data moved the posterior far more
  });

  it('cases/update.json: importance sampling from the prior agrees within 5 SE + 1e-5', () => {
    const json = JSON.parse(readFileSync('cases/update.json', 'utf8'));
    const out = run({ ...json, monte_carlo: { samples: 100_000, seed: 41 } });
    const mc = out.mc!;
    if (process.env.KBT_MC_REPORT) console.log(`[mc] update example ESS ${mc.ess}`);
    expect(mc.ess[0]).toBeGreaterThan(1000);
    const rm = worst('update IS mean', out.weight_mean, mc.weight_mean, mc.weight_mean_se, K, 1e-5);
    const rc = worst('update IS cov', out.weight_cov, mc.weight_cov, mc.weight_cov_se, K, 1e-5);
    expect(rm.maxRatio).toBeLessThan(1);
    expect(rc.maxRatio).toBeLessThan(1);
  });

  it('with input variance: the Kalman update stays near the exact (importance-sampled) posterior', () => {
    // The update treats the input-variance term wᵀdiag(v̄)w as extra Gaussian noise at its
    // current expectation; at v = 0.02 against R = 0.1 the stated term is 2e-3 on means and
    // 10% of |cov| + 1e-4 on the covariance.
    const c = randomCase(2, 3, 0.02, 51, 0.1);
    const out = run({ ...c, monte_carlo: { samples: 100_000, seed: 53 } });
    const mc = out.mc!;
    if (process.env.KBT_MC_REPORT) console.log(`[mc] update v>0 ESS ${mc.ess}`);
    expect(Math.min(...mc.ess)).toBeGreaterThan(1000);
    const rel = (x: number) => 0.1 * Math.abs(x) + 1e-4;
    const rm = worst(
      'update v>0 mean',
      out.weight_mean,
      mc.weight_mean,
      mc.weight_mean_se,
      K,
      2e-3,
    );
    const rc = worst('update v>0 cov', out.weight_cov, mc.weight_cov, mc.weight_cov_se, K, rel);
    expect(rm.maxRatio).toBeLessThan(1);
    expect(rc.maxRatio).toBeLessThan(1);
  });

  it('notes observations the guard rejects and a collapsed importance sampler (R = 1e-30)', () => {
    const json = JSON.parse(readFileSync('cases/update.json', 'utf8'));
    const parsed = parseCase({ ...json, R: 1e-30, monte_carlo: { samples: 2000, seed: 4 } });
    if (!parsed.ok) throw new Error(parsed.error);
    const out = evaluateCase(parsed.value);
    if (!out.ok) throw new Error(out.error);
    const r = out.value as UpdateResult;
    expect(r.rejected).toBe(json.observations.length); // float32 cannot recover R from v + R
    expect(r.weight_mean).toEqual(json.weight_mean.map((row: number[]) => row.map(Math.fround)));
    expect(out.notes[0]).toMatch(/^the update's guard rejected 3 \(observation, neuron\) pairs/);
    expect(out.notes[1]).toMatch(
      /^importance sampling collapsed: effective sample size 1\.00 of 2000/,
    );
    // The example itself needs neither note.
    const fine = parseCase(json);
    if (!fine.ok) throw new Error(fine.error);
    const ok = evaluateCase(fine.value);
    expect(ok.ok && ok.notes).toEqual([]);
  });
});
