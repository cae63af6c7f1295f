import { Matrix, solve } from 'ml-matrix';
import { FORCE_MAX, TAU } from './params';
import type { State, WorldParams } from './params';

/**
 * LQR state weights, the diagonal of Q on [x, ẋ, θ, θ̇] (per step, SI units). The angle
 * dominates; the cart's velocity is damped firmly and its position held softly. With
 * LQR_R this gives K ≈ [−1.41, −4.09, −41.2, −10.6] N per unit in the nominal world: the
 * expert survives action noise σ = 0.5 and gains scaled 0.7–2× in ≥ 96% of episodes.
 */
export const LQR_Q: readonly number[] = Object.freeze([0.5, 2, 10, 1]);

/** LQR weight on the squared force, 1/N². */
export const LQR_R = 0.2;

/** LQR weights: q the diagonal of Q on [x, ẋ, θ, θ̇], r the weight on the force. */
export interface LqrWeights {
  q: readonly number[];
  r: number;
}

/** The expert's weights (LQR_Q, LQR_R). */
export const DEFAULT_WEIGHTS: Readonly<LqrWeights> = Object.freeze({ q: LQR_Q, r: LQR_R });

/**
 * The Euler step map linearized at the upright rest state: s' ≈ A s + B F, with F the force
 * on the cart in N before damping. A is 4×4 row-major, B is 4×1. Exact derivative of stepWorld.
 */
export function linearize(params: WorldParams): { A: number[][]; B: number[] } {
  const { gravity: g, cartMass, poleMass: mp, halfPoleLength: l, damping: b } = params;
  const total = cartMass + mp;
  const denom = l * (4 / 3 - mp / total);

  // Continuous-time partials at θ = θ̇ = ẋ = 0: θ̈ = gθ/D − F'/(M D), ẍ = F'/M − m_p l θ̈ / M.
  const thetaAccTheta = g / denom;
  const thetaAccForce = -1 / (total * denom);
  const xAccTheta = (-mp * l * thetaAccTheta) / total;
  const xAccForce = 1 / total - (mp * l * thetaAccForce) / total;
  const A = [
    [1, TAU, 0, 0],
    [0, 1 - TAU * b * xAccForce, TAU * xAccTheta, 0],
    [0, 0, 1, TAU],
    [0, -TAU * b * thetaAccForce, TAU * thetaAccTheta, 1],
  ];
  return { A, B: [0, TAU * xAccForce, 0, TAU * thetaAccForce] };
}

/**
 * Discrete-time LQR for s' = A s + B u with cost Σ sᵀ diag(q) s + r u²: iterates the Riccati
 * equation to its fixed point P (4×4) and returns the gain K (1×4, u = −K s). A is n×n
 * row-major, B has n entries.
 */
export function dlqr(
  A: number[][],
  B: number[],
  q: readonly number[],
  r: number,
): { K: number[]; P: number[][] } {
  const a = new Matrix(A);
  const b = Matrix.columnVector(B);
  const Q = Matrix.diag([...q]);
  const R = new Matrix([[r]]);
  const At = a.transpose();
  const Bt = b.transpose();
  const gainOf = (P: Matrix) => solve(R.clone().add(Bt.mmul(P).mmul(b)), Bt.mmul(P).mmul(a));
  let P = Q.clone();
  for (let iter = 0; iter < 20000; iter++) {
    // P ← Q + Aᵀ P A − Aᵀ P B (R + Bᵀ P B)⁻¹ Bᵀ P A
    const next = Q.clone()
      .add(At.mmul(P).mmul(a))
      .sub(At.mmul(P).mmul(b).mmul(gainOf(P)));
    const change = next.clone().sub(P).abs().max();
    P = next.add(next.transpose()).mul(0.5);
    if (change <= 1e-12 * (1 + P.abs().max())) break;
  }
  return { K: gainOf(P).getRow(0), P: P.to2DArray() };
}

const gainCache = new Map<string, number[]>();
const CACHE_LIMIT = 512;

/** The most recent lookup, checked first so per-step calls skip building a string key. */
let last = { g: NaN, mc: NaN, mp: NaN, l: NaN, b: NaN, weights: DEFAULT_WEIGHTS, K: [0, 0, 0, 0] };

/**
 * LQR feedback gain K (4 numbers, N per unit of [x, ẋ, θ, θ̇]) for the true dynamics of
 * `params`: the desired force is u = −K s. Depends only on gravity, masses, pole length and
 * damping (actuator gain and bias are compensated separately) and on the LQR weights
 * (default: the expert's; treated as immutable). Cached by those values; treat the returned
 * array as read-only.
 */
export function lqrGain(params: WorldParams, weights: LqrWeights = DEFAULT_WEIGHTS): number[] {
  const { gravity: g, cartMass: mc, poleMass: mp, halfPoleLength: l, damping: b } = params;
  const hot = last;
  const same = hot.g === g && hot.mc === mc && hot.mp === mp && hot.l === l && hot.b === b;
  if (same && hot.weights === weights) return hot.K;

  const key = `${g}|${mc}|${mp}|${l}|${b}|${weights.q.join(',')}|${weights.r}`;
  let K = gainCache.get(key);
  if (!K) {
    const { A, B } = linearize(params);
    K = dlqr(A, B, weights.q, weights.r).K;
    if (gainCache.size >= CACHE_LIMIT) gainCache.clear();
    gainCache.set(key, K);
  }
  last = { g, mc, mp, l, b, weights, K };
  return K;
}

/**
 * Fast expert for fixed `params`: maps the TRUE state to the normalized action that makes the
 * actuator produce the LQR force, a = (−K s − motorBias) / (motorGain · F_max). Unclipped.
 */
export function makeExpert(
  params: WorldParams,
  weights: LqrWeights = DEFAULT_WEIGHTS,
): (state: Readonly<State>) => number {
  const [k0, k1, k2, k3] = lqrGain(params, weights);
  const bias = params.motorBias;
  const scale = 1 / (params.motorGain * FORCE_MAX);
  return (s) => (-(k0 * s[0] + k1 * s[1] + k2 * s[2] + k3 * s[3]) - bias) * scale;
}

/** The expert's normalized action (unclipped) for the true `state` in world `params`. */
export function expertAction(state: Readonly<State>, params: WorldParams): number {
  const K = lqrGain(params);
  const u = -(K[0] * state[0] + K[1] * state[1] + K[2] * state[2] + K[3] * state[3]);
  return (u - params.motorBias) / (params.motorGain * FORCE_MAX);
}
