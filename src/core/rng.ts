import { randomLcg, randomNormal } from 'd3-random';

/** A seeded source of random numbers. The same seed always yields the same sequence. */
export interface Rng {
  /** Uniform draw in [0, 1). */
  uniform(): number;
  /** Uniform draw in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Standard normal draw N(0, 1). */
  normal(): number;
  /** Uniform integer in {0, …, n − 1}; n is floored and must be ≥ 1 (else 0 is returned). */
  int(n: number): number;
}

/** Murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds any finite number (integer or not, negative or not) into a 32-bit word. */
function seedWord(seed: number): number {
  const s = Number.isFinite(seed) ? seed : 0;
  const lo = s >>> 0;
  const hi = Math.floor(s / 4294967296) >>> 0;
  const frac = Math.floor((s - Math.floor(s)) * 4294967296) >>> 0;
  return mix32(lo ^ mix32(hi ^ mix32(frac + 0x9e3779b9)));
}

/**
 * Makes an Rng from a seed (any finite number; nearby seeds give unrelated streams because
 * the seed is hashed before it reaches d3's linear congruential generator).
 */
export function makeRng(seed: number): Rng {
  // d3's lcg reads seeds in [0, 1) as fractions; give it an integer ≥ 1 instead.
  const source = randomLcg(seedWord(seed) || 1);
  const normal = randomNormal.source(source)(0, 1);
  return {
    uniform: source,
    range: (lo, hi) => lo + (hi - lo) * source(),
    normal,
    int: (n) => {
      const m = Math.floor(n);
      return m >= 1 ? Math.min(m - 1, Math.floor(source() * m)) : 0;
    },
  };
}

/**
 * Derives the seed of an independent sub-stream (e.g. 'demo', 'eval', 'agent') from a parent
 * seed and a label. Deterministic; returns an unsigned 32-bit integer.
 */
export function deriveSeed(seed: number, label: string): number {
  // FNV-1a over the label's UTF-16 code units, started from the parent seed's word.
  let h = (0x811c9dc5 ^ seedWord(seed)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}
