import '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { loadPretrained } from '../cli/loadWeights';
import { runScenario } from './scenario';

/** Demonstration episodes (200 samples each) within which KBT must recover: see README. */
export const RECOVERY_EPISODES = 2;

describe('scenario: tilted sensor, seed 1', () => {
  it(`frozen fails after the shift; KBT recovers to ≥ 80% within ${RECOVERY_EPISODES} demonstration episodes`, async () => {
    const model = loadPretrained();
    const r = await runScenario(model, {
      preset: 'tilted-sensor',
      seed: 1,
      episodes: RECOVERY_EPISODES,
      evalEpisodes: 20,
    });
    console.log('[scenario]', JSON.stringify(r));
    const frozen = r.learners.find((l) => l.learner === 'frozen')!;
    const kbt = r.learners.find((l) => l.learner === 'kbt')!;
    expect(frozen.success.before).toBeGreaterThanOrEqual(0.95);
    expect(frozen.success.after_shift).toBeLessThanOrEqual(0.5);
    expect(frozen.success.adapted).toBeLessThanOrEqual(0.5);
    expect(kbt.success.adapted).toBeGreaterThanOrEqual(0.8);
  });
});
