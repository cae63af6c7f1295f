import '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { buildCase, customCase } from './labCase';
import { computeSweep, logScales } from './labSweep';
import { softmaxCase } from './softmaxCase';

const base = customCase({ means: [1.2, 0.4, 0, -0.7], vars: [1, 0.8, 1.2, 1], rho: 0.2 }, 1);
const SAMPLES = 20_000;
const SEED = 5;

describe('error-versus-scale sweep', () => {
  it('spaces scales evenly on a log axis, ends included', () => {
    const s = logScales(1e-3, 1e2, 26);
    expect(s).toHaveLength(26);
    expect(s[0]).toBeCloseTo(1e-3, 15);
    expect(s[25]).toBeCloseTo(1e2, 10);
    expect(s[5]).toBeCloseTo(1e-2, 15);
  });

  it('each point equals the table the lab shows at that scale (same draws)', () => {
    const scales = [0.01, 0.3, 4];
    const curves = computeSweep({ base, scales, samples: SAMPLES, seed: SEED });
    scales.forEach((scale, k) => {
      const { taylor1, taylor2, mc } = softmaxCase(buildCase(base.mean, base.cov, scale), {
        samples: SAMPLES,
        seed: SEED,
      });
      const worst = (f: (i: number) => number) => Math.max(...base.mean.map((_, i) => f(i)));
      expect(curves.meanError1[k]).toBe(worst((i) => Math.abs(taylor1.mean[i] - mc!.mean[i])));
      expect(curves.meanError2[k]).toBe(worst((i) => Math.abs(taylor2.mean[i] - mc!.mean[i])));
      expect(curves.varError1[k]).toBe(worst((i) => Math.abs(taylor1.cov[i][i] - mc!.cov[i][i])));
      expect(curves.meanSe[k]).toBe(worst((i) => mc!.mean_se[i]));
    });
  });

  it('at a small scale the 1st-order mean is off beyond noise and the 2nd-order one is not', () => {
    // Scale 0.02: ½ tr(H Σ) ≈ 1e-3 (first order's bias) ≫ 3 SE ≈ 2e-4; the second order's
    // O(Σ²) remainder ≈ 1e-5 is below the noise.
    const c = computeSweep({ base, scales: [0.02], samples: SAMPLES, seed: SEED });
    expect(c.meanError1[0]).toBeGreaterThan(3 * c.meanSe[0]);
    expect(c.meanError2[0]).toBeLessThan(3 * c.meanSe[0]);
  });

  it('errors grow with the scale: the variance error at 100 exceeds the one at 0.001', () => {
    const c = computeSweep({ base, scales: [1e-3, 1e2], samples: 2_000, seed: SEED });
    expect(c.varError1[1]).toBeGreaterThan(100 * c.varError1[0]);
    expect(c.meanError1[1]).toBeGreaterThan(100 * c.meanError1[0]);
  });
});
