import { useLab } from '../../src/store/store';
import { count, fixed } from '../format';
import { CompareChart } from './CompareChart';
import { SeedsChart } from './SeedsChart';
import type { LearnerStat } from '../../src/messages/compare';

const NONE: LearnerStat[] = [];

/** Bytes as B, kB or MB. */
function bytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${fixed(n / 1024, 1)} kB`;
  return `${fixed(n / 1024 ** 2, 2)} MB`;
}

/**
 * The compare tab: success against new samples per learner in this run, and what each
 * learner costs (time per update, bytes it keeps beyond the shared pretrained weights).
 */
export function ComparePanel() {
  const stats = useLab((s) => s.snapshot?.learnerStats ?? NONE);
  const seen = useLab((s) => s.snapshot?.samplesSeen ?? 0);
  return (
    <>
      <div className="inspector-grid">
        <CompareChart />
        <SeedsChart />
      </div>
      <section className="panel" data-testid="learner-costs">
        <h2>Cost per learner</h2>
        <p className="caption">
          Wall time per update on this machine and backend, and the state each learner keeps:
          posterior blocks for KBT and the last layer, the replay memory (and Adam moments) for SGD.{' '}
          {count(seen)} samples seen. Choose learners in the side column.
        </p>
        <table className="stats">
          <thead>
            <tr>
              <th>learner</th>
              <th>uncertainty</th>
              <th>time per update</th>
              <th>bytes kept</th>
            </tr>
          </thead>
          <tbody>
            {stats.map((s) => (
              <tr key={s.learner}>
                <td>{s.learner}</td>
                <td>{s.bayesian ? 'yes' : 'no'}</td>
                <td>{fixed(s.updateMs, 2)} ms</td>
                <td>{bytes(s.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
