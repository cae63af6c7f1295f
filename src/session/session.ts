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
import { KbtLearner } from '../learners/kbt';
import { createLearner, DEFAULT_LEARNERS, learnerObsNoise, parseSpecs } from '../learners/registry';
import type { ActionPoint, EvalPoint, KbtSettings, ShiftMarker, ShrinkPoint } from '../protocol';
import type { InnovationPoint } from '../messages/inspect';
import type { CalibPoint, LearnerStat } from '../messages/compare';
import { linearLayerNames } from '../model/config';
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
  /** Learner specs run side by side ('kbt', 'frozen', 'bll', 'sgd:M=100', …); default kbt+frozen. */
  learners?: string[];
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
  calib: CalibPoint[];
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
  /** The learners running side by side; the plain 'kbt' one drives the live agent. */
  learners: Learner[] = [];
  kbt!: KbtLearner;
  /** Per learner: total update time (ms) and updates, since reset. */
  private cost = new Map<string, { ms: number; n: number }>();
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
  private fresh: FreshPoints = emptyFresh();

  constructor(
    readonly model: PretrainedModel,
    private opts: SessionOptions,
  ) {
    let built = this.buildLearners(opts.learners ?? [...DEFAULT_LEARNERS], opts.settings);
    if (built.error !== null) {
      const why = `[learners] ${built.error}; using ${DEFAULT_LEARNERS.join(', ')}`;
      built = this.buildLearners([...DEFAULT_LEARNERS], opts.settings);
      built.notes.unshift(why);
    }
    this.reset(opts.seed);
    this.warnings.push(...built.notes);
  }

  /** The specs of the learners running now. */
  get learnerSpecs(): string[] {
    return this.learners.map((l) => l.id);
  }

  /**
   * Run another set of learners side by side. Validated: on a bad spec nothing changes and
   * the message is returned. A new set restarts the run with the same seed, so every learner
   * sees the same stream from the pretrained state. 'kbt' is added if missing (it drives the
   * live agent).
   */
  setLearners(specs: unknown): string | null {
    const { error, notes } = this.buildLearners(specs, this.settings);
    if (error !== null) return error;
    const pending = this.warnings;
    this.reset();
    this.warnings = [...pending, ...notes];
    return null;
  }

  /** Replace the learners from specs; on a bad spec keep them and return the error. */
  private buildLearners(
    specs: unknown,
    settings: KbtSettings,
  ): { error: string | null; notes: string[] } {
    const layers = linearLayerNames(this.model.cfg);
    const parsed = parseSpecs(Array.isArray(specs) ? specs : [], layers);
    if (!parsed.ok) return { error: parsed.error, notes: [] };
    const list = parsed.value;
    const notes: string[] = [];
    if (!list.some((s) => s.id === 'kbt')) {
      list.unshift({ kind: 'kbt', id: 'kbt', knobs: {} });
      notes.push('[learners] kbt was added: it drives the live agent');
    }
    const ctx = { ...this.model, settings, seed: this.opts.seed };
    for (const l of this.learners) l.dispose();
    this.learners = list.map((s) => createLearner(s, ctx));
    this.kbt = this.learners.find((l) => l.id === 'kbt') as KbtLearner;
    return { error: null, notes };
  }

  /** Mean update time and bytes kept, per learner. */
  learnerStats(): LearnerStat[] {
    return this.learners.map((l) => {
      const c = this.cost.get(l.id);
      return {
        learner: l.id,
        bayesian: l.bayesian,
        updateMs: c && c.n > 0 ? c.ms / c.n : 0,
        bytes: l.bytes(),
      };
    });
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
    this.cost = new Map(this.learners.map((l) => [l.id, { ms: 0, n: 0 }]));
    this.world = { ...NOMINAL };
    this.shift = null;
    this.evalRun = null;
    this.warnings = [];
    this.fresh = emptyFresh();
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
    this.fresh = emptyFresh();
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

  /**
   * Start an evaluation of every learner (or of `only`) now; one is started every
   * opts.evalEvery samples.
   */
  startEvaluation(only: Learner[] = this.learners): void {
    if (this.evalRun) return;
    const seed = deriveSeed(this.opts.seed, `evaluation${this.evalCount++}`);
    this.evalRun = new EvalRun(
      only,
      { ...this.world },
      this.model.cfg.contextSteps,
      this.opts.evalEpisodes,
      seed,
      this.tick,
      this.samplesSeen,
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
    const samples = this.evalRun.samples;
    const points = this.evalRun.outcomes().map((o) => ({ tick, samples, ...o }));
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
      const noise = this.world.sensorNoise;
      const info = await learner.observe(window, action, noise);
      const cost = this.cost.get(learner.id);
      if (cost) {
        cost.ms += info.ms;
        cost.n++;
      }

      // The prediction made before the update; frozen skips it in observe, so ask for it.
      const mean = Number.isNaN(info.mean) ? (await learner.act([window], noise))[0] : info.mean;
      const std = learner.bayesian
        ? Math.sqrt(Math.max(info.variance, 0) + learnerObsNoise(learner))
        : null;
      this.fresh.calib.push({
        tick: this.tick,
        samples: this.samplesSeen,
        learner: learner.id,
        mean,
        std,
        y: action,
      });
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

function emptyFresh(): FreshPoints {
  return { actions: [], evals: [], shrink: [], shifts: [], calib: [], innovation: [] };
}
