import type { Schedule } from '../../src/world/shiftTypes';
import { NumberField } from '../NumberField';

/** The kinds of schedule and how each reads in the UI. */
const KINDS: { kind: Schedule['kind']; before: string; after: string; min: number }[] = [
  { kind: 'abrupt', before: 'abrupt, at episode', after: '(0 = now)', min: 0 },
  { kind: 'drift', before: 'drift, over', after: 'episodes', min: 1 },
  { kind: 'recurring', before: 'recurring, every', after: 'episodes', min: 1 },
];

/** Largest episode count accepted by the schedule input. */
const MAX_EPISODES = 100_000;

/** Builds a schedule from its kind and its number of episodes. */
export function makeSchedule(kind: Schedule['kind'], n: number): Schedule {
  if (kind === 'abrupt') return { kind, atEpisode: n };
  if (kind === 'drift') return { kind, episodes: n };
  return { kind, period: n };
}

/** Props: the schedule's kind and episode count per kind, and their setters. */
export interface ScheduleInputProps {
  kind: Schedule['kind'];
  episodes: Record<Schedule['kind'], number>;
  onKind: (kind: Schedule['kind']) => void;
  onEpisodes: (kind: Schedule['kind'], n: number) => void;
}

/** When a shift takes effect: abrupt at episode N, a drift over N, or recurring every N. */
export function ScheduleInput({ kind, episodes, onKind, onEpisodes }: ScheduleInputProps) {
  const spec = KINDS.find((k) => k.kind === kind) ?? KINDS[0];
  return (
    <div className="row schedule">
      <label className="inline">
        schedule
        <select
          data-testid="schedule-select"
          value={kind}
          onChange={(e) => onKind(e.target.value as Schedule['kind'])}
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.before} N
            </option>
          ))}
        </select>
      </label>
      <span className="inline">
        N =
        <NumberField
          label="schedule episodes"
          testId="schedule-n"
          value={episodes[kind]}
          min={spec.min}
          max={MAX_EPISODES}
          step={1}
          integer
          onCommit={(n) => onEpisodes(kind, n)}
        />
        <span className="muted">{spec.after}</span>
      </span>
    </div>
  );
}
