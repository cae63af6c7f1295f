/**
 * The Node half of `npm run bench`, on whichever tfjs backend is active: KBT update,
 * prediction and session-tick timings with the shipped model, posterior sizes, and the live
 * tensor count before and after.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Trajectory } from '../agent/trajectory';
import { makeRng } from '../core/rng';
import { KbtLearner } from '../learners/kbt';
import type { StepWindow } from '../model/context';
import type { KbtSettings } from '../protocol';
import { DEFAULT_SETTINGS, defaultSessionOptions } from '../session/defaults';
import { Session, type PretrainedModel } from '../session/session';
import { CartPoleEnv } from '../world/cartpole';
import { makeExpert } from '../world/expert';
import { NOMINAL } from '../world/params';
import { summarize, timeCalls, type Repetitions, type Timing } from './stats';

/** One demonstrated sample: the context window and the expert's (clipped) action. */
export interface Sample {
  window: StepWindow;
  action: number;
}

/** A set of Bayesian layers and a covariance mode to time. */
export interface BenchCase {
  label: string;
  layers: string[];
  covariance: 'full' | 'diag';
}

/** The cases timed: the default head-only posterior, then heavier ones. */
export const BENCH_CASES: readonly BenchCase[] = [
  { label: 'head (default)', layers: [...DEFAULT_SETTINGS.layers], covariance: 'full' },
  { label: 'head', layers: ['head'], covariance: 'diag' },
  {
    label: 'block2.fc1+fc2+head',
    layers: ['block2.fc1', 'block2.fc2', 'head'],
    covariance: 'full',
  },
  {
    label: 'block2.fc1+fc2+head',
    layers: ['block2.fc1', 'block2.fc2', 'head'],
    covariance: 'diag',
  },
  {
    label: 'attn.v ×2+head',
    layers: ['block1.attn.v', 'block2.attn.v', 'head'],
    covariance: 'full',
  },
  {
    label: 'attn.v ×2+head',
    layers: ['block1.attn.v', 'block2.attn.v', 'head'],
    covariance: 'diag',
  },
];

/** Repetitions of a Node run. */
export interface NodeBenchOptions extends Repetitions {
  /** Timed session ticks (after `warmup` untimed ones). */
  ticks: number;
}

/** Timings of one case, ms per call, and the posterior's size. */
export interface CaseResult extends BenchCase {
  observe: Timing;
  predict1: Timing;
  predict10: Timing;
  /** Mean actions only (`act`, what an evaluation step calls) on 10 windows. */
  act10: Timing;
  /** Bytes held by the posterior's tensors (learner.bytes()). */
  bytes: number;
  /** Tokens rejected by a numerical guard during the timed updates. */
  rejected: number;
}

/** Everything one Node backend measured. */
export interface NodeBenchResult {
  /** Backend asked for, and the one tfjs actually used (it may fall back silently). */
  requested: string;
  backend: string;
  cases: CaseResult[];
  /** Session.step with the default options: all ticks, and split by a running evaluation. */
  tick: { all: Timing; evaluating: Timing; idle: Timing };
  /** Live tensors after loading the model, and after every learner and session was disposed. */
  tensorsBefore: number;
  tensorsAfter: number;
  /** Wall time of this backend's run, s. */
  seconds: number;
}

/**
 * Demonstrations as the session streams them: an LQR expert in the nominal world with
 * exploration noise on the executed action, windows cut from the growing trajectory.
 */
export function expertSamples(count: number, contextSteps: number, seed = 1): Sample[] {
  const rng = makeRng(seed);
  const env = new CartPoleEnv({ ...NOMINAL }, rng);
  const expert = makeExpert(NOMINAL);
  const demoNoise = defaultSessionOptions().demoNoise;
  let traj = new Trajectory();
  const out: Sample[] = [];
  while (out.length < count) {
    if (env.done) {
      env.reset();
      traj = new Trajectory();
    }
    traj.observe(env.obs, env.horizon - env.t, env.t);
    const action = Math.max(-1, Math.min(1, expert(env.state)));
    out.push({ window: traj.window(contextSteps), action });
    traj.act_(action);
    env.step(action + demoNoise * rng.normal());
  }
  return out;
}

/** Time updates and predictions of a KBT learner with `c`'s layers on `samples`. */
async function benchCase(
  model: PretrainedModel,
  c: BenchCase,
  samples: Sample[],
  opts: NodeBenchOptions,
): Promise<CaseResult> {
  const settings: KbtSettings = { ...DEFAULT_SETTINGS, layers: c.layers, covariance: c.covariance };
  const learner = new KbtLearner(model.params, model.cfg, model.stats, settings);
  const noise = NOMINAL.sensorNoise;
  const at = (i: number) => samples[i % samples.length];

  // Updates walk through the demonstrations in order, as the session feeds them.
  let rejected = 0;
  const observe = await timeCalls(async (i) => {
    const info = await learner.observe(at(i).window, at(i).action, noise);
    if (i >= opts.warmup) rejected += info.rejected;
  }, opts);

  // Predictions from the updated posterior: the agent's one window, an evaluation's ten.
  const predict1 = await timeCalls((i) => learner.predict([at(i).window], noise), opts);
  const ten = (i: number) => Array.from({ length: 10 }, (_, j) => at(i * 10 + j).window);
  const predict10 = await timeCalls((i) => learner.predict(ten(i), noise), opts);
  const act10 = await timeCalls((i) => learner.act(ten(i), noise), opts);
  const bytes = learner.bytes();
  learner.dispose();
  return { ...c, observe, predict1, predict10, act10, bytes, rejected };
}

/** Time Session.step with the default options, split by whether an evaluation ran. */
async function benchTicks(model: PretrainedModel, opts: NodeBenchOptions) {
  const session = new Session(model, defaultSessionOptions(1));
  for (let i = 0; i < opts.warmup; i++) await session.step();
  const all: number[] = [];
  const evaluating: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < opts.ticks; i++) {
    const busy = session.evaluating;
    const t0 = performance.now();
    await session.step();
    const ms = performance.now() - t0;
    all.push(ms);
    (busy ? evaluating : idle).push(ms);
  }
  session.dispose();
  return { all: summarize(all), evaluating: summarize(evaluating), idle: summarize(idle) };
}

/** Run every Node measurement on the active backend with `model` already loaded on it. */
export async function runNodeBench(
  requested: string,
  model: PretrainedModel,
  opts: NodeBenchOptions,
  log: (line: string) => void = () => {},
): Promise<NodeBenchResult> {
  const t0 = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  const samples = expertSamples(400, model.cfg.contextSteps);

  // Warm the process up (JIT, the backend's allocator) on ticks without evaluations, so the
  // first case timed is not penalised for going first.
  log(`${requested}: warm-up`);
  const warm = new Session(model, { ...defaultSessionOptions(2), evalEvery: 0 });
  for (let i = 0; i < 10 * opts.warmup; i++) await warm.step();
  warm.dispose();

  const cases: CaseResult[] = [];
  for (const c of BENCH_CASES) {
    log(`${requested}: ${c.label} ${c.covariance}`);
    cases.push(await benchCase(model, c, samples, opts));
  }
  log(`${requested}: session ticks`);
  const tick = await benchTicks(model, opts);
  return {
    requested,
    backend: tf.getBackend(),
    cases,
    tick,
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    seconds: (performance.now() - t0) / 1000,
  };
}
