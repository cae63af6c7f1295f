/**
 * Monte Carlo summaries in float64 over a sample-major array: mean, unbiased covariance
 * and their standard errors, for the lab and the `moments` command line.
 */

/** Sample mean (n), covariance (n×n) with standard errors, and the sample count. */
export interface SampleMoments {
  mean: number[];
  cov: number[][];
  mean_se: number[];
  cov_se: number[][];
  samples: number;
}

/**
 * Moments of `samples` draws of an n-vector stored sample-major in `x` (x[s·n + i]).
 * SE of the mean: std/√N. SE of a covariance entry: the standard deviation over samples of
 * (x_i − x̄_i)(x_j − x̄_j), divided by √N.
 */
export function momentsFromSamples(
  x: ArrayLike<number>,
  samples: number,
  n: number,
): SampleMoments {
  const N = samples;
  const mean = new Float64Array(n);
  for (let s = 0; s < N; s++) for (let i = 0; i < n; i++) mean[i] += x[s * n + i];
  for (let i = 0; i < n; i++) mean[i] /= N;

  // Σ of centred products and of their squares, upper triangle.
  const sum = new Float64Array(n * n);
  const sumSq = new Float64Array(n * n);
  const c = new Float64Array(n);
  for (let s = 0; s < N; s++) {
    for (let i = 0; i < n; i++) c[i] = x[s * n + i] - mean[i];
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const prod = c[i] * c[j];
        sum[i * n + j] += prod;
        sumSq[i * n + j] += prod * prod;
      }
    }
  }

  const cov = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const covSe = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const m1 = sum[i * n + j] / N;
      const spread = Math.max(sumSq[i * n + j] / N - m1 * m1, 0);
      cov[i][j] = cov[j][i] = (m1 * N) / (N - 1);
      covSe[i][j] = covSe[j][i] = Math.sqrt(spread / N);
    }
  }
  const meanSe = Array.from({ length: n }, (_, i) => Math.sqrt(Math.max(cov[i][i], 0) / N));
  return { mean: Array.from(mean), cov, mean_se: meanSe, cov_se: covSe, samples: N };
}
