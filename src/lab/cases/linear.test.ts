import '../../testing/tfCpu';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCase, runCase } from '.';
import type { LinearResult } from './linear';
import { worst } from './tolerance';

const K = 5; // standard errors allowed

describe('linear case', () => {
  it('cases/linear.json: mean and variance exact for independent input and weights (5 SE + 1e-6)', () => {
    const json = JSON.parse(readFileSync('cases/linear.json', 'utf8'));
    json.monte_carlo = { samples: 100_000, seed: 9 };
    const parsed = parseCase(json);
    if (!parsed.ok) throw new Error(parsed.error);
    const out = runCase(parsed.value) as LinearResult;
    const mc = out.mc!;
    expect(mc.jitter).toBeUndefined();
    expect(worst('linear mean', out.mean, mc.mean, mc.mean_se, K, 1e-6).maxRatio).toBeLessThan(1);
    expect(worst('linear var', out.var, mc.var, mc.var_se, K, 1e-6).maxRatio).toBeLessThan(1);
  });

  it('a singular weight covariance (deterministic bias) samples with a reported jitter', () => {
    const parsed = parseCase({
      kind: 'linear',
      input: { mean: [1, -1], var: [0.1, 0.2] },
      weight_mean: [[0.5, 0.3, 0.2]],
      weight_cov: [
        [
          [0.05, 0.01, 0],
          [0.01, 0.04, 0],
          [0, 0, 0],
        ],
      ],
      monte_carlo: { samples: 100_000, seed: 10 },
    });
    if (!parsed.ok) throw new Error(parsed.error);
    const out = runCase(parsed.value) as LinearResult;
    const mc = out.mc!;
    expect(mc.jitter).toBeGreaterThan(0);
    expect(mc.jitter).toBeLessThanOrEqual(1e-6 * 0.05);
    expect(worst('linear sing mean', out.mean, mc.mean, mc.mean_se, K, 1e-6).maxRatio).toBeLessThan(
      1,
    );
    expect(worst('linear sing var', out.var, mc.var, mc.var_se, K, 1e-6).maxRatio).toBeLessThan(1);
  });
});
