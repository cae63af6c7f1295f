import '../../testing/tfCpu';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCase, runCase } from '.';
import type { AttentionResult } from './attention';
import { leaves, worst } from './tolerance';

const K = 5; // standard errors allowed
const MC = { samples: 50_000, seed: 21 };

/** Parse a case (must be valid) and run it. */
function run(json: object): AttentionResult {
  const parsed = parseCase(json);
  if (!parsed.ok) throw new Error(parsed.error);
  return runCase(parsed.value) as AttentionResult;
}

/** Weights {weight_mean, weight_cov} with blocks s·(ρ off the diagonal) per output. */
function layer(mean: number[][], s: number, rho: number) {
  const d1 = mean[0].length;
  const block = Array.from({ length: d1 }, (_, i) =>
    Array.from({ length: d1 }, (_, j) => (i === j ? s : s * rho)),
  );
  return { weight_mean: mean, weight_cov: mean.map(() => block) };
}

const example = JSON.parse(readFileSync('cases/attention.json', 'utf8'));
const T = example.input.mean.length;
const knownInput = {
  mean: [
    [0.9, -0.6],
    [1.2, 0.4],
    [-0.7, 1.1],
    [0.3, 0.8],
  ],
  var: Array.from({ length: 4 }, () => [0, 0]),
};

