/** Defaults of a session: the learner settings that worked best, and evaluation cadence. */
import type { KbtSettings } from '../protocol';
import type { SessionOptions } from './session';

/**
 * KBT knobs by default (see README "Choices and numbers").
 * TODO: hidden Bayesian layers (σ0 0.05–0.2) adapted worse than the head alone in our runs, so
 * the default equals a Bayesian last layer; a per-layer σ0 (e.g. scaled by fan-in) may fix it.
 */
export const DEFAULT_SETTINGS: Readonly<KbtSettings> = Object.freeze({
  sigma0: 0.3,
  obsNoise: 1e-3,
  processNoise: 0,
  layers: ['head'],
  softmaxOrder: 2 as const,
  covariance: 'full' as const,
  scores: 'diagonal' as const,
});

/** Session defaults: evaluate every 400 samples (two demonstration episodes), 10 episodes. */
export function defaultSessionOptions(seed = 1): SessionOptions {
  return {
    seed,
    settings: { ...DEFAULT_SETTINGS, layers: [...DEFAULT_SETTINGS.layers] },
    evalEvery: 400,
    evalEpisodes: 10,
    evalStepsPerTick: 4,
    shrinkEvery: 10,
    demoNoise: 0.2,
  };
}
