/**
 * An evaluation in progress: E seeded episodes per learner in the world of the moment, run
 * in lock-step one world step per call, so the session can interleave it with live ticks.
 */
import { deriveSeed, makeRng, type Rng } from '../core/rng';
import { initialState, isFailed, observe, stepWorld } from '../world/cartpole';
import { HORIZON, type State, type WorldParams } from '../world/params';
import { Trajectory } from '../agent/trajectory';
import type { Learner } from '../learners/learner';

/** Episodes of one learner in one evaluation. */
class LearnerEpisodes {
  readonly rngs: Rng[];
  readonly states: State[];
  readonly trajs: Trajectory[];
  readonly returns: number[];
  readonly alive: boolean[];

  constructor(
    readonly learner: Learner,
    episodes: number,
    seed: number,
    params: WorldParams,
  ) {
    // Every learner starts from the same initial states and sees the same sensor noise.
    this.rngs = Array.from({ length: episodes }, (_, i) => makeRng(deriveSeed(seed, `eval${i}`)));
    this.states = this.rngs.map((r) => initialState(params, r));
    this.trajs = this.rngs.map(() => new Trajectory());
    this.returns = new Array<number>(episodes).fill(0);
    this.alive = new Array<boolean>(episodes).fill(true);
  }
}

/** Final result for one learner. */
export interface EvalOutcome {
  learner: string;
  success: number;
  meanReturn: number;
}

export class EvalRun {
  private readonly runs: LearnerEpisodes[];
  private t = 0;

  constructor(
    learners: Learner[],
    private readonly params: WorldParams,
    private readonly contextSteps: number,
    episodes: number,
    seed: number,
    /** Tick at which the evaluation started (for the chart). */
    readonly tick: number,
    /** Demonstrated samples seen when it started. */
    readonly samples = 0,
  ) {
    this.runs = learners.map((l) => new LearnerEpisodes(l, episodes, seed, params));
  }

  /** True once every episode of every learner has ended. */
  get done(): boolean {
    return this.t >= HORIZON || this.runs.every((r) => r.alive.every((a) => !a));
  }

  /** Advance every live episode by one world step. */
  async step(): Promise<void> {
    if (this.done) return;
    const t = this.t;
    for (const run of this.runs) {
      const live = run.alive.flatMap((a, i) => (a ? [i] : []));
      if (live.length === 0) continue;
      for (const i of live) {
        run.trajs[i].observe(observe(run.states[i], this.params, run.rngs[i]), HORIZON - t, t);
      }
      const windows = live.map((i) => run.trajs[i].window(this.contextSteps));
      const mean = await run.learner.act(windows, this.params.sensorNoise);
      live.forEach((i, j) => {
        run.trajs[i].act_(mean[j]);
        run.states[i] = stepWorld(run.states[i], mean[j], this.params);
        if (isFailed(run.states[i])) run.alive[i] = false;
        else run.returns[i]++;
      });
    }
    this.t++;
  }

  /** Success rate and mean return per learner (call when done). */
  outcomes(): EvalOutcome[] {
    return this.runs.map((r) => ({
      learner: r.learner.id,
      success: r.returns.filter((x) => x >= HORIZON).length / r.returns.length,
      meanReturn: r.returns.reduce((a, b) => a + b, 0) / r.returns.length,
    }));
  }
}
