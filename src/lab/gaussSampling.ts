/**
 * Sampling correlated Gaussians for Monte Carlo checks: a Cholesky factor of a covariance
 * (PSD or singular, with a small reported jitter) via ml-matrix.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** Relative jitters tried in turn (times the largest diagonal entry, or 1 if that is 0). */
const JITTERS = [0, 1e-12, 1e-10, 1e-8, 1e-6];

/** Lower-triangular L with L Lᵀ = cov + jitter·I, and the jitter that was needed (0 if none). */
export interface CholeskyFactor {
  L: number[][];
  jitter: number;
}

/**
 * Cholesky factor of a symmetric covariance (of its symmetric part, so rounding noise
 * between [i][j] and [j][i] is harmless). A singular PSD matrix (e.g. a zero variance)
 * gets the smallest diagonal jitter in JITTERS that makes it positive definite; a matrix
 * that still fails is not a covariance and throws.
 */
export function choleskyFactor(cov: number[][]): CholeskyFactor {
  const n = cov.length;
  const scale = Math.max(0, ...cov.map((row, i) => row[i])) || 1;
  // ml-matrix refuses any asymmetry, even rounding noise: factor the symmetric part.
  const sym = new Matrix(cov).add(new Matrix(cov).transpose()).mul(0.5);
  for (const rel of JITTERS) {
    const jitter = rel * scale;
    const m = sym.clone().add(Matrix.eye(n).mul(jitter));
    const chol = new CholeskyDecomposition(m);
    if (chol.isPositiveDefinite()) return { L: chol.lowerTriangularMatrix.to2DArray(), jitter };
  }
  throw new Error('[gaussSampling] cov: not positive semi-definite (Cholesky fails)');
}

/** Cholesky row-vector product: z = mean + L u for one draw u (length n) into out. */
export function correlatedDraw(
  mean: ArrayLike<number>,
  L: number[][],
  u: ArrayLike<number>,
  offset: number,
  out: Float64Array,
): void {
  for (let i = 0; i < out.length; i++) {
    let acc = mean[i];
    for (let k = 0; k <= i; k++) acc += L[i][k] * u[offset + k];
    out[i] = acc;
  }
}

/** Draws whole weight matrices of a Bayesian linear layer from N(μ_n, C_n) per neuron. */
export interface WeightSampler {
  /** Output neurons and weights per neuron (inputs + bias). */
  nOut: number;
  d1: number;
  /** Largest jitter any block needed (0 if none). */
  jitter: number;
  /** Fill out (n_out·d1, row-major, bias last) with one draw, using `normal` for N(0, 1). */
  draw(normal: () => number, out: Float64Array): void;
}

/** A sampler for weights with means [n_out][d1] and covariance blocks [n_out][d1][d1]. */
export function weightSampler(mean: number[][], cov: number[][][]): WeightSampler {
  const nOut = mean.length;
  const d1 = mean[0].length;
  const factors = cov.map(choleskyFactor);
  const u = new Float64Array(d1);
  const w = new Float64Array(d1);
  return {
    nOut,
    d1,
    jitter: Math.max(0, ...factors.map((f) => f.jitter)),
    draw(normal, out) {
      for (let n = 0; n < nOut; n++) {
        for (let i = 0; i < d1; i++) u[i] = normal();
        correlatedDraw(mean[n], factors[n].L, u, 0, w);
        out.set(w, n * d1);
      }
    },
  };
}
