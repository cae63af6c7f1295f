/**
 * The session loop (framework-free; the worker and the command line drive it). Each tick:
 * the agent takes one step in the current world with the shown learner's posterior-mean
 * action, and one demonstration sample from the expert in the same world streams to every
 * learner. Evaluations run every few episodes, interleaved one world step per tick.
 */
import { deriveSeed, makeRng } from '../core/rng';
import { CartPoleEnv, actionToForce } from '../world/cartpole';
import { makeExpert } from '../world/expert';
import { HORIZON, NOMINAL, type WorldParams } from '../world/params';
import { applyChange, paramsAt } from '../world/shifts';
import type { Schedule } from '../world/shiftTypes';
import { Trajectory } from '../agent/trajectory';
import type { ModelConfig } from '../model/config';
import type { DataStats } from '../model/context';
import type { ModelParams } from '../model/params';
import type { Learner } from '../learners/learner';
import { FrozenLearner } from '../learners/frozen';
import { KbtLearner } from '../learners/kbt';
import type { ActionPoint, EvalPoint, KbtSettings, ShiftMarker, ShrinkPoint } from '../protocol';
import type { InnovationPoint } from '../messages/inspect';
import { EvalRun } from './evalRun';

/** The pretrained model a session starts from. */
export interface PretrainedModel {
  params: ModelParams;
  cfg: ModelConfig;
  stats: DataStats;
}

/** Session knobs that are not learner settings. */
export interface SessionOptions {
  seed: number;
  settings: KbtSettings;
  /** An evaluation starts every this many demonstration samples (0 = only when asked). */
  evalEvery: number;
  /** Episodes per learner per evaluation. */
  evalEpisodes: number;
  /** World steps an evaluation advances per tick (it runs interleaved with the live view). */
  evalStepsPerTick: number;
  /** Posterior shrinkage is recorded every this many updates. */
  shrinkEvery: number;
  /**
   * Std of the exploration noise added to the action the demonstrator executes; the label
   * stays the expert's clean action (noise injection, so demonstrations cover the states
   * around the expert's path, not just the path itself).
   */
  demoNoise: number;
}

/** The shift in force: from `before` to `target` on a schedule, from demo episode `start`. */
interface ActiveShift {
  before: WorldParams;
  target: WorldParams;
  schedule: Schedule;
  start: number;
}

/** Points produced since the last drain, for snapshots. */
export interface FreshPoints {
  actions: ActionPoint[];
  evals: EvalPoint[];
  shrink: ShrinkPoint[];
  shifts: ShiftMarker[];
  innovation: InnovationPoint[];
}

/** Clip a demonstrated action to what the actuator applies. */
const clip1 = (a: number) => Math.max(-1, Math.min(1, a));

export class Session {
  tick = 0;
  /** Agent episodes started. */
  episode = 0;
  /** Demonstration episodes started. */
  demoEpisode = 0;
  samplesSeen = 0;
  updates = 0;
  rejected = 0;
  /** Mean KBT update time over the run, ms. */
  updateMsTotal = 0;
  lastAction = { mean: 0, std: 0, epistemicStd: 0, expert: 0 };
  /** Force the agent's last action applied, N. */
  lastForce = 0;
  /** Set to have the next agent step keep its attention weights in `lastAttention`. */
  attentionWanted = true;
  /** Mean attention of the agent's latest context, [layers][heads][T][T] flattened. */
  lastAttention: Float32Array | null = null;
  world: WorldParams = { ...NOMINAL };
  readonly learners: Learner[];
  readonly kbt: KbtLearner;
  warnings: string[] = [];

  private shift: ActiveShift | null = null;
  private agentEnv!: CartPoleEnv;
  private demoEnv!: CartPoleEnv;
  private agentTraj = new Trajectory();
  private demoTraj = new Trajectory();
  private demoRng = makeRng(0);
  private expert = makeExpert(NOMINAL);
  private agentExpert = makeExpert(NOMINAL);
  private evalRun: EvalRun | null = null;
  private evalCount = 0;
  private fresh: FreshPoints = { actions: [], evals: [], shrink: [], shifts: [], innovation: [] };

