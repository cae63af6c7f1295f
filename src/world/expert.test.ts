import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../core/rng';
import { actionToForce, runEpisode, stepWorld } from './cartpole';
import { dlqr, expertAction, linearize, LQR_Q, LQR_R, lqrGain, makeExpert } from './expert';
import { NOMINAL, PARAM_SPECS } from './params';
import type { State, WorldParams } from './params';

/** Spectral radius of A − B K. */
function closedLoopRadius(params: WorldParams, K: number[]): number {
  const { A, B } = linearize(params);
  const M = new Matrix(A).sub(Matrix.columnVector(B).mmul(Matrix.rowVector(K)));
  const eig = new EigenvalueDecomposition(M);
  const im = eig.imaginaryEigenvalues;
  return Math.max(...eig.realEigenvalues.map((re, i) => Math.hypot(re, im[i])));
}

/** max |Q + AᵀPA − AᵀPB (R + BᵀPB)⁻¹ BᵀPA − P| / max |P| for the expert's weights. */
function riccatiResidual(A: number[][], B: number[], P: number[][]): number {
  const a = new Matrix(A);
  const b = Matrix.columnVector(B);
  const p = new Matrix(P);
  const S = LQR_R + b.transpose().mmul(p).mmul(b).get(0, 0);
  const PB = a.transpose().mmul(p).mmul(b);
  const rhs = Matrix.diag([...LQR_Q])
    .add(a.transpose().mmul(p).mmul(a))
    .sub(PB.mmul(PB.transpose()).div(S));
  return rhs.sub(p).abs().max() / p.abs().max();
}

describe('linearize', () => {
  it('equals central finite differences of stepWorld at upright', () => {
    const p = { ...NOMINAL, damping: 0.7, poleMass: 0.4 };
    const { A, B } = linearize(p);
    const h = 1e-6;
    const force = (F: number) => F / (p.motorGain * 10); // action giving force F (bias 0)
    for (let j = 0; j < 4; j++) {
      const plus: State = [0, 0, 0, 0];
      const minus: State = [0, 0, 0, 0];
      plus[j] = h;
      minus[j] = -h;
      const fp = stepWorld(plus, 0, p);
      const fm = stepWorld(minus, 0, p);
      for (let i = 0; i < 4; i++)
        expect(Math.abs((fp[i] - fm[i]) / (2 * h) - A[i][j])).toBeLessThan(1e-7);
    }
    const up = stepWorld([0, 0, 0, 0], force(h), p);
    const down = stepWorld([0, 0, 0, 0], force(-h), p);
    for (let i = 0; i < 4; i++)
      expect(Math.abs((up[i] - down[i]) / (2 * h) - B[i])).toBeLessThan(1e-7);
  });
});

describe('lqrGain', () => {
  it('stabilizes the linearized nominal world and has the documented sign pattern', () => {
    const K = lqrGain(NOMINAL);
    expect(K.length).toBe(4);
    expect(closedLoopRadius(NOMINAL, K)).toBeLessThan(0.999);
    // u = −K s pushes the cart under a pole leaning to +θ; that needs K_θ < 0 here.
    expect(K[2]).toBeLessThan(0);
    expect(Math.abs(K[0] + 1.41)).toBeLessThan(0.01);
    expect(Math.abs(K[2] + 41.15)).toBeLessThan(0.01);
  });

  it('solves the discrete Riccati equation (residual < 1e-9 relative)', () => {
    const { A, B } = linearize(NOMINAL);
    const { K, P } = dlqr(A, B, LQR_Q, LQR_R);
    expect(riccatiResidual(A, B, P)).toBeLessThan(1e-9);
    expect(K).toEqual(lqrGain(NOMINAL));
  });

  it('converges and stabilizes the linearized world at every corner of the slider ranges', () => {
    const keys = ['gravity', 'cartMass', 'poleMass', 'halfPoleLength', 'damping'] as const;
    const specs = keys.map((k) => PARAM_SPECS.find((s) => s.key === k)!);
    for (let corner = 0; corner < 2 ** keys.length; corner++) {
      const p: WorldParams = { ...NOMINAL };
      specs.forEach((spec, i) => (p[spec.key] = corner & (1 << i) ? spec.max : spec.min));
      const { A, B } = linearize(p);
      const { K, P } = dlqr(A, B, LQR_Q, LQR_R);
      expect(riccatiResidual(A, B, P)).toBeLessThan(1e-9);
      expect(closedLoopRadius(p, K)).toBeLessThan(1);
    }
  });

  it('caches by value: equal parameters return the same array', () => {
    expect(lqrGain({ ...NOMINAL })).toBe(lqrGain(NOMINAL));
    expect(lqrGain({ ...NOMINAL, motorGain: 0.3, motorBias: 2 })).toBe(lqrGain(NOMINAL));
  });

  it('adapts to the pole: a heavy long pole gets a larger angle gain and stays stable', () => {
    const p = { ...NOMINAL, poleMass: 1, halfPoleLength: 2 };
    const K = lqrGain(p);
    expect(Math.abs(K[2])).toBeGreaterThan(Math.abs(lqrGain(NOMINAL)[2]));
    expect(closedLoopRadius(p, K)).toBeLessThan(0.999);
  });
});

describe('expertAction', () => {
  it('cancels the actuator gain and bias so the world produces the LQR force', () => {
    const p = { ...NOMINAL, motorGain: 0.4, motorBias: 1.5 };
    const s: State = [0.05, -0.02, 0.01, 0.03];
    const K = lqrGain(p);
    const u = -(K[0] * s[0] + K[1] * s[1] + K[2] * s[2] + K[3] * s[3]);
    const a = expertAction(s, p);
    expect(Math.abs(a)).toBeLessThan(1);
    expect(Math.abs(actionToForce(a, p) - u)).toBeLessThan(1e-12);
    expect(makeExpert(p)(s)).toBeCloseTo(a, 14);
  });

  it('succeeds in ≥ 95% of 100 seeded nominal episodes', () => {
    const expert = makeExpert(NOMINAL);
    const rng = makeRng(2024);
    let wins = 0;
    for (let i = 0; i < 100; i++) {
      if (runEpisode((_o, s) => expert(s), NOMINAL, rng, undefined, false).success) wins++;
    }
    expect(wins / 100).toBeGreaterThanOrEqual(0.95);
  });
});
