/** Test fixtures: small model configs and random, seeded context windows. */
import { makeRng } from '../core/rng';
import type { ModelConfig } from '../model/config';
import type { DataStats, StepWindow } from '../model/context';

/** A small architecture that keeps tests fast while exercising every op. */
export const TINY_CONFIG: ModelConfig = {
  contextSteps: 3,
  dModel: 8,
  layers: 2,
  heads: 2,
  obsDim: 4,
  horizon: 200,
  lnEps: 1e-5,
};

export const UNIT_STATS: DataStats = { obsMean: [0, 0, 0, 0], obsStd: [1, 1, 1, 1] };

/** `n` random windows of `steps` steps (fewer than K pads the context), seeded. */
export function randomWindows(n: number, steps: number, seed: number): StepWindow[] {
  const rng = makeRng(seed);
  return Array.from({ length: n }, () => {
    const t0 = rng.int(150);
    return {
      rtg: Array.from({ length: steps }, (_, k) => 200 - t0 - k),
      obs: Array.from({ length: steps }, () => [0, 0, 0, 0].map(() => rng.normal())),
      act: Array.from({ length: steps }, () => rng.normal() * 0.5),
      time: Array.from({ length: steps }, (_, k) => t0 + k),
    };
  });
}
