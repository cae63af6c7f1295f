/**
 * Learner specs: text like 'kbt', 'frozen', 'bll', 'sgd:M=100' or 'sgd:M=1000:lr=0.001:k=2'
 * names a learner and its knobs. Parsing is strict (unknown names, unknown knobs and values
 * out of range are errors with a message); the spec text, normalized, is the learner's id.
 */
import type { KbtSettings } from '../protocol';
import type { ModelConfig } from '../model/config';
import type { DataStats } from '../model/context';
import type { ModelParams } from '../model/params';
import { deriveSeed } from '../core/rng';
import type { Learner } from './learner';
import { FrozenLearner } from './frozen';
import { KbtLearner } from './kbt';
import { BllLearner } from './bll';
import { SgdLearner } from './sgd';

/** A parsed learner spec: its kind, its knobs (only those given) and its id. */
export type LearnerSpec =
  | { kind: 'frozen'; id: string }
  | {
      kind: 'kbt';
      id: string;
      knobs: { sigma0?: number; R?: number; q?: number; layers?: string[]; cov?: 'full' | 'diag' };
    }
  | { kind: 'bll'; id: string; knobs: { sigma0?: number; R?: number } }
  | {
      kind: 'sgd';
      id: string;
      knobs: { M?: number; lr?: number; k?: number; batch?: number; head?: boolean };
    };

/** Result of parsing: a spec or a message saying what is wrong. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The default set, as before the comparison existed. */
export const DEFAULT_LEARNERS: readonly string[] = ['frozen', 'kbt'];

/** At most this many learners run side by side. */
export const MAX_LEARNERS = 8;

/** SGD defaults: memory 1000, Adam lr 1e-3, one step per sample, minibatch 32, all weights. */
export const SGD_DEFAULTS = { M: 1000, lr: 1e-3, k: 1, batch: 32, head: false } as const;

type Range = { lo: number; hi: number; int?: boolean };
const KNOBS: Record<'kbt' | 'bll' | 'sgd', Record<string, Range | 'layers' | 'cov' | 'bool'>> = {
  kbt: {
    sigma0: { lo: 1e-4, hi: 1 },
    R: { lo: 1e-6, hi: 1 },
    q: { lo: 0, hi: 1e-2 },
    layers: 'layers',
    cov: 'cov',
  },
  bll: { sigma0: { lo: 1e-4, hi: 10 }, R: { lo: 1e-6, hi: 1 } },
  sgd: {
    M: { lo: 1, hi: 100_000, int: true },
    lr: { lo: 1e-6, hi: 1 },
    k: { lo: 1, hi: 100, int: true },
    batch: { lo: 1, hi: 1024, int: true },
    head: 'bool',
  },
};

/** Parse one spec; `allLayers` lists the layer names a kbt spec may make Bayesian. */
export function parseSpec(
  text: string,
  allLayers: readonly string[] = [],
): ParseResult<LearnerSpec> {
  const parts = String(text).trim().split(':');
  const kind = parts[0];
  if (kind === 'frozen') {
    if (parts.length > 1) return { ok: false, error: `"${text}": frozen takes no knobs` };
    return { ok: true, value: { kind, id: 'frozen' } };
  }
  if (kind !== 'kbt' && kind !== 'bll' && kind !== 'sgd') {
    return { ok: false, error: `"${text}": unknown learner "${kind}" (kbt, frozen, bll, sgd)` };
  }
  const allowed = KNOBS[kind];
  const knobs: Record<string, unknown> = {};
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq) : part;
    const raw = eq > 0 ? part.slice(eq + 1) : '';
    const rule = allowed[key];
    if (!rule) {
      return {
        ok: false,
        error: `"${text}": ${kind} has no knob "${key}" (${Object.keys(allowed).join(', ')})`,
      };
    }
    if (key in knobs) return { ok: false, error: `"${text}": knob "${key}" given twice` };
    if (eq <= 0 || raw === '')
      return { ok: false, error: `"${text}": knob "${key}" needs a value (${key}=…)` };
    if (rule === 'layers') {
      const names = raw.split('+');
      const bad = names.filter((n) => !allLayers.includes(n));
      if (bad.length > 0) return { ok: false, error: `"${text}": unknown layer ${bad.join(', ')}` };
      knobs[key] = names;
    } else if (rule === 'cov') {
      if (raw !== 'full' && raw !== 'diag')
        return { ok: false, error: `"${text}": cov is full or diag` };
      knobs[key] = raw;
    } else if (rule === 'bool') {
      if (raw !== '0' && raw !== '1') return { ok: false, error: `"${text}": ${key} is 0 or 1` };
      knobs[key] = raw === '1';
    } else {
      const v = Number(raw);
      if (!Number.isFinite(v) || v < rule.lo || v > rule.hi || (rule.int && !Number.isInteger(v))) {
        const what = rule.int ? 'an integer' : 'a number';
        return {
          ok: false,
          error: `"${text}": ${key} must be ${what} in [${rule.lo}, ${rule.hi}], got "${raw}"`,
        };
      }
      knobs[key] = v;
    }
  }
  const id = parts.join(':');
  return { ok: true, value: { kind, id, knobs } as LearnerSpec };
}