describe('attention case against Monte Carlo', () => {
  it('row mode, known input, Bayesian Q, K, V: scores exact, weights and outputs close', () => {
    const out = run({
      kind: 'attention',
      input: knownInput,
      wq: layer(
        [
          [0.8, -0.3, 0.1],
          [0.2, 0.9, -0.1],
        ],
        0.04,
        0.2,
      ),
      wk: layer(
        [
          [0.6, 0.4, 0.0],
          [-0.5, 0.7, 0.2],
        ],
        0.08,
        0.3,
      ),
      wv: layer(
        [
          [1.0, 0.0, 0.1],
          [0.0, 1.0, -0.1],
        ],
        0.04,
        0.0,
      ),
      order: 2,
      scores: 'row',
      monte_carlo: MC,
    });
    const mc = out.mc!;
    const s = out.scores;

    // With the input known, Q_i is independent of K and each score is a sum of products:
    // mean and row covariance are exact (5 SE + 1e-5 for float32).
    expect(
      worst('attn row S mean', s.mean, mc.scores.mean, mc.scores.mean_se, K, 1e-5).maxRatio,
    ).toBeLessThan(1);
    expect(
      worst('attn row S cov', s.cov!, mc.scores.cov, mc.scores.cov_se, K, 1e-5).maxRatio,
    ).toBeLessThan(1);

    // Weights: second-order Taylor mean, first-order J Σ Jᵀ covariance, whose relative error
    // is O(Σ): stated terms 2e-3 on the mean, and on the variance the largest score variance
    // (0.27 here) times |closed| + 5e-4. Outputs carry the same relative term (A and V are
    // independent given the input), 3e-3 on the mean (2e-3 × |V| ≲ 1.5).
    const vMax = Math.max(...(leaves(s.var).filter((x) => x !== null) as number[]));
    expect(vMax).toBeLessThan(0.3);
    const rel = (c: number) => vMax * Math.abs(c) + 5e-4;
    const w = out.weights;
    expect(
      worst('attn row A mean', w.mean, mc.weights.mean, mc.weights.mean_se, K, 2e-3).maxRatio,
    ).toBeLessThan(1);
    expect(
      worst('attn row A var', w.var, mc.weights.var, mc.weights.var_se, K, rel).maxRatio,
    ).toBeLessThan(1);
    const o = out.output;
    expect(
      worst('attn row O mean', o.mean, mc.output.mean, mc.output.mean_se, K, 3e-3).maxRatio,
    ).toBeLessThan(1);
    expect(
      worst('attn row O var', o.var, mc.output.var, mc.output.var_se, K, rel).maxRatio,
    ).toBeLessThan(1);
  });

  it('diagonal mode where the scores of a row are independent: scores exact, weights close', () => {
    // Q and V are bias-only (deterministic); K deterministic, each feature reading its own
    // noisy input entry, so the entries of K are independent, as the diagonal mode assumes.
    const zero = (rows: number[][]) => layer(rows, 0, 0);
    const out = run({
      kind: 'attention',
      input: { mean: knownInput.mean, var: knownInput.mean.map(() => [0.05, 0.08]) },
      wq: zero([
        [0, 0, 1.2],
        [0, 0, -0.7],
      ]),
      wk: zero([
        [0.9, 0, 0.1],
        [0, -0.8, 0.2],
      ]),
      wv: zero([
        [0, 0, 1.0],
        [0, 0, -0.5],
      ]),
      order: 2,
      scores: 'diagonal',
      monte_carlo: MC,
    });
    const mc = out.mc!;
    expect(mc.jitter).toBeGreaterThan(0); // zero blocks need the diagonal jitter
    const s = out.scores;
    expect(
      worst('attn diag S mean', s.mean, mc.scores.mean, mc.scores.mean_se, K, 1e-5).maxRatio,
    ).toBeLessThan(1);
    expect(
      worst('attn diag S var', s.var, mc.scores.var, mc.scores.var_se, K, 1e-5).maxRatio,
    ).toBeLessThan(1);
    const w = out.weights;
    const rel = (c: number) => 0.1 * Math.abs(c) + 5e-4;
    expect(
      worst('attn diag A mean', w.mean, mc.weights.mean, mc.weights.mean_se, K, 2e-3).maxRatio,
    ).toBeLessThan(1);
    expect(
      worst('attn diag A var', w.var, mc.weights.var, mc.weights.var_se, K, rel).maxRatio,
    ).toBeLessThan(1);
    // O = A V with V constant: the mean is exact given E[A] (Taylor error 2e-3 × |V| ≤ 1).
    const o = out.output;
    expect(
      worst('attn diag O mean', o.mean, mc.output.mean, mc.output.mean_se, K, 2e-3).maxRatio,
    ).toBeLessThan(1);
  });

  it('cases/attention.json (Bayesian K): row mode is closer to Monte Carlo than diagonal', () => {
    const row = run({ ...example, scores: 'row', monte_carlo: MC });
    const diag = run({ ...example, scores: 'diagonal' });
    const mc = row.mc!;
    const err = (closed: AttentionResult['weights']['var'] | number[][], ref: unknown) =>
      Math.max(
        ...leaves(closed).flatMap((c, i) => {
          const r = leaves(ref as number[][])[i];
          return c === null || r === null ? [] : [Math.abs(c - r)];
        }),
      );
    const errs = {
      rowA: err(row.weights.var, mc.weights.var),
      diagA: err(diag.weights.var, mc.weights.var),
      rowO: err(row.output.var, mc.output.var),
      diagO: err(diag.output.var, mc.output.var),
      seA: Math.max(...(leaves(mc.weights.var_se).filter((x) => x !== null) as number[])),
      seO: Math.max(...leaves(mc.output.var_se).map(Number)),
    };
    if (process.env.KBT_MC_REPORT) console.log('[mc] attention example', JSON.stringify(errs));
    expect(T).toBe(3);
    expect(errs.diagA).toBeGreaterThan(10 * errs.seA);
    expect(errs.rowA).toBeLessThan(errs.diagA / 2);
    expect(errs.diagO).toBeGreaterThan(10 * errs.seO);
    expect(errs.rowO).toBeLessThan(errs.diagO / 2);
  });

  it('T = 1: the only weight is exactly 1 and the output is the value layer (linear case)', () => {
    const one = { mean: [example.input.mean[0]], var: [example.input.var[0]] };
    for (const scores of ['diagonal', 'row']) {
      const out = run({ ...example, input: one, scores, monte_carlo: undefined });
      expect(out.weights.mean).toEqual([[1]]);
      expect(out.weights.var).toEqual([[0]]);
      const lin = runCase({
        kind: 'linear',
        input: { mean: one.mean[0], var: one.var[0] },
        ...example.wv,
      }) as { mean: number[]; var: number[] };
      out.output.mean[0].forEach((m, i) => expect(m).toBeCloseTo(lin.mean[i], 5));
      out.output.var[0].forEach((v, i) => expect(v).toBeCloseTo(lin.var[i], 5));
    }
  });
});
