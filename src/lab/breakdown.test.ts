import { describe, expect, it } from 'vitest';
import { breakdownFlags, normalCdf } from './breakdown';
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
