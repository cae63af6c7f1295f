/**
 * Evaluation episodes run side by side: E episodes of one world step in lock-step, the policy
 * asked for all live episodes' actions in one batched call.
 */
import { deriveSeed, makeRng } from '../core/rng';
import { initialState, isFailed, observe, stepWorld } from '../world/cartpole';
import { HORIZON, type State, type WorldParams } from '../world/params';
import type { StepWindow } from '../model/context';
import { Trajectory } from './trajectory';

/** Actions for a batch of context windows. */
export type BatchPolicy = (windows: StepWindow[]) => Promise<number[]>;

/** Outcome of a set of evaluation episodes. */
export interface EvalResult {
  success: number;
  meanReturn: number;
  returns: number[];
}

/**
 * Run `episodes` seeded episodes of `policy` in `params`, each conditioned on a target return
 * of HORIZON (return-to-go decreases by one per step survived).
 */
export async function evaluatePolicy(
  policy: BatchPolicy,
  params: WorldParams,
  contextSteps: number,
  episodes: number,
  seed: number,
): Promise<EvalResult> {
  const rngs = Array.from({ length: episodes }, (_, i) => makeRng(deriveSeed(seed, `eval${i}`)));
  const states: State[] = rngs.map((r) => initialState(params, r));
  const trajs = rngs.map(() => new Trajectory());
  const returns = new Array<number>(episodes).fill(0);
  const alive = new Array<boolean>(episodes).fill(true);

  for (let t = 0; t < HORIZON; t++) {
    const live = alive.flatMap((a, i) => (a ? [i] : []));
    if (live.length === 0) break;
    for (const i of live) trajs[i].observe(observe(states[i], params, rngs[i]), HORIZON - t, t);
    const actions = await policy(live.map((i) => trajs[i].window(contextSteps)));
    live.forEach((i, j) => {
      trajs[i].act_(actions[j]);
      states[i] = stepWorld(states[i], actions[j], params);
      if (isFailed(states[i])) alive[i] = false;
      else returns[i]++;
    });
  }
  const wins = returns.filter((r) => r >= HORIZON).length;
  return {
    success: episodes > 0 ? wins / episodes : 0,
    meanReturn: returns.reduce((a, b) => a + b, 0) / Math.max(episodes, 1),
    returns,
  };
}
