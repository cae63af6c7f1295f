/**
 * Calibration of Gaussian predictions {mean, std, y}: coverage of central intervals at
 * nominal levels, mean negative log-likelihood, and predicted σ against the observed error in
 * quantile bins of σ. Plain numbers, no tensors, so the worker, the CLI and the UI share it.
 * Points with a null std (point learners) carry no uncertainty and are never scored here.
 */

/** A prediction of one scalar with its outcome; std null means "no uncertainty". */
export interface GaussPrediction {
  mean: number;
  std: number | null;
  y: number;
}

/** The nominal central-interval levels of a reliability diagram: 0.1, 0.2, …, 0.9. */
export const NOMINAL_LEVELS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Observed coverage of one nominal central interval over n scored points. */
export interface CoveragePoint {
  nominal: number;
  observed: number;
  n: number;
}

/** One quantile bin of predicted σ: its mean σ, mean |error| and √mean(error²). */
export interface SigmaBin {
  sigmaLo: number;
  sigmaHi: number;
  meanSigma: number;
  meanAbsError: number;
  rmsError: number;
  n: number;
}

/** Summary of a set of predictions; `uncertain` false means a point learner (no NLL, no coverage). */
export interface CalibrationSummary {
  uncertain: boolean;
  n: number;
  coverage: CoveragePoint[];
  nll: number | null;
  bins: SigmaBin[];
  /** Root mean squared error of the mean, defined for point learners too (NaN when n = 0). */
  rmse: number;
}

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile Φ⁻¹(p) for p in (0, 1); ±Infinity at 0 and 1, NaN outside. */
export function normQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const lo = 0.02425;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    const x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    return p < lo ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/** Half-width in σ of the central interval holding probability `level`: Φ⁻¹((1 + level)/2). */
export function centralZ(level: number): number {
  return normQuantile((1 + level) / 2);
}

/** The points that can be scored: finite mean and y, finite std > 0. */
function scorable(preds: readonly GaussPrediction[]): { mean: number; std: number; y: number }[] {
  const out: { mean: number; std: number; y: number }[] = [];
  for (const p of preds) {
    if (p.std === null || !(p.std > 0) || !Number.isFinite(p.std)) continue;
    if (!Number.isFinite(p.mean) || !Number.isFinite(p.y)) continue;
    out.push({ mean: p.mean, std: p.std, y: p.y });
  }
  return out;
}

/** Observed coverage of central intervals mean ± z σ at each nominal level (empty if nothing scorable). */
export function coverage(
  preds: readonly GaussPrediction[],
  levels: readonly number[] = NOMINAL_LEVELS,
): CoveragePoint[] {
  const pts = scorable(preds);
  if (pts.length === 0) return [];
  const absZ = pts.map((p) => Math.abs(p.y - p.mean) / p.std);
  return levels.map((nominal) => {
    const z = centralZ(nominal);
    const inside = absZ.reduce((c, a) => c + (a <= z ? 1 : 0), 0);
    return { nominal, observed: inside / pts.length, n: pts.length };
  });
}

/** Mean Gaussian negative log-likelihood in nats per point; null if nothing scorable. */
export function gaussianNll(preds: readonly GaussPrediction[]): number | null {
  const pts = scorable(preds);
  if (pts.length === 0) return null;
  let sum = 0;
  for (const p of pts) {
    const z = (p.y - p.mean) / p.std;
    sum += 0.5 * Math.log(2 * Math.PI) + Math.log(p.std) + 0.5 * z * z;
  }
  return sum / pts.length;
}

/**
 * Predicted σ against the observed error in `nBins` quantile bins of σ (equal counts, sorted by
 * σ; the last bin takes the remainder). Calibrated Gaussians have rmsError ≈ meanSigma and
 * meanAbsError ≈ √(2/π) meanSigma.
 */
export function sigmaBins(preds: readonly GaussPrediction[], nBins = 10): SigmaBin[] {
  const pts = scorable(preds).sort((a, b) => a.std - b.std);
  const k = Math.max(1, Math.min(Math.floor(nBins), pts.length));
  if (pts.length === 0) return [];
  const size = Math.floor(pts.length / k);
  const bins: SigmaBin[] = [];
  for (let b = 0; b < k; b++) {
    const slice = pts.slice(b * size, b === k - 1 ? pts.length : (b + 1) * size);
    let s = 0;
    let a = 0;
    let q = 0;
    for (const p of slice) {
      const e = p.y - p.mean;
      s += p.std;
      a += Math.abs(e);
      q += e * e;
    }
    const n = slice.length;
    bins.push({
      sigmaLo: slice[0].std,
      sigmaHi: slice[n - 1].std,
      meanSigma: s / n,
      meanAbsError: a / n,
      rmsError: Math.sqrt(q / n),
      n,
    });
  }
  return bins;
}

/** Root mean squared error of the means over points with finite mean and y (NaN if none). */
export function rmse(preds: readonly GaussPrediction[]): number {
  let q = 0;
  let n = 0;
  for (const p of preds) {
    if (!Number.isFinite(p.mean) || !Number.isFinite(p.y)) continue;
    q += (p.y - p.mean) ** 2;
    n++;
  }
  return n > 0 ? Math.sqrt(q / n) : Number.NaN;
}

/**
 * Everything a calibration panel or table shows for one learner. A set with no scorable
 * std (a point learner) is reported as uncertain = false with empty coverage and null NLL.
 */
export function summarize(preds: readonly GaussPrediction[], nBins = 10): CalibrationSummary {
  const cov = coverage(preds);
  return {
    uncertain: cov.length > 0,
    n: cov.length > 0 ? cov[0].n : 0,
    coverage: cov,
    nll: gaussianNll(preds),
    bins: sigmaBins(preds, nBins),
    rmse: rmse(preds),
  };
}
