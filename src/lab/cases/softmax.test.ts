import '../../testing/tfCpu';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCase, runCase } from '.';
import type { SoftmaxResult } from './softmax';
import { worst } from './tolerance';

const K = 5; // standard errors allowed

/** Parse a case (must be valid) and run it. */
function run(json: object): SoftmaxResult {
  const parsed = parseCase(json);
  if (!parsed.ok) throw new Error(parsed.error);
  return runCase(parsed.value) as SoftmaxResult;
}

describe('softmax case', () => {
  it('`var` is the same case as a diagonal `cov`', () => {
    const mean = [0.3, -0.4, 1.2, 0.0, 0.5];
    const v = [0.1, 0.05, 0.2, 0.15, 0.1];
    const cov = v.map((vi, i) => v.map((_, j) => (i === j ? vi : 0)));
    const mc = { samples: 2000, seed: 4 };
    const a = run({ kind: 'softmax', mean, var: v, monte_carlo: mc });
    const b = run({ kind: 'softmax', mean, cov, monte_carlo: mc });
    expect(a).toEqual(b);
  });

  it('cases/softmax.json: second order closer to Monte Carlo; both within their stated terms', () => {
    const json = JSON.parse(readFileSync('cases/softmax.json', 'utf8'));
    const out = run({ ...json, monte_carlo: { samples: 100_000, seed: 8 } });
    const mc = out.mc!;
    const err = (m: number[]) => Math.max(...m.map((x, i) => Math.abs(x - mc.mean[i])));
    const [e1, e2] = [err(out.taylor1.mean), err(out.taylor2.mean)];
    const se = Math.max(...mc.mean_se);
    if (process.env.KBT_MC_REPORT) console.log(`[mc] softmax example: e1 ${e1} e2 ${e2} se ${se}`);

    // Variances 0.25–0.35, no tie (means 1, 0, −0.8): the dropped ½ tr(H Σ) is far above
    // the sampling noise, and the second order removes most of it.
    expect(e1).toBeGreaterThan(10 * se);
    expect(e2).toBeLessThan(0.3 * e1);

    // Stated terms at this variance: first-order mean 0.04 (≈ ½ s Σ), second-order mean
    // 5e-3 (O(Σ²)), covariance J Σ Jᵀ 15% of its largest entry (an O(Σ) relative error that
    // spreads over the matrix, so small entries carry the large ones' share).
    expect(
      worst('softmax t1 mean', out.taylor1.mean, mc.mean, mc.mean_se, K, 0.04).maxRatio,
    ).toBeLessThan(1);
    expect(
      worst('softmax t2 mean', out.taylor2.mean, mc.mean, mc.mean_se, K, 5e-3).maxRatio,
    ).toBeLessThan(1);
    const scale = Math.max(...out.taylor1.cov.flat().map(Math.abs));
    const rc = worst('softmax cov', out.taylor1.cov, mc.cov, mc.cov_se, K, 0.15 * scale);
    expect(rc.maxRatio).toBeLessThan(1);
    expect(out.taylor2.cov).toEqual(out.taylor1.cov); // the op keeps the first-order covariance
  });

  it('n = 1 is exactly 1 with no variance; logits ±1e4 saturate to one-hot, finite', () => {
    const one = run({
      kind: 'softmax',
      mean: [0.3],
      var: [0.5],
      monte_carlo: { samples: 100, seed: 1 },
    });
    for (const t of [one.taylor1, one.taylor2, one.mc]) {
      expect(t?.mean).toEqual([1]);
      expect(t?.cov).toEqual([[0]]);
    }
    const sat = run({ kind: 'softmax', mean: [1e4, -1e4, 0], var: [0.1, 0.1, 0.1] });
    for (const t of [sat.taylor1, sat.taylor2]) {
      expect(t.mean).toEqual([1, 0, 0]);
      expect(t.cov.flat().every((x) => x === 0)).toBe(true);
    }
  });
});
