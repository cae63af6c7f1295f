import { describe, expect, it } from 'vitest';
import { decadeDomain } from './logDomain';

/** Powers of ten inside [lo, hi]. */
const decades = ([lo, hi]: [number, number]) =>
  Math.floor(Math.log10(hi) + 1e-9) - Math.ceil(Math.log10(lo) - 1e-9) + 1;

describe('error plot y-range', () => {
  it('a flat curve (Σ = 0, errors all 2e-8) still spans two labelled decades', () => {
    const d = decadeDomain([2e-8, 2e-8, 2.1e-8, 1e-14, Number.NaN], 1e-9);
    expect(d[0]).toBeLessThanOrEqual(2e-8);
    expect(d[1]).toBeGreaterThanOrEqual(2.1e-8);
    expect(decades(d)).toBeGreaterThanOrEqual(2);
  });

  it('covers a wide range with room, and falls back without values', () => {
    const d = decadeDomain([3e-5, 0.2], 1e-9);
    expect(d[0]).toBeLessThanOrEqual(1.5e-5);
    expect(d[1]).toBeGreaterThanOrEqual(0.4);
    expect(decadeDomain([0, Number.NaN, Infinity], 1e-9)).toEqual([1e-6, 1]);
  });
});
