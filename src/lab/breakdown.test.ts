import { describe, expect, it } from 'vitest';
import { breakdownFlags, measuredSummary, normalCdf } from './breakdown';
import { customCase } from './labCase';

const kinds = (flags: { kind: string; warn: boolean }[]) =>
  flags.filter((f) => f.warn).map((f) => f.kind);

describe('breakdown flags', () => {
  it('normal cdf within 1.5e-7 of tabulated values', () => {
    expect(Math.abs(normalCdf(0) - 0.5)).toBeLessThan(1.5e-7);
    expect(Math.abs(normalCdf(1) - 0.8413447461)).toBeLessThan(1.5e-7);
    expect(Math.abs(normalCdf(-2) - 0.0227501319)).toBeLessThan(1.5e-7);
  });

  it('small variance, clear winner: no warning', () => {
    const c = customCase({ means: [2, 0, -1], vars: [1, 1, 1], rho: 0 }, 0.01);
    expect(kinds(breakdownFlags(c, ['a', 'b', 'c']))).toEqual([]);
  });

  it('flags a near-tie between the two largest logits, naming them', () => {
    const c = customCase({ means: [0.5, 0.6, -2], vars: [1, 1, 1], rho: 0 }, 0.5);
    const flags = breakdownFlags(c, ['a', 'b', 'c']);
    expect(kinds(flags)).toEqual(['near-tie']);
    expect(flags.find((f) => f.kind === 'near-tie')!.text).toMatch(/b and a are 0\.1 apart/);
  });

  it('flags large variance and a saturated row that still flips', () => {
    const c = customCase({ means: [6, 0], vars: [1, 1], rho: 0 }, 4);
    expect(kinds(breakdownFlags(c, ['a', 'b']))).toEqual(['variance', 'saturated']);
  });

  it('a saturated row that never flips is noted but not a warning', () => {
    const c = customCase({ means: [6, 0], vars: [1, 1], rho: 0 }, 0.01);
    const flags = breakdownFlags(c, ['a', 'b']);
    expect(flags.map((f) => f.kind)).toContain('saturated');
    expect(kinds(flags)).toEqual([]);
  });

  it('a common shift does not count: ρ → 1 shrinks the differences', () => {
    const c = customCase({ means: [1, 0], vars: [4, 4], rho: 0.999 }, 1);
    expect(kinds(breakdownFlags(c, ['a', 'b']))).toEqual([]);
  });
});

describe('measured summary', () => {
  const m = (mean: number[], v: number[]) => ({
    mean,
    cov: v.map((x, i) => v.map((_, j) => (i === j ? x : 0))),
  });
  it('names the closer order and the direction of the variances', () => {
    const result = {
      taylor1: m([0.6, 0.4], [0.02, 0.02]),
      taylor2: m([0.55, 0.45], [0.02, 0.02]),
      mc: {
        ...m([0.56, 0.44], [0.04, 0.04]),
        mean_se: [1e-3, 1e-3],
        cov_se: [
          [1e-4, 0],
          [0, 1e-4],
        ],
        samples: 1000,
      },
    };
    expect(measuredSummary(result)).toMatch(
      /2nd-order mean is closer .*0\.04 for 1st, 0\.01 for 2nd/,
    );
    expect(measuredSummary(result)).toMatch(/0\.5 × Monte Carlo's \(understated\)/);
    expect(measuredSummary({ taylor1: result.taylor1, taylor2: result.taylor2 })).toBeNull();
  });

  it('Σ = 0 (a point mass): no ratio of rounding over rounding, says there is no variance', () => {
    // Seen in the lab with every variance 0: Monte Carlo's variances 1.5e-25, Taylor's 0.
    const result = {
      taylor1: m([1, 0], [0, 0]),
      taylor2: m([1, 0], [0, 0]),
      mc: {
        ...m([1, 1.1e-7], [1.5e-25, 2.5e-26]),
        mean_se: [4e-15, 2e-15],
        cov_se: [
          [2e-27, 0],
          [0, 4e-28],
        ],
        samples: 1000,
      },
    };
    const text = measuredSummary(result)!;
    expect(text).toMatch(/no variance to compare/);
    expect(text).not.toMatch(/understated|× Monte Carlo/);
  });
});
