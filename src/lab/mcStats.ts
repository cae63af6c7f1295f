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

/** Elementwise Monte Carlo mean and variance of n entries, with standard errors. */
export interface ElementMoments {
  mean: number[];
  var: number[];
  mean_se: number[];
  var_se: number[];
}

/**
 * Elementwise moments of `samples` draws of n entries stored sample-major in `x`.
 * SE of the mean std/√N; SE of the variance: std over samples of (x − x̄)², over √N.
 */
export function elementMoments(x: ArrayLike<number>, samples: number, n: number): ElementMoments {
  const { cov, se } = pairedCov(x, x, samples, n);
  const mean = columnMeans(x, samples, n);
  return {
    mean: Array.from(mean),
    var: cov,
    mean_se: cov.map((v) => Math.sqrt(Math.max(v, 0) / samples)),
    var_se: se,
  };
}

/** Column means of a sample-major [samples, n] array. */
function columnMeans(x: ArrayLike<number>, samples: number, n: number): Float64Array {
  const mean = new Float64Array(n);
  for (let s = 0; s < samples; s++) for (let i = 0; i < n; i++) mean[i] += x[s * n + i];
  for (let i = 0; i < n; i++) mean[i] /= samples;
  return mean;
}

/**
 * Entrywise covariance Cov(a_i, b_i) of paired draws (both [samples, n], sample-major),
 * unbiased, and its SE: std over samples of (a_i − ā_i)(b_i − b̄_i), over √N.
 */
export function pairedCov(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  samples: number,
  n: number,
): { cov: number[]; se: number[] } {
  const ma = columnMeans(a, samples, n);
  const mb = a === b ? ma : columnMeans(b, samples, n);
  const sum = new Float64Array(n);
  const sumSq = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) {
      const p = (a[s * n + i] - ma[i]) * (b[s * n + i] - mb[i]);
      sum[i] += p;
      sumSq[i] += p * p;
    }
  }
  const cov: number[] = [];
  const se: number[] = [];
  for (let i = 0; i < n; i++) {
    const m1 = sum[i] / samples;
    cov.push((m1 * samples) / (samples - 1));
    se.push(Math.sqrt(Math.max(sumSq[i] / samples - m1 * m1, 0) / samples));
  }
  return { cov, se };
}
