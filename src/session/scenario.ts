/**
 * The headless experiment: evaluate every learner before a shift, right after it, and after
 * a number of demonstration episodes in the shifted world; the same session loop as the app.
 */
import { findPreset } from '../world/shifts';
import type { KbtSettings } from '../protocol';
import { Session, type PretrainedModel } from './session';
import { defaultSessionOptions } from './defaults';
import { HORIZON } from '../world/params';

/** Success fractions of one learner at the three moments. */
export interface LearnerResult {
  learner: string;
  success: { before: number; after_shift: number; adapted: number };
  update_ms: number;
}

export interface ScenarioResult {
  preset: string;
  seed: number;
  episodes: number;
  learners: LearnerResult[];
}

/** Options of a scenario run. */
export interface ScenarioOptions {
  preset: string;
  seed: number;
  /** Demonstration episodes (HORIZON samples each) in the shifted world before 'adapted'. */
  episodes: number;
  evalEpisodes: number;
  settings?: Partial<KbtSettings>;
  /** Called after each demonstration episode. */
  onEpisode?: (episode: number) => void;
}

/** Run the before / after-shift / adapted comparison. */
export async function runScenario(
  model: PretrainedModel,
  opts: ScenarioOptions,
): Promise<ScenarioResult> {
  const preset = findPreset(opts.preset);
  if (!preset) throw new Error(`unknown preset "${opts.preset}"`);
  const base = defaultSessionOptions(opts.seed);
  const session = new Session(model, {
    ...base,
    settings: { ...base.settings, ...opts.settings },
    evalEvery: 0,
    evalEpisodes: opts.evalEpisodes,
  });
  const evaluate = async () => {
    session.startEvaluation();
    return session.finishEvaluation();
  };

  const before = await evaluate();
  session.injectShift(preset.change, { kind: 'abrupt', atEpisode: 0 }, preset.label);
  const afterShift = await evaluate();
  for (let e = 0; e < opts.episodes; e++) {
    for (let i = 0; i < HORIZON; i++) await session.step({ agent: false });
    opts.onEpisode?.(e + 1);
  }
  const adapted = await evaluate();
  const msPerUpdate = session.updates > 0 ? session.updateMsTotal / session.updates : 0;
  const pick = (list: typeof before, id: string) => list.find((p) => p.learner === id)!.success;
  const learners = session.learners.map((l) => ({
    learner: l.id,
    success: {
      before: pick(before, l.id),
      after_shift: pick(afterShift, l.id),
      adapted: pick(adapted, l.id),
    },
    update_ms: l.id === 'kbt' ? msPerUpdate : 0,
  }));
  session.dispose();
  return { preset: opts.preset, seed: opts.seed, episodes: opts.episodes, learners };
}