  constructor(
    readonly model: PretrainedModel,
    private opts: SessionOptions,
  ) {
    this.kbt = new KbtLearner(model.params, model.cfg, model.stats, opts.settings);
    this.learners = [new FrozenLearner(model.params, model.cfg, model.stats), this.kbt];
    this.reset(opts.seed);
  }

  get seed(): number {
    return this.opts.seed;
  }

  get settings(): KbtSettings {
    return this.kbt.currentSettings;
  }

  /** Start over from the pretrained model and the nominal world with `seed`. */
  reset(seed = this.opts.seed): void {
    this.opts = { ...this.opts, seed };
    for (const l of this.learners) l.reset();
    this.tick = this.episode = this.demoEpisode = this.samplesSeen = 0;
    this.updates = this.rejected = this.updateMsTotal = this.evalCount = 0;
    this.world = { ...NOMINAL };
    this.shift = null;
    this.evalRun = null;
    this.warnings = [];
    this.fresh = { actions: [], evals: [], shrink: [], shifts: [], innovation: [] };
    this.agentEnv = new CartPoleEnv(this.world, makeRng(deriveSeed(seed, 'agent')));
    this.demoEnv = new CartPoleEnv(this.world, makeRng(deriveSeed(seed, 'demo')));
    this.demoRng = makeRng(deriveSeed(seed, 'demo-noise'));
    this.startAgentEpisode();
    this.startDemoEpisode();
    this.lastAttention = null;
    this.lastForce = 0;
    if (this.opts.evalEvery > 0) this.startEvaluation();
  }

  /** Change learner knobs (validated by the caller). */
  configure(settings: KbtSettings): void {
    this.kbt.configure(settings);
  }

  /** Inject a shift of the world, effective per its schedule from the next demo episode. */
  injectShift(change: Partial<WorldParams>, schedule: Schedule, label: string): void {
    const { params: target, warnings } = applyChange(this.world, change);
    this.warnings.push(...warnings);
    this.shift = { before: { ...this.world }, target, schedule, start: this.demoEpisode };
    this.fresh.shifts.push({ tick: this.tick, label });
    this.updateWorld();
    this.episode--;
    this.demoEpisode--;
    this.startAgentEpisode();
    this.startDemoEpisode();

    // Evaluate the new world right away: the "just after the shift" point of every learner.
    if (this.opts.evalEvery > 0) {
      this.evalRun = null;
      this.startEvaluation();
    }
  }

  /** Take the points produced since the previous call. */
  drain(): FreshPoints {
    const out = this.fresh;
    this.fresh = { actions: [], evals: [], shrink: [], shifts: [], innovation: [] };
    return out;
  }

  /** Is an evaluation running? */
  get evaluating(): boolean {
    return this.evalRun !== null;
  }

  /** The agent's current context window. */
  agentWindow() {
    return this.agentTraj.window(this.model.cfg.contextSteps);
  }

  /** The agent's world right now. */
  get agent(): CartPoleEnv {
    return this.agentEnv;
  }

  /** Start an evaluation of every learner now (one is started every opts.evalEvery samples). */
  startEvaluation(): void {
    if (this.evalRun) return;
    const seed = deriveSeed(this.opts.seed, `evaluation${this.evalCount++}`);
    this.evalRun = new EvalRun(
      this.learners,
      { ...this.world },
      this.model.cfg.contextSteps,
      this.opts.evalEpisodes,
      seed,
      this.tick,
    );
  }

  /** Run the current evaluation to its end (command line). */
  async finishEvaluation(): Promise<EvalPoint[]> {
    while (this.evalRun && !this.evalRun.done) await this.evalRun.step();
    return this.collectEvaluation();
  }

