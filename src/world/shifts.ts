import { NOMINAL, PARAM_SPECS } from './params';
import type { ParamSpec, WorldParams } from './params';
import type { Schedule, ShiftPreset } from './shiftTypes';

/**
 * Named shifts of the nominal world. Each is calibrated (see shifts.test.ts) so that the
 * nominal LQR expert acting on observations — a stand-in for the frozen decision transformer —
 * fails ≥ 80% of episodes, while the LQR expert for the shifted world, on the true state,
 * still succeeds ≥ 97%.
 */
export const PRESETS: readonly ShiftPreset[] = Object.freeze([
  {
    name: 'weak-motor',
    label: 'Weak motor',
    description:
      'The motor delivers 15% of its nominal force (worn drive, sagging battery). Below half ' +
      'the gain the nominal controller no longer stabilizes the pole.',
    change: { motorGain: 0.15 },
  },
  {
    name: 'biased-motor',
    label: 'Biased motor',
    description:
      'The drive pushes a constant 5 N to the right (mis-trimmed motor driver). The nominal ' +
      'controller settles far off-centre and runs off the track.',
    change: { motorBias: 5 },
  },
  {
    name: 'tilted-sensor',
    label: 'Tilted sensor',
    description:
      'The angle sensor is mounted 8° (0.14 rad) off. Balancing the reading instead of the ' +
      'pole drives the cart off the track.',
    change: { sensorBiasTheta: 0.14 },
  },
  {
    name: 'long-heavy-pole',
    label: 'Long heavy pole',
    description:
      'The pole is 4 m long (half length 2 m) and weighs 2 kg instead of 1 m and 0.1 kg. Its ' +
      'slower fall makes the nominal controller overreact and oscillate.',
    change: { halfPoleLength: 2, poleMass: 2 },
  },
  {
    name: 'loaded-cart',
    label: 'Loaded cart',
    description:
      'The cart carries 4 kg of cargo (5 kg in all). The same force now accelerates it a ' +
      'fifth as much and the nominal controller falls behind the pole.',
    change: { cartMass: 5 },
  },
]);

/** The preset called `name`, or undefined. */
export function findPreset(name: string): ShiftPreset | undefined {
  return PRESETS.find((p) => p.name === name);
}

/** Keys of WorldParams, in PARAM_SPECS order. */
const KEYS: readonly (keyof WorldParams)[] = PARAM_SPECS.map((s) => s.key);

const SPEC_BY_KEY = new Map<string, ParamSpec>(PARAM_SPECS.map((s) => [s.key, s]));

function blend(before: WorldParams, target: WorldParams, frac: number): WorldParams {
  const out = { ...before };
  for (const key of KEYS) out[key] = before[key] + (target[key] - before[key]) * frac;
  return out;
}

/**
 * World parameters `episodesSince` episodes after a shift from `before` to `target` was
 * injected, under `schedule`:
 * - abrupt: `before` until `atEpisode`, `target` from then on;
 * - drift: linear blend, reaching `target` after `episodes` episodes and staying there;
 * - recurring: `target` for `period` episodes, then `before` for `period`, alternating.
 * Negative times give `before`. Returns a fresh object; the inputs are not modified.
 */
export function paramsAt(
  before: WorldParams,
  target: WorldParams,
  schedule: Schedule,
  episodesSince: number,
): WorldParams {
  const t = Number.isFinite(episodesSince) ? episodesSince : 0;
  if (t < 0) return { ...before };
  switch (schedule.kind) {
    case 'abrupt': {
      const at = Number.isFinite(schedule.atEpisode) ? schedule.atEpisode : 0;
      return { ...(t >= at ? target : before) };
    }
    case 'drift': {
      const n = schedule.episodes;
      const frac = Number.isFinite(n) && n > 0 ? Math.min(1, t / n) : 1;
      return frac >= 1 ? { ...target } : blend(before, target, frac);
    }
    case 'recurring': {
      const period = Number.isFinite(schedule.period)
        ? Math.max(1, Math.floor(schedule.period))
        : 1;
      return { ...(Math.floor(t / period) % 2 === 0 ? target : before) };
    }
    default:
      // An unknown schedule (untrusted input) leaves the world as it was.
      return { ...before };
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/**
 * Applies a (possibly untrusted) change to `base`, checking every entry against PARAM_SPECS.
 * Unknown keys are ignored; non-numbers, NaN and ±Infinity keep the base value; numbers out
 * of range are clamped. Each problem adds one human-readable line to `warnings`.
 */
export function applyChange(
  base: WorldParams,
  change: Partial<WorldParams> | Readonly<Record<string, unknown>>,
): { params: WorldParams; warnings: string[] } {
  const params = { ...base };
  const warnings: string[] = [];
  if (change === null || typeof change !== 'object') {
    warnings.push(`[shifts] change must be an object of parameter values, got ${describe(change)}`);
    return { params, warnings };
  }

  for (const [key, value] of Object.entries(change)) {
    const spec = SPEC_BY_KEY.get(key);
    if (!spec) {
      warnings.push(`[shifts] unknown parameter "${key}" ignored`);
      continue;
    }
    const k = spec.key;
    const fallback = Number.isFinite(base[k]) ? base[k] : NOMINAL[k];

    // Reject anything that is not a finite number; keep the current value.
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const what = typeof value === 'number' ? 'not a finite number' : 'not a number';
      warnings.push(
        `[shifts] ${spec.label} (${k}): ${describe(value)} is ${what}; kept ${fallback}`,
      );
      params[k] = Math.min(spec.max, Math.max(spec.min, fallback));
      continue;
    }

    // Clamp to the slider's safe range.
    if (value < spec.min || value > spec.max) {
      const bound = value < spec.min ? spec.min : spec.max;
      const side = value < spec.min ? 'below the minimum' : 'above the maximum';
      warnings.push(
        `[shifts] ${spec.label} (${k}): ${value} is ${side} ${bound}; clamped to ${bound}`,
      );
      params[k] = bound;
      continue;
    }
    params[k] = value;
  }
  return { params, warnings };
}
