import { describe, expect, it } from 'vitest';
import { makeRng } from '../core/rng';
import {
  actionToForce,
  CartPoleEnv,
  initialState,
  isFailed,
  observe,
  runEpisode,
  stepWorld,
  stepWorldInto,
} from './cartpole';
import { HORIZON, NOMINAL, THETA_LIMIT, X_LIMIT } from './params';
import type { State, WorldParams } from './params';

const TOL = 1e-12;

function expectState(actual: State, expected: number[]): void {
  for (let i = 0; i < 4; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(TOL);
}

describe('stepWorld', () => {
  const s0: State = [0.1, -0.2, 0.05, 0.3];

  it('matches two Euler steps computed by hand in the nominal world', () => {
    // F = 10 · 0.5 = 5 N, then F = −2.5 N; values from the METHOD §5 equations.
    const s1 = stepWorld(s0, 0.5, NOMINAL);
    expectState(s1, [0.096, -0.10316821299732541, 0.056, 0.16962771704043264]);
    const s2 = stepWorld(s1, -0.25, NOMINAL);
    expectState(
      s2,
      [0.0939366357400535, -0.15273721116177322, 0.05939255434080865, 0.2603200546333111],
    );
  });

  it('matches a hand-computed step with clipping, gain, bias, damping and a heavier pole', () => {
    // a = 1.7 clips to 1: F = 0.6 · 10 − 1.5 = 4.5 N, F' = 4.5 − 0.4 · (−0.2) = 4.58 N.
    const p: WorldParams = {
      ...NOMINAL,
      motorGain: 0.6,
      motorBias: -1.5,
      damping: 0.4,
      poleMass: 0.3,
      halfPoleLength: 0.8,
    };
    expectState(stepWorld(s0, 1.7, p), [0.096, -0.1168618252104422, 0.056, 0.2313390407411436]);
  });

  it('is pure, and stepWorldInto may write in place with the same result', () => {
    const copy: State = [...s0];
    const out = stepWorld(s0, 0.3, NOMINAL);
    expect(s0).toEqual(copy);
    const inPlace: State = [...s0];
    expect(stepWorldInto(inPlace, inPlace, 0.3, NOMINAL)).toBe(inPlace);
    expect(inPlace).toEqual(out);
  });
});

describe('actionToForce', () => {
  it('clips the action and applies gain and bias', () => {
    const p = { ...NOMINAL, motorGain: 0.5, motorBias: 1 };
    expect(actionToForce(0.4, p)).toBeCloseTo(3, 12);
    expect(actionToForce(3, p)).toBeCloseTo(6, 12);
    expect(actionToForce(-3, p)).toBeCloseTo(-4, 12);
    expect(actionToForce(Number.NaN, p)).toBeCloseTo(1, 12);
  });
});

describe('isFailed', () => {
  it('fails past the angle or track limits and not inside them', () => {
    expect(isFailed([0, 0, 0, 0])).toBe(false);
    expect(isFailed([X_LIMIT, 5, THETA_LIMIT, -5])).toBe(false);
    expect(isFailed([0, 0, THETA_LIMIT + 1e-9, 0])).toBe(true);
    expect(isFailed([0, 0, -THETA_LIMIT - 1e-9, 0])).toBe(true);
    expect(isFailed([X_LIMIT + 1e-9, 0, 0, 0])).toBe(true);
    expect(isFailed([-X_LIMIT - 1e-9, 0, 0, 0])).toBe(true);
    expect(isFailed([Number.NaN, 0, 0, 0])).toBe(true);
  });
});

describe('initialState and observe', () => {
  it('starts every entry within ±initRange', () => {
    const rng = makeRng(5);
    for (let i = 0; i < 1000; i++) {
      for (const v of initialState(NOMINAL, rng)) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
    }
  });

  it('adds the sensor biases and, at zero noise, nothing else', () => {
    const p = { ...NOMINAL, sensorBiasX: 0.1, sensorBiasXDot: -0.2, sensorBiasTheta: 0.03 };
    const o = observe([1, 2, 3, 4], p, makeRng(1));
    expectState(o, [1.1, 1.8, 3.03, 4]);
  });

  it('adds noise of the configured standard deviation', () => {
    const p = { ...NOMINAL, sensorNoise: 0.1 };
    const rng = makeRng(2);
    let s2 = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) s2 += observe([0, 0, 0, 0], p, rng)[2] ** 2;
    // Sample variance of 0.01 with relative standard error √(2/n) ≈ 1%; allow 5%.
    expect(Math.abs(s2 / n / 0.01 - 1)).toBeLessThan(0.05);
  });
});

describe('runEpisode', () => {
  it('survives the horizon with a balancing policy and records every step', () => {
    const policy = (o: State) => (1.4 * o[0] + 4 * o[1] + 41 * o[2] + 10.6 * o[3]) / 10;
    const r = runEpisode(policy, NOMINAL, makeRng(9));
    expect(r.success).toBe(true);
    expect(r.steps).toBe(HORIZON);
    expect(r.return).toBe(HORIZON);
    expect(r.states.length).toBe(HORIZON);
    expect(r.observations.length).toBe(HORIZON);
    expect(r.actions.length).toBe(HORIZON);
  });

  it('fails quickly with a do-nothing policy and counts only survived steps', () => {
    const r = runEpisode(() => 0, { ...NOMINAL, initRange: 0.1 }, makeRng(4));
    expect(r.success).toBe(false);
    expect(r.steps).toBeLessThan(HORIZON);
    expect(r.return).toBe(r.steps - 1);
    expect(isFailed(stepWorld(r.states[r.steps - 1], r.actions[r.steps - 1], NOMINAL))).toBe(true);
  });

  it('is deterministic by seed, with or without recording', () => {
    const policy = (o: State) => o[2] * 5;
    const p = { ...NOMINAL, sensorNoise: 0.02 };
    const a = runEpisode(policy, p, makeRng(77));
    const b = runEpisode(policy, p, makeRng(77));
    const c = runEpisode(policy, p, makeRng(77), HORIZON, false);
    expect(b).toEqual(a);
    expect(c.steps).toBe(a.steps);
    expect(c.states).toEqual([]);
  });
});

describe('CartPoleEnv', () => {
  it('reproduces runEpisode step by step for the same seed', () => {
    const p = { ...NOMINAL, sensorNoise: 0.05, motorGain: 0.3 };
    const policy = (o: State) => (1.4 * o[0] + 4 * o[1] + 41 * o[2] + 10.6 * o[3]) / 10;
    const ref = runEpisode(policy, p, makeRng(31));
    const env = new CartPoleEnv(p, makeRng(31));
    for (let t = 0; t < ref.steps; t++) {
      expect(env.state).toEqual(ref.states[t]);
      expect(env.obs).toEqual(ref.observations[t]);
      env.step(policy(env.obs));
    }
    expect(env.done).toBe(true);
    expect(env.t).toBe(ref.steps);
    expect(env.return).toBe(ref.return);
    expect(env.failed).toBe(!ref.success);
    expect(env.step(0).reward).toBe(0);
  });
});