  /** One tick: agent step, demonstration sample, a step of any running evaluation. */
  async step(opts: { agent?: boolean } = {}): Promise<void> {
    if (opts.agent !== false) await this.agentStep();
    await this.demoStep();
    for (let i = 0; i < this.opts.evalStepsPerTick && this.evalRun; i++) {
      await this.evalRun.step();
      if (this.evalRun.done) this.collectEvaluation();
    }
    const every = this.opts.evalEvery;
    if (every > 0 && this.samplesSeen % every === 0) this.startEvaluation();
    this.tick++;
  }

  private collectEvaluation(): EvalPoint[] {
    if (!this.evalRun || !this.evalRun.done) return [];
    const tick = this.evalRun.tick;
    const points = this.evalRun.outcomes().map((o) => ({ tick, ...o }));
    this.fresh.evals.push(...points);
    this.evalRun = null;
    return points;
  }

  private updateWorld(): void {
    if (!this.shift) return;
    const { before, target, schedule, start } = this.shift;
    this.world = paramsAt(before, target, schedule, this.demoEpisode - start);
  }

  private startAgentEpisode(): void {
    this.episode++;
    this.agentExpert = makeExpert(this.world);
    this.agentEnv.reset(this.world);
    this.agentTraj = new Trajectory();
  }

  private startDemoEpisode(): void {
    this.demoEpisode++;
    this.updateWorld();
    this.expert = makeExpert(this.world);
    this.demoEnv.reset(this.world);
    this.demoTraj = new Trajectory();
  }

  private async agentStep(): Promise<void> {
    const env = this.agentEnv;
    if (env.done) this.startAgentEpisode();
    this.agentTraj.observe(env.obs, HORIZON - env.t, env.t);
    const want = this.attentionWanted;
    const pred = await this.kbt.predict([this.agentWindow()], this.world.sensorNoise, want);
    if (want && pred.attention) {
      this.lastAttention = pred.attention;
      this.attentionWanted = false;
    }
    const mean = pred.mean[0];
    const epi = Math.max(pred.variance[0], 0);
    const expert = clip1(this.agentExpert(env.state));
    const std = Math.sqrt(epi + this.settings.obsNoise);
    this.lastAction = { mean, std, epistemicStd: Math.sqrt(epi), expert };
    this.fresh.actions.push({ tick: this.tick, mean, std, expert });
    this.agentTraj.act_(mean);
    this.lastForce = actionToForce(mean, env.params);
    env.step(mean);
  }

  private async demoStep(): Promise<void> {
    const env = this.demoEnv;
    if (env.done) this.startDemoEpisode();
    this.demoTraj.observe(env.obs, HORIZON - env.t, env.t);
    const action = clip1(this.expert(env.state));
    const window = this.demoTraj.window(this.model.cfg.contextSteps);
    for (const learner of this.learners) {
      if (learner === this.kbt) this.kbt.infoTag = this.tick;
      const info = await learner.observe(window, action, this.world.sensorNoise);
      if (learner !== this.kbt) continue;
      this.recordInnovation(action, info.mean, info.variance);
      this.updates++;
      this.rejected += info.rejected;
      this.updateMsTotal += info.ms;
    }
    this.samplesSeen++;
    if (this.updates % this.opts.shrinkEvery === 0) {
      for (const s of await this.kbt.shrinkage()) {
        this.fresh.shrink.push({ tick: this.tick, layer: s.layer, ratio: s.ratio });
      }
    }
    this.demoTraj.act_(action);
    env.step(action + this.opts.demoNoise * this.demoRng.normal());
  }

  /** KBT's innovation e = y − ŷ, its predicted variance S = v_y + R and NIS = e²/S. */
  private recordInnovation(y: number, mean: number, variance: number): void {
    const innovation = y - mean;
    const S = variance + this.settings.obsNoise;
    this.fresh.innovation.push({
      tick: this.tick,
      innovation,
      S,
      nis: (innovation * innovation) / S,
    });
  }

  dispose(): void {
    for (const l of this.learners) l.dispose();
  }
}
