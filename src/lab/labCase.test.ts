import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import {
  MAX_LOGITS,
  checkRho,
  checkVar,
  customCase,
  equicorrelated,
  resizeInputs,
  rhoRange,
  rowProblem,
} from './labCase';

/** Smallest eigenvalue of a symmetric matrix. */
function minEigenvalue(m: number[][]): number {
  return Math.min(...new EigenvalueDecomposition(new Matrix(m)).realEigenvalues);
}

describe('lab case builder', () => {
  it('builds N(μ, scale · Σ) with Σ_ij = ρ √(v_i v_j) off the diagonal', () => {
    const c = customCase({ means: [1, 0, -2], vars: [4, 1, 0.25], rho: 0.5 }, 0.1);
    expect(c.mean).toEqual([1, 0, -2]);
    // Entries written out by hand: 0.1 × [[4, 0.5·2·1, 0.5·2·0.5], [., 1, 0.5·1·0.5], [., ., 0.25]].
    const expected = [
      [0.4, 0.1, 0.05],
      [0.1, 0.1, 0.025],
      [0.05, 0.025, 0.025],
    ];
    c.cov.flat().forEach((v, k) => expect(v).toBeCloseTo(expected.flat()[k], 15));
  });

  it('keeps ρ inside the PSD range −1/(n−1)..1, and the clamped matrix is PSD', () => {
    for (let n = 2; n <= MAX_LOGITS; n++) {
      const [lo, hi] = rhoRange(n);
      expect(lo).toBeGreaterThan(-1 / (n - 1));
      expect(hi).toBeLessThan(1);
      const below = checkRho(n, -2, 0);
      expect(below.value).toBe(lo);
      expect(below.message).toMatch(/below/);
      expect(checkRho(n, 3, 0).value).toBe(hi);
      const vars = Array.from({ length: n }, (_, i) => 1 + i);
      // Eigenvalues of the clamped equicorrelation: (1 − ρ) > 0 and 1 + (n − 1)ρ > 0, scaled.
      expect(minEigenvalue(equicorrelated(vars, lo))).toBeGreaterThan(0);
      expect(minEigenvalue(equicorrelated(vars, hi))).toBeGreaterThan(0);
    }
  });

  it('is exactly symmetric, as the Cholesky of the sampler demands', () => {
    const vars = [0.37, 1.9, 2.3, 0.011, 5.7, 0.3, 1.1, 7.3];
    const cov = equicorrelated(vars, 0.37);
    cov.forEach((row, i) => row.forEach((c, j) => expect(c).toBe(cov[j][i])));
  });

  it('clamps a negative variance to 0 and keeps the old value for a non-number', () => {
    expect(checkVar(0, -1, 2)).toEqual({ value: 0, message: expect.stringMatching(/below 0/) });
    expect(checkVar(1, Number.NaN, 2)).toEqual({
      value: 2,
      message: expect.stringMatching(/not a number; kept 2/),
    });
    expect(checkVar(1, 3, 2)).toEqual({ value: 3, message: null });
  });

  it('resizes the row: kept logits keep their values, ρ follows the new range', () => {
    const grown = resizeInputs({ means: [1, 0], vars: [2, 3], rho: -0.9 }, 4);
    expect(grown.means.slice(0, 2)).toEqual([1, 0]);
    expect(grown.means).toHaveLength(4);
    expect(grown.vars).toEqual([2, 3, 3, 3]);
    expect(grown.rho).toBe(rhoRange(4)[0]);
    expect(resizeInputs(grown, 2).means).toEqual([1, 0]);
  });

  it('refuses rows that are not a covariance case, naming the problem', () => {
    expect(
      rowProblem(
        [0, 1],
        [
          [1, 0.2],
          [0.2, 1],
        ],
      ),
    ).toBeNull();
    expect(rowProblem([0, 1], [[1, 0.2]])).toMatch(/2 × 2/);
    expect(
      rowProblem(
        [0, Number.NaN],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ).toMatch(/finite/);
    expect(
      rowProblem(
        [0, 1],
        [
          [-1, 0],
          [0, 1],
        ],
      ),
    ).toMatch(/negative variance/);
    // Found by hand: a 1e300 row was loaded and every Taylor cell read ∞; 1e6 still works.
    expect(
      rowProblem(
        [1, 0],
        [
          [1e300, 0],
          [0, 1e300],
        ],
      ),
    ).toMatch(/variance 1 is 1e\+300, above the 1000000/);
    expect(
      rowProblem(
        [1, 0],
        [
          [1e6, 0],
          [0, 1e6],
        ],
      ),
    ).toBeNull();
    expect(
      rowProblem(
        [0, 1],
        [
          [1, 0.5],
          [0.2, 1],
        ],
      ),
    ).toMatch(/symmetric/);
    expect(rowProblem([], [])).toMatch(/1 to 16/);
    // Correlation 1.5 between two unit variances: eigenvalue −0.5.
    expect(
      rowProblem(
        [0, 1],
        [
          [1, 1.5],
          [1.5, 1],
        ],
      ),
    ).toMatch(/positive semi-definite/);
  });
});
