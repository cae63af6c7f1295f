import { describe, expect, it } from 'vitest';
import { deriveSeed, makeRng } from './rng';

function draws(seed: number, n: number): number[] {
  const rng = makeRng(seed);
  return Array.from({ length: n }, () => rng.uniform());
}

describe('makeRng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = makeRng(42);
    const b = makeRng(42);
    for (let i = 0; i < 100; i++) {
      expect(a.uniform()).toBe(b.uniform());
      expect(a.normal()).toBe(b.normal());
      expect(a.range(-2, 3)).toBe(b.range(-2, 3));
      expect(a.int(7)).toBe(b.int(7));
    }
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = draws(1, 1000);
    const b = draws(2, 1000);
    expect(a[0]).not.toBe(b[0]);
    // Sample correlation of two independent uniform streams: |r| ≲ 3/√1000 ≈ 0.095.
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const ma = mean(a);
    const mb = mean(b);
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) ** 2;
      sbb += (b[i] - mb) ** 2;
    }
    expect(Math.abs(sab / Math.sqrt(saa * sbb))).toBeLessThan(0.1);
  });

  it('draws uniforms in [0, 1), ranges in [lo, hi) and integers in {0..n-1}', () => {
    const rng = makeRng(3);
    const seen = new Set<number>();
    let uMin = 1;
    let uMax = 0;
    let rMin = 1;
    let rMax = -1;
    let allIntegers = true;
    for (let i = 0; i < 10_000; i++) {
      const u = rng.uniform();
      uMin = Math.min(uMin, u);
      uMax = Math.max(uMax, u);
      const r = rng.range(-0.05, 0.05);
      rMin = Math.min(rMin, r);
      rMax = Math.max(rMax, r);
      const k = rng.int(5);
      allIntegers &&= Number.isInteger(k);
      seen.add(k);
    }
    expect(uMin).toBeGreaterThanOrEqual(0);
    expect(uMax).toBeLessThan(1);
    expect(rMin).toBeGreaterThanOrEqual(-0.05);
    expect(rMax).toBeLessThan(0.05);
    expect(allIntegers).toBe(true);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(rng.int(0)).toBe(0);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = makeRng(11);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    // Standard errors: mean 1/√n ≈ 0.003, variance √(2/n) ≈ 0.0045; allow ~4 of them.
    expect(Math.abs(s / n)).toBeLessThan(0.013);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });
});

describe('deriveSeed', () => {
  it('is deterministic and separates labels and parents', () => {
    expect(deriveSeed(7, 'demo')).toBe(deriveSeed(7, 'demo'));
    const seeds = new Set([
      deriveSeed(7, 'demo'),
      deriveSeed(7, 'eval'),
      deriveSeed(7, 'agent'),
      deriveSeed(8, 'demo'),
      deriveSeed(0, 'demo'),
    ]);
    expect(seeds.size).toBe(5);
    const s = deriveSeed(7, 'demo');
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(draws(deriveSeed(7, 'demo'), 3)).not.toEqual(draws(deriveSeed(7, 'eval'), 3));
  });
});
