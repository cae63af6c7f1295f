/**
 * The learner comparison (issue 4): one preset, one seed, any set of learners on the same
 * stream. Every learner is evaluated before the shift, right after it, and after fixed
 * budgets of new (post-shift) samples; its calibration is scored on the predictions it made
 * before learning from each post-shift sample.
 */
import { findPreset } from '../world/shifts';
import type { KbtSettings } from '../protocol';
import type { CalibPoint } from '../messages/compare';
import { coverage, gaussianNll, rmse } from '../metrics/calibration';
import { Session, type PretrainedModel } from './session';
import { defaultSessionOptions } from './defaults';

/** One learner's results in one run. */
export interface ComparisonRow {
  preset: string;
  seed: number;
  learner: string;
  bayesian: boolean;
  /** Success of the pretrained policy before the shift (the same for all), and right after it. */
  before: number;
  afterShift: number;
  /** Success after each budget of new samples, in the order of `budgets`. */
  success: number[];
  /** Mean Gaussian NLL (nats) of post-shift predictions; null for point learners. */
  nll: number | null;
  /** Observed coverage of the central 90% interval; null for point learners. */
  cover90: number | null;
  /** RMSE of the predicted action against the expert's, post-shift. */
  rmse: number;
  /** Mean wall time per update, ms. */
  updateMs: number;
  /** Bytes kept at the end of the run. */
  bytes: number;
}

/** Options of one comparison run. */
export interface ComparisonOptions {
  preset: string;
  seed: number;
  learners: string[];
  /** Budgets of new samples, increasing. */
  budgets: number[];
  evalEpisodes: number;
  settings?: Partial<KbtSettings>;
  /** Hears the number of new samples seen now and then. */
  onProgress?: (samples: number) => void;
}

/** Run one preset × seed with every learner side by side. */
export async function runComparison(
  model: PretrainedModel,
  opts: ComparisonOptions,
): Promise<ComparisonRow[]> {
  const preset = findPreset(opts.preset);
  if (!preset) throw new Error(`unknown preset "${opts.preset}"`);
  const base = defaultSessionOptions(opts.seed);
  const session = new Session(model, {
    ...base,
    settings: { ...base.settings, ...opts.settings },
    evalEvery: 0,
    evalEpisodes: opts.evalEpisodes,
    learners: opts.learners,
  });
  const bad = session.warnings.find((w) => w.includes('using'));
  if (bad) {
    session.dispose();
    throw new Error(bad);
  }
  const evaluate = async (only = session.learners) => {
    session.startEvaluation(only);
    const points = await session.finishEvaluation();
    return new Map(points.map((p) => [p.learner, p.success]));
  };

  // Before the shift every learner is the pretrained policy: evaluate that once (frozen).
  const pretrained = session.learners.find((l) => l.id === 'frozen') ?? session.learners[0];
  const base0 = (await evaluate([pretrained])).get(pretrained.id)!;
  const before = new Map(session.learners.map((l) => [l.id, base0]));

  // Right after the shift, then after each budget of new samples.
  session.injectShift(preset.change, { kind: 'abrupt', atEpisode: 0 }, preset.label);
  const afterShift = await evaluate();
  session.drain();
  const atBudget: Map<string, number>[] = [];
  const calib: CalibPoint[] = [];
  let seen = 0;
  for (const budget of opts.budgets) {
    for (; seen < budget; seen++) {
      await session.step({ agent: false });
      if (seen % 100 === 99) opts.onProgress?.(seen + 1);
    }
    calib.push(...session.drain().calib);
    atBudget.push(await evaluate());
    calib.push(...session.drain().calib);
  }

  const stats = session.learnerStats();
  const rows = session.learners.map((l, i): ComparisonRow => {
    const pts = calib.filter((p) => p.learner === l.id);
    const cov = coverage(pts, [0.9]);
    return {
      preset: opts.preset,
      seed: opts.seed,
      learner: l.id,
      bayesian: l.bayesian,
      before: before.get(l.id)!,
      afterShift: afterShift.get(l.id)!,
      success: atBudget.map((m) => m.get(l.id)!),
      nll: gaussianNll(pts),
      cover90: cov.length > 0 ? cov[0].observed : null,
      rmse: rmse(pts),
      updateMs: stats[i].updateMs,
      bytes: stats[i].bytes,
    };
  });
  session.dispose();
  return rows;
}

/** Mean and sample standard deviation (0 for a single value; NaN for none). */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}
