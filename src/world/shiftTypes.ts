import type { WorldParams } from './params';

/**
 * When a shift takes effect. Times are in demonstration episodes (each HORIZON steps long,
 * since the expert succeeds), counted from the moment the shift is injected.
 * - abrupt: the shifted values hold from `atEpisode` on (0 = now).
 * - drift: values ramp linearly from the current world to the target over `episodes`.
 * - recurring: the world alternates between the target and the world before the shift,
 *   switching every `period` episodes.
 */
export type Schedule =
  | { kind: 'abrupt'; atEpisode: number }
  | { kind: 'drift'; episodes: number }
  | { kind: 'recurring'; period: number };

/** A named change of world parameters. */
export interface ShiftPreset {
  name: string;
  label: string;
  description: string;
  change: Partial<WorldParams>;
}
