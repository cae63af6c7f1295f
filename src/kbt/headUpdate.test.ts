import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { Matrix, inverse } from 'ml-matrix';
import { initParams } from '../model/params';
import { buildContext, disposeContext } from '../model/context';
import { KbtLearner } from '../learners/kbt';
import { momentForward } from './momentForward';
import { TINY_CONFIG, UNIT_STATS, randomWindows } from '../testing/fixtures';
import type { KbtSettings } from '../protocol';

const cfg = TINY_CONFIG;

/** Features φ = [h; 1] that the head sees for a window (no Bayesian layer upstream). */
function headFeatures(
  params: ReturnType<typeof initParams>,
  w: ReturnType<typeof randomWindows>[0],
) {
  const ctx = buildContext([w], cfg, UNIT_STATS);
  const phi = tf.tidy(() => {
    const { tape } = momentForward(params, null, ctx, cfg, { softmaxOrder: 2 });
    return tf.reshape(tape.linears.get('head')!.input.m, [-1]);
  });
  disposeContext(ctx);
  const out = [...phi.dataSync(), 1];
  phi.dispose();
  return out;
}

describe('head-only KBT update', () => {
  it('equals closed-form Bayesian linear regression (float32 precision)', async () => {
    const params = initParams(cfg, 3);
    const settings: KbtSettings = {
      sigma0: 0.3,
      obsNoise: 0.05,
      processNoise: 0,
      layers: ['head'],
      softmaxOrder: 2,
      covariance: 'full',
    };
    const learner = new KbtLearner(params, cfg, UNIT_STATS, settings);
    const windows = randomWindows(12, 3, 11);
    const ys = windows.map((_, i) => Math.sin(i) * 0.7);
    for (let i = 0; i < windows.length; i++) await learner.observe(windows[i], ys[i], 0);

    // Closed form in float64: Σ = (I/σ0² + ΦᵀΦ/R)⁻¹, μ = Σ (μ0/σ0² + Φᵀy/R).
    const Phi = new Matrix(windows.map((w) => headFeatures(params, w)));
    const mu0 = Matrix.columnVector([
      ...params['head.w'].dataSync(),
      ...params['head.b'].dataSync(),
    ]);
    const d1 = mu0.rows;
    const prec = Matrix.eye(d1)
      .mul(1 / settings.sigma0 ** 2)
      .add(
        Phi.transpose()
          .mmul(Phi)
          .mul(1 / settings.obsNoise),
      );
    const Sigma = inverse(prec);
    const rhs = mu0
      .clone()
      .mul(1 / settings.sigma0 ** 2)
      .add(
        Phi.transpose()
          .mmul(Matrix.columnVector(ys))
          .mul(1 / settings.obsNoise),
      );
    const mu = Sigma.mmul(rhs);

    const head = learner.posterior.get('head')!;
    const gotMu = head.mu.dataSync();
    const gotCov = head.cov!.dataSync();
    let muErr = 0;
    let covErr = 0;
    for (let i = 0; i < d1; i++) {
      muErr = Math.max(muErr, Math.abs(gotMu[i] - mu.get(i, 0)));
      for (let j = 0; j < d1; j++)
        covErr = Math.max(covErr, Math.abs(gotCov[i * d1 + j] - Sigma.get(i, j)));
    }
    // float32 accumulation over 12 rank-1 updates: absolute 2e-5 on entries of size ≤ 0.1.
    expect(muErr).toBeLessThan(2e-5);
    // …while the data moved the posterior far more than that tolerance.
    let moved = 0;
    for (let i = 0; i < d1; i++) moved = Math.max(moved, Math.abs(mu.get(i, 0) - mu0.get(i, 0)));
    expect(moved).toBeGreaterThan(100 * 2e-5);
    expect(covErr).toBeLessThan(2e-6);

    // The cheap evaluation path gives the same mean actions as the moment pass (float32).
    const probe = randomWindows(4, 3, 77);
    const fast = await learner.act(probe, 0);
    const slow = (await learner.predict(probe, 0)).mean;
    fast.forEach((a, i) => expect(Math.abs(a - slow[i])).toBeLessThan(1e-5));
    learner.dispose();
  });
});
