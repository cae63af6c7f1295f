import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { Matrix, inverse } from 'ml-matrix';
import { makeRng } from '../core/rng';
import { initParams, disposeParams } from '../model/params';
import { randomWindows, TINY_CONFIG, UNIT_STATS } from '../testing/fixtures';
import { BlrFilter } from './blr';
import { BllLearner } from './bll';

/** Closed-form Bayesian linear regression: C = (I/σ0² + ΦᵀΦ/R)⁻¹, μ = C(μ0/σ0² + Φᵀy/R). */
function closedForm(phi: number[][], y: number[], mu0: number[], sigma0: number, R: number) {
  const P = new Matrix(phi);
  const n = mu0.length;
  const prec = Matrix.eye(n)
    .mul(1 / sigma0 ** 2)
    .add(P.transpose().mmul(P).div(R));
  const C = inverse(prec);
  const rhs = Matrix.columnVector(mu0)
    .div(sigma0 ** 2)
    .add(P.transpose().mmul(Matrix.columnVector(y)).div(R));
  return { mu: C.mmul(rhs).to1DArray(), cov: C };
}

/** Max |a − b| / max|b| over two vectors: relative error. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe('Bayesian last layer', () => {
  it('the sequential filter equals closed-form Bayesian linear regression (rel. 1e-5)', () => {
    const rng = makeRng(3);
    const n = 9;
    const mu0 = Array.from({ length: n }, () => rng.normal());
    const phi = Array.from({ length: 60 }, () => Array.from({ length: n }, () => rng.normal()));
    const y = phi.map((p) => p.reduce((s, v) => s + v, 0) * 0.3 + 0.05 * rng.normal());
    const f = new BlrFilter(mu0, 0.7, 0.01);
    phi.forEach((p, i) => expect(f.update(p, y[i])).toBe(true));
    const exact = closedForm(phi, y, mu0, 0.7, 0.01);
    expect(relErr(f.mu, exact.mu)).toBeLessThan(1e-5);
    expect(relErr(f.cov, exact.cov.to1DArray())).toBeLessThan(1e-5);
  });

  it('the learner filters its head on the frozen body features exactly', async () => {
    const params = initParams(TINY_CONFIG, 5);
    const bll = new BllLearner(params, TINY_CONFIG, UNIT_STATS, { sigma0: 0.3, obsNoise: 1e-3 });
    const windows = randomWindows(25, 3, 8);
    const feats = (await bll.features(windows)).map((f) => Array.from(f));
    const y = windows.map((_, i) => Math.sin(i));

    // Before any update the prediction is the pretrained network's action.
    const net = (await bll.predict(windows.slice(0, 1))).mean[0];
    const w = [...params['head.w'].dataSync(), ...params['head.b'].dataSync()];
    expect(Math.abs(net - feats[0].reduce((s, v, i) => s + v * w[i], 0))).toBeLessThan(1e-6);

    for (let i = 0; i < windows.length; i++) await bll.observe(windows[i], y[i]);
    const exact = closedForm(feats, y, w, 0.3, 1e-3);
    expect(relErr(bll.filter.mu, exact.mu)).toBeLessThan(1e-5);
    expect(relErr(bll.filter.cov, exact.cov.to1DArray())).toBeLessThan(1e-5);

    // Predictive variance is φᵀCφ with the closed-form C.
    const p = await bll.predict([windows[3]]);
    const phi = Matrix.columnVector(feats[3]);
    const v = phi.transpose().mmul(exact.cov).mmul(phi).get(0, 0);
    expect(Math.abs(p.variance[0] - v) / v).toBeLessThan(1e-4);
    bll.reset();
    expect(relErr(bll.filter.mu, w)).toBe(0);
    disposeParams(params);
    expect(tf.memory().numTensors).toBe(0);
  });
});
