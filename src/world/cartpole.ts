import type { Rng } from '../core/rng';
import { FORCE_MAX, HORIZON, TAU, THETA_LIMIT, X_LIMIT } from './params';
import type { State, WorldParams } from './params';

/**
 * Force on the cart, N, for a normalized action a: gain · F_max · clip(a, −1, 1) + bias.
 * A NaN action is treated as 0 so a broken policy cannot poison the state.
 */
export function actionToForce(a: number, params: WorldParams): number {
  const clipped = Number.isNaN(a) ? 0 : Math.min(1, Math.max(-1, a));
  return params.motorGain * FORCE_MAX * clipped + params.motorBias;
}

/**
 * One explicit-Euler step of length TAU (METHOD §5), written into `out` (which may be `state`
 * itself). Accelerations come from the old state. Returns `out`. Allocation-free.
 */
export function stepWorldInto(
  out: State,
  state: Readonly<State>,
  action: number,
  params: WorldParams,
): State {
  const x = state[0];
  const xDot = state[1];
  const theta = state[2];
  const thetaDot = state[3];
  const g = params.gravity;
  const mp = params.poleMass;
  const l = params.halfPoleLength;
  const total = params.cartMass + mp;
  const force = actionToForce(action, params) - params.damping * xDot;
  const sin = Math.sin(theta);
  const cos = Math.cos(theta);

  // Pole angular acceleration first; the cart's acceleration depends on it.
  const temp = (force + mp * l * thetaDot * thetaDot * sin) / total;
  const thetaAcc = (g * sin - cos * temp) / (l * (4 / 3 - (mp * cos * cos) / total));
  const xAcc = (force + mp * l * (thetaDot * thetaDot * sin - thetaAcc * cos)) / total;

  out[0] = x + TAU * xDot;
  out[1] = xDot + TAU * xAcc;
  out[2] = theta + TAU * thetaDot;
  out[3] = thetaDot + TAU * thetaAcc;
  return out;
}

/** The state [x m, ẋ m/s, θ rad, θ̇ rad/s] one step (TAU s) after applying `action` in `state`. */
export function stepWorld(state: Readonly<State>, action: number, params: WorldParams): State {
  return stepWorldInto([0, 0, 0, 0], state, action, params);
}

/** True when the pole is past ±THETA_LIMIT rad or the cart past ±X_LIMIT m (or the state is NaN). */
export function isFailed(state: Readonly<State>): boolean {
  const x = state[0];
  const theta = state[2];
  return !(Math.abs(theta) <= THETA_LIMIT && Math.abs(x) <= X_LIMIT);
}

/** A start state: each entry uniform in ±params.initRange. Draws 4 uniforms from `rng`. */
export function initialState(params: WorldParams, rng: Rng): State {
  const r = params.initRange;
  return [rng.range(-r, r), rng.range(-r, r), rng.range(-r, r), rng.range(-r, r)];
}

/**
 * The agent's observation of `state`: state + sensor biases + N(0, sensorNoise²) per entry.
 * Always draws 4 normals from `rng` (even at zero noise) so streams stay aligned across worlds.
 */
export function observeInto(
  out: State,
  state: Readonly<State>,
  params: WorldParams,
  rng: Rng,
): State {
  const s = params.sensorNoise;
  out[0] = state[0] + params.sensorBiasX + s * rng.normal();
  out[1] = state[1] + params.sensorBiasXDot + s * rng.normal();
  out[2] = state[2] + params.sensorBiasTheta + s * rng.normal();
  out[3] = state[3] + params.sensorBiasThetaDot + s * rng.normal();
  return out;
}

/** Allocating form of observeInto: a fresh observation [x, ẋ, θ, θ̇] of `state`. */
export function observe(state: Readonly<State>, params: WorldParams, rng: Rng): State {
  return observeInto([0, 0, 0, 0], state, params, rng);
}

/**
 * A policy maps the observation (what the agent sees), the true state (for the expert only)
 * and the step index t (0-based) to a normalized action (the world clips it to [−1, 1]).
 * It must not modify its arguments.
 */
export type Policy = (obs: State, state: State, t: number) => number;