/** Parse a set of specs: at least one, at most MAX_LEARNERS, no id twice. */
export function parseSpecs(
  texts: readonly unknown[],
  allLayers: readonly string[] = [],
): ParseResult<LearnerSpec[]> {
  if (!Array.isArray(texts) || texts.length === 0)
    return { ok: false, error: 'at least one learner is needed' };
  if (texts.length > MAX_LEARNERS)
    return { ok: false, error: `at most ${MAX_LEARNERS} learners run side by side` };
  const out: LearnerSpec[] = [];
  for (const t of texts) {
    if (typeof t !== 'string') return { ok: false, error: 'a learner spec must be text' };
    const r = parseSpec(t, allLayers);
    if (!r.ok) return r;
    if (out.some((s) => s.id === r.value.id)) return { ok: false, error: `"${t}" is listed twice` };
    out.push(r.value);
  }
  return { ok: true, value: out };
}

/** What a learner is built from. */
export interface LearnerContext {
  params: ModelParams;
  cfg: ModelConfig;
  stats: DataStats;
  /** The session's KBT settings (plain 'kbt' follows them; knobs override a copy). */
  settings: KbtSettings;
  seed: number;
}

/** Build the learner a spec names. */
export function createLearner(spec: LearnerSpec, c: LearnerContext): Learner {
  const { params, cfg, stats, settings } = c;
  switch (spec.kind) {
    case 'frozen':
      return new FrozenLearner(params, cfg, stats);
    case 'kbt': {
      const k = spec.knobs;
      const s: KbtSettings = {
        ...settings,
        layers: k.layers ?? [...settings.layers],
        sigma0: k.sigma0 ?? settings.sigma0,
        obsNoise: k.R ?? settings.obsNoise,
        processNoise: k.q ?? settings.processNoise,
        covariance: k.cov ?? settings.covariance,
      };
      return new KbtLearner(params, cfg, stats, s, spec.id);
    }
    case 'bll':
      return new BllLearner(
        params,
        cfg,
        stats,
        {
          sigma0: spec.knobs.sigma0 ?? settings.sigma0,
          obsNoise: spec.knobs.R ?? settings.obsNoise,
        },
        spec.id,
      );
    case 'sgd': {
      const k = { ...SGD_DEFAULTS, ...spec.knobs };
      return new SgdLearner(
        params,
        cfg,
        stats,
        {
          memory: k.M,
          lr: k.lr,
          steps: k.k,
          batch: k.batch,
          headOnly: k.head,
          seed: deriveSeed(c.seed, spec.id),
        },
        spec.id,
      );
    }
  }
}

/** The observation noise variance R a learner's predictive std includes (0 for point learners). */
export function learnerObsNoise(l: Learner): number {
  if (l instanceof BllLearner) return l.opts.obsNoise;
  if (l instanceof KbtLearner) return l.currentSettings.obsNoise;
  return 0;
}
