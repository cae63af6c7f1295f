import { describe, expect, it } from 'vitest';
import { makeRng } from '../core/rng';
import {
  centralZ,
  coverage,
  gaussianNll,
  NOMINAL_LEVELS,
  normQuantile,
  sigmaBins,
  summarize,
  type GaussPrediction,
} from './calibration';

/** n predictions with σ spread over [0.1, 2]; y drawn with true std = scale · σ. */
function synthetic(n: number, scale: number, seed: number): GaussPrediction[] {
  const rng = makeRng(seed);
  const out: GaussPrediction[] = [];
  for (let i = 0; i < n; i++) {
    const mean = rng.range(-3, 3);
    const std = rng.range(0.1, 2);
    out.push({ mean, std, y: mean + scale * std * rng.normal() });
  }
  return out;
}

describe('normal quantile', () => {
  it('matches tabulated quantiles to 1e-7', () => {
    expect(Math.abs(normQuantile(0.975) - 1.959963985)).toBeLessThan(1e-7);
    expect(Math.abs(centralZ(0.9) - 1.644853627)).toBeLessThan(1e-7);
    expect(Math.abs(centralZ(0.5) - 0.6744897502)).toBeLessThan(1e-7);
    expect(Math.abs(normQuantile(0.001) + 3.090232306)).toBeLessThan(1e-7);
    expect(normQuantile(0.5)).toBe(0);
  });
});

describe('calibration of Gaussian predictions', () => {
  const n = 4000;
  const calibrated = synthetic(n, 1, 11);

  it('calibrated predictions cover each nominal level within 4 binomial standard errors', () => {
    const cov = coverage(calibrated);
    expect(cov.map((c) => c.nominal)).toEqual(NOMINAL_LEVELS);
    for (const c of cov) {
      const tol = 4 * Math.sqrt((c.nominal * (1 - c.nominal)) / n); // ≤ 0.0316 at p = 0.5
      expect(Math.abs(c.observed - c.nominal)).toBeLessThan(tol);
    }
  });

  it('overconfident predictions (true spread 2σ) are detected at every level', () => {
    const cov = coverage(synthetic(n, 2, 12));
    for (const c of cov) {
      // Expected coverage is P(|Z| ≤ z/2), far below nominal (0.59 at nominal 0.9).
      const tol = 4 * Math.sqrt((c.nominal * (1 - c.nominal)) / n);
      expect(c.nominal - c.observed).toBeGreaterThan(tol);
    }
  });

  it('mean NLL equals ½log2π + E[log σ] + ½ within 4 standard errors', () => {
    const nll = gaussianNll(calibrated)!;
    const expected =
      0.5 * Math.log(2 * Math.PI) + calibrated.reduce((s, p) => s + Math.log(p.std!), 0) / n + 0.5;
    // Var(½z²) = ½, so the standard error of the mean is √(0.5 / n) ≈ 0.0112.
    expect(Math.abs(nll - expected)).toBeLessThan(4 * Math.sqrt(0.5 / n));
    const overconfident = gaussianNll(synthetic(n, 2, 12))!;
    expect(overconfident).toBeGreaterThan(nll + 1);
  });

  it('σ bins: rms error ≈ mean σ within 4 standard errors of each bin', () => {
    const bins = sigmaBins(calibrated, 8);
    expect(bins).toHaveLength(8);
    expect(bins.reduce((s, b) => s + b.n, 0)).toBe(n);
    for (const b of bins) {
      expect(b.sigmaLo).toBeLessThanOrEqual(b.meanSigma);
      expect(b.meanSigma).toBeLessThanOrEqual(b.sigmaHi);
      // rms of n Gaussians has relative standard error ≈ 1/√(2n); σ varies a little inside a bin.
      const tol = 4 / Math.sqrt(2 * b.n) + (b.sigmaHi - b.sigmaLo) / b.meanSigma;
      expect(Math.abs(b.rmsError / b.meanSigma - 1)).toBeLessThan(tol);
      // E|e| = √(2/π) σ for a Gaussian error; relative SE of the mean |e| ≈ 0.76/√n.
      const abs = b.meanAbsError / (Math.sqrt(2 / Math.PI) * b.meanSigma);
      expect(Math.abs(abs - 1)).toBeLessThan((4 * 0.76) / Math.sqrt(b.n) + tol);
    }
  });

  it('point predictions (std null) are reported as no uncertainty, never scored', () => {
    const point = calibrated.map((p) => ({ ...p, std: null }));
    const s = summarize(point);
    expect(s.uncertain).toBe(false);
    expect(s.coverage).toEqual([]);
    expect(s.nll).toBeNull();
    expect(s.bins).toEqual([]);
    expect(s.rmse).toBeGreaterThan(0);
    expect(summarize([]).rmse).toBeNaN();
  });

  it('bad values (NaN, zero or negative std) are skipped, not propagated', () => {
    const s = summarize([
      { mean: 0, std: 1, y: 0.5 },
      { mean: Number.NaN, std: 1, y: 0 },
      { mean: 0, std: 0, y: 0 },
      { mean: 0, std: -1, y: 0 },
    ]);
    expect(s.n).toBe(1);
    expect(Number.isFinite(s.nll!)).toBe(true);
  });
});
