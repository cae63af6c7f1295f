/**
 * Offline pretraining data (METHOD §5): episodes of the nominal world driven by the LQR
 * expert with several levels of action noise and some detuned gains, so that returns vary
 * and return-to-go conditioning means something.
 */
import { makeRng, type Rng } from '../core/rng';
import { runEpisode } from '../world/cartpole';
import { lqrGain } from '../world/expert';
import { FORCE_MAX, type State, type WorldParams } from '../world/params';

/** One recorded episode: observations, actions taken, and its return. */
export interface OfflineEpisode {
  obs: State[];
  act: number[];
  ret: number;
}

/** How the behaviour policies are drawn. */
export interface OfflineDataSpec {
  episodes: number;
  /** Standard deviations of the Gaussian action noise, one drawn per episode. */
  noiseLevels: number[];
  /** Fraction of episodes whose LQR gains are detuned by a factor per entry. */
  detunedFraction: number;
  /** Detuning factors are drawn uniformly in [lo, hi]. */
  detuneRange: [number, number];
}

export const DEFAULT_DATA_SPEC: Readonly<OfflineDataSpec> = Object.freeze({
  episodes: 400,
  noiseLevels: [0, 0.05, 0.1, 0.2, 0.4, 0.8],
  detunedFraction: 0.5,
  detuneRange: [0.05, 1.6] as [number, number],
});

/** A behaviour policy: the expert's gains, maybe detuned, plus action noise. */
function behaviourPolicy(params: WorldParams, spec: OfflineDataSpec, rng: Rng) {
  const gain = lqrGain(params).slice();
  if (rng.uniform() < spec.detunedFraction) {
    for (let i = 0; i < 4; i++) gain[i] *= rng.range(spec.detuneRange[0], spec.detuneRange[1]);
  }
  const noise = spec.noiseLevels[rng.int(spec.noiseLevels.length)];
  const scale = 1 / (params.motorGain * FORCE_MAX);
  return (_obs: Readonly<State>, s: Readonly<State>) => {
    const u = -(gain[0] * s[0] + gain[1] * s[1] + gain[2] * s[2] + gain[3] * s[3]);
    return (u - params.motorBias) * scale + noise * rng.normal();
  };
}

/** Generate the offline episodes in world `params`, seeded. */
export function generateOfflineData(
  params: WorldParams,
  spec: OfflineDataSpec,
  seed: number,
): OfflineEpisode[] {
  const rng = makeRng(seed);
  const out: OfflineEpisode[] = [];
  for (let e = 0; e < spec.episodes; e++) {
    const policy = behaviourPolicy(params, spec, rng);
    const res = runEpisode(policy, params, rng);
    out.push({ obs: res.observations, act: res.actions, ret: res.return });
  }
  return out;
}
