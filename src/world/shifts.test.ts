import { describe, expect, it } from 'vitest';
import { deriveSeed, makeRng } from '../core/rng';
import { successRate } from './cartpole';
import { makeExpert } from './expert';
import { NOMINAL, PARAM_SPECS } from './params';
import type { WorldParams } from './params';
import { applyChange, findPreset, paramsAt, PRESETS } from './shifts';

const EPISODES = 100;

describe('PRESETS calibration', () => {
  const nominalExpert = makeExpert(NOMINAL);

  it('has at least four uniquely named presets with valid values', () => {
    expect(PRESETS.length).toBeGreaterThanOrEqual(4);
    expect(new Set(PRESETS.map((p) => p.name)).size).toBe(PRESETS.length);
    for (const preset of PRESETS) {
      expect(applyChange(NOMINAL, preset.change).warnings).toEqual([]);
      expect(findPreset(preset.name)).toBe(preset);
    }
  });

  for (const preset of PRESETS) {
    const world = applyChange(NOMINAL, preset.change).params;

    it(`${preset.name}: the shifted-world expert succeeds in ≥ 97% of episodes`, () => {
      const expert = makeExpert(world);
      const rng = makeRng(deriveSeed(1, `expert:${preset.name}`));
      const rate = successRate((_o, s) => expert(s), world, rng, EPISODES);
      expect(rate).toBeGreaterThanOrEqual(0.97);
    });

    it(`${preset.name}: the nominal expert acting on observations fails ≥ 80% of episodes`, () => {
      const rng = makeRng(deriveSeed(1, `proxy:${preset.name}`));
      const rate = successRate((o) => nominalExpert(o), world, rng, EPISODES);
      expect(1 - rate).toBeGreaterThanOrEqual(0.8);
    });
  }
});

describe('paramsAt', () => {
  const before: WorldParams = { ...NOMINAL };
  const target: WorldParams = { ...NOMINAL, motorGain: 0.2, poleMass: 0.5 };

  it('abrupt: before until atEpisode, target from then on', () => {
    const s = { kind: 'abrupt', atEpisode: 3 } as const;
    expect(paramsAt(before, target, s, 0)).toEqual(before);
    expect(paramsAt(before, target, s, 2)).toEqual(before);
    expect(paramsAt(before, target, s, 3)).toEqual(target);
    expect(paramsAt(before, target, s, 50)).toEqual(target);
    expect(paramsAt(before, target, { kind: 'abrupt', atEpisode: 0 }, 0)).toEqual(target);
  });

  it('drift: linear ramp over `episodes`, clamped at both ends', () => {
    const s = { kind: 'drift', episodes: 10 } as const;
    expect(paramsAt(before, target, s, -1)).toEqual(before);
    expect(paramsAt(before, target, s, 0)).toEqual(before);
    const mid = paramsAt(before, target, s, 4);
    expect(Math.abs(mid.motorGain - (1 + 0.4 * (0.2 - 1)))).toBeLessThan(1e-12);
    expect(Math.abs(mid.poleMass - (0.1 + 0.4 * (0.5 - 0.1)))).toBeLessThan(1e-12);
    expect(mid.gravity).toBe(NOMINAL.gravity);
    expect(paramsAt(before, target, s, 10)).toEqual(target);
    expect(paramsAt(before, target, s, 99)).toEqual(target);
    expect(paramsAt(before, target, { kind: 'drift', episodes: 0 }, 0)).toEqual(target);
  });

  it('recurring: target for `period` episodes, then before, alternating', () => {
    const s = { kind: 'recurring', period: 3 } as const;
    const seq = Array.from({ length: 12 }, (_, t) => paramsAt(before, target, s, t).motorGain);
    expect(seq).toEqual([0.2, 0.2, 0.2, 1, 1, 1, 0.2, 0.2, 0.2, 1, 1, 1]);
  });

  it('returns fresh objects and leaves its inputs alone', () => {
    const out = paramsAt(before, target, { kind: 'abrupt', atEpisode: 0 }, 0);
    expect(out).not.toBe(target);
    out.motorGain = 7;
    expect(target.motorGain).toBe(0.2);
  });
});

describe('applyChange', () => {
  it('applies valid values without warnings', () => {
    const { params, warnings } = applyChange(NOMINAL, { motorGain: 0.5, sensorNoise: 0.01 });
    expect(warnings).toEqual([]);
    expect(params).toEqual({ ...NOMINAL, motorGain: 0.5, sensorNoise: 0.01 });
  });

  it('clamps out-of-range numbers to the slider range with a message', () => {
    const { params, warnings } = applyChange(NOMINAL, { motorGain: 10, poleMass: -1 });
    expect(params.motorGain).toBe(3);
    expect(params.poleMass).toBe(0.01);
    expect(warnings.length).toBe(2);
    expect(warnings[0]).toMatch(/motorGain.*above the maximum 3.*clamped to 3/);
    expect(warnings[1]).toMatch(/poleMass.*below the minimum 0.01/);
  });

  it('keeps the base value for NaN, Infinity, strings and other non-numbers', () => {
    const base = { ...NOMINAL, gravity: 12 };
    const bad = { gravity: Number.NaN, cartMass: '2', damping: Infinity, motorBias: null };
    const { params, warnings } = applyChange(base, bad);
    expect(params).toEqual(base);
    expect(warnings.length).toBe(4);
    expect(warnings[0]).toMatch(/gravity.*NaN is not a finite number; kept 12/);
    expect(warnings[1]).toMatch(/cartMass.*"2" is not a number; kept 1/);
  });

  it('ignores unknown keys and non-object changes, with a message', () => {
    const r1 = applyChange(NOMINAL, { warpDrive: 1 });
    expect(r1.params).toEqual(NOMINAL);
    expect(r1.warnings[0]).toMatch(/unknown parameter "warpDrive"/);
    const r2 = applyChange(NOMINAL, 'heavy' as unknown as Record<string, unknown>);
    expect(r2.params).toEqual(NOMINAL);
    expect(r2.warnings.length).toBe(1);
  });

  it('never returns a value outside PARAM_SPECS for a valid base', () => {
    const rng = makeRng(3);
    for (let i = 0; i < 200; i++) {
      const change: Record<string, unknown> = {};
      for (const spec of PARAM_SPECS) change[spec.key] = rng.range(-100, 100);
      const { params } = applyChange(NOMINAL, change);
      for (const spec of PARAM_SPECS) {
        expect(params[spec.key]).toBeGreaterThanOrEqual(spec.min);
        expect(params[spec.key]).toBeLessThanOrEqual(spec.max);
      }
    }
  });
});
