/**
 * Exact Bayesian linear regression as a Kalman filter on a fixed weight vector: prior
 * N(μ0, σ0² I), scalar observations y = φᵀw + ε with ε ~ N(0, R), one rank-1 update each.
 * Float64, plain arrays (the head has d + 1 ≤ a few hundred weights).
 */

/** Posterior N(mu, cov) over n weights; cov is row-major n × n. */
export class BlrFilter {
  readonly n: number;
  mu: Float64Array;
  cov: Float64Array;

  constructor(
    readonly mu0: ArrayLike<number>,
    readonly sigma0: number,
    readonly obsNoise: number,
  ) {
    this.n = mu0.length;
    this.mu = Float64Array.from(mu0);
    this.cov = new Float64Array(this.n * this.n);
    this.reset();
  }

  /** Back to the prior. */
  reset(): void {
    const n = this.n;
    this.mu = Float64Array.from(this.mu0);
    this.cov.fill(0);
    for (let i = 0; i < n; i++) this.cov[i * n + i] = this.sigma0 * this.sigma0;
  }

  /** Predictive mean φᵀμ and epistemic variance φᵀCφ (R not included). */
  predict(phi: ArrayLike<number>): { mean: number; variance: number } {
    const n = this.n;
    let mean = 0;
    let variance = 0;
    for (let i = 0; i < n; i++) {
      mean += phi[i] * this.mu[i];
      let ci = 0;
      for (let j = 0; j < n; j++) ci += this.cov[i * n + j] * phi[j];
      variance += phi[i] * ci;
    }
    return { mean, variance: Math.max(variance, 0) };
  }

  /** One Kalman update with observation y of φᵀw; returns false (and skips) if non-finite. */
  update(phi: ArrayLike<number>, y: number): boolean {
    const n = this.n;
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.cov[i * n + j] * phi[j];
      c[i] = s;
    }
    let S = this.obsNoise;
    let m = 0;
    for (let i = 0; i < n; i++) {
      S += phi[i] * c[i];
      m += phi[i] * this.mu[i];
    }
    const e = y - m;
    if (!(S > 0) || !Number.isFinite(S) || !Number.isFinite(e)) return false;

    // μ ← μ + C φ e / S;  C ← C − C φ (C φ)ᵀ / S, then symmetrize.
    for (let i = 0; i < n; i++) this.mu[i] += (c[i] * e) / S;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) this.cov[i * n + j] -= (c[i] * c[j]) / S;
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = 0.5 * (this.cov[i * n + j] + this.cov[j * n + i]);
        this.cov[i * n + j] = a;
        this.cov[j * n + i] = a;
      }
    }
    return true;
  }

  /** Bytes of the state kept: mean and covariance as float32, as the tensor learners count. */
  bytes(): number {
    return 4 * (this.n + this.n * this.n);
  }
}