/** What happened in one episode. */
export interface EpisodeResult {
  /** Number of actions applied (≤ horizon). */
  steps: number;
  /** Sum of rewards: +1 for every step after which the world has not failed. */
  return: number;
  /** True when the episode survived all `horizon` steps. */
  success: boolean;
  /** True states the actions were taken in, one per step (empty when not recorded). */
  states: State[];
  /** Observations the policy saw, one per step (empty when not recorded). */
  observations: State[];
  /** Actions the policy returned (unclipped), one per step (empty when not recorded). */
  actions: number[];
}

/**
 * Runs one episode from a fresh initial state: observe, act, step, until failure or `horizon`
 * steps. The rng draws, in order: 4 uniforms for the start, then 4 normals per observation.
 * With `record = false` no per-step arrays are kept (fast path for evaluation).
 */
export function runEpisode(
  policy: Policy,
  params: WorldParams,
  rng: Rng,
  horizon = HORIZON,
  record = true,
): EpisodeResult {
  const states: State[] = [];
  const observations: State[] = [];
  const actions: number[] = [];
  let state = initialState(params, rng);
  let obs: State = [0, 0, 0, 0];
  let steps = 0;
  let ret = 0;
  let failed = false;

  while (steps < horizon && !failed) {
    observeInto(obs, state, params, rng);
    const action = policy(obs, state, steps);
    if (record) {
      states.push(state);
      observations.push(obs);
      actions.push(action);
      state = stepWorld(state, action, params);
      obs = [0, 0, 0, 0];
    } else {
      stepWorldInto(state, state, action, params);
    }
    steps++;
    failed = isFailed(state);
    if (!failed) ret++;
  }
  return {
    steps,
    return: ret,
    success: !failed && steps >= horizon,
    states,
    observations,
    actions,
  };
}

/** Fraction of `episodes` successful episodes of `policy` in `params`, with one rng for all. */
export function successRate(
  policy: Policy,
  params: WorldParams,
  rng: Rng,
  episodes: number,
): number {
  let wins = 0;
  for (let i = 0; i < episodes; i++) {
    if (runEpisode(policy, params, rng, HORIZON, false).success) wins++;
  }
  return episodes > 0 ? wins / episodes : 0;
}

/** What one CartPoleEnv step returns. Arrays are the env's own: copy them to keep them. */
export interface StepResult {
  /** Observation of the new state (unchanged when the episode is done). */
  obs: State;
  /** The new true state. */
  state: State;
  /** 1 if the world has not failed after this step, else 0. */
  reward: number;
  /** True when the world failed or the horizon was reached. */
  done: boolean;
}

/**
 * A cart-pole episode run one step at a time (for live sessions). Draws from `rng` in the
 * same order as runEpisode, so the same seed and actions give the same trajectory.
 */
export class CartPoleEnv {
  /** True state [x, ẋ, θ, θ̇]. */
  readonly state: State = [0, 0, 0, 0];
  /** Latest observation of `state`. */
  readonly obs: State = [0, 0, 0, 0];
  /** Steps taken in this episode. */
  t = 0;
  /** Sum of rewards so far. */
  return = 0;
  /** True once the world failed or `horizon` steps were taken. */
  done = false;
  /** True once the world failed. */
  failed = false;

  constructor(
    /** World of the current episode; change it between episodes with reset(params). */
    public params: WorldParams,
    private readonly rng: Rng,
    /** Episode length, steps. */
    public readonly horizon = HORIZON,
  ) {
    this.reset();
  }

  /** Starts a new episode (optionally in a new world) and returns its first observation. */
  reset(params: WorldParams = this.params): State {
    this.params = params;
    const s = initialState(params, this.rng);
    for (let i = 0; i < 4; i++) this.state[i] = s[i];
    observeInto(this.obs, this.state, params, this.rng);
    this.t = 0;
    this.return = 0;
    this.done = false;
    this.failed = false;
    return this.obs;
  }

  /** Applies a normalized action; a no-op returning reward 0 once the episode is done. */
  step(action: number): StepResult {
    if (this.done) return { obs: this.obs, state: this.state, reward: 0, done: true };
    stepWorldInto(this.state, this.state, action, this.params);
    this.t++;
    this.failed = isFailed(this.state);
    const reward = this.failed ? 0 : 1;
    this.return += reward;
    this.done = this.failed || this.t >= this.horizon;
    if (!this.done) observeInto(this.obs, this.state, this.params, this.rng);
    return { obs: this.obs, state: this.state, reward, done: this.done };
  }
}
