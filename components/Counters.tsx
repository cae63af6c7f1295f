import { HORIZON } from '../src/world/params';
import { useFrameSelector } from './hooks/useFrameSelector';
import { count } from './format';

/** The run's counters: tick, episode, step, samples, updates, rejected updates, failure. */
export function Counters() {
  const snapshot = useFrameSelector((s) => s.snapshot);
  if (!snapshot) return <p className="counters muted">No session yet.</p>;
  const failed = snapshot.world.failed;
  return (
    <dl className="counters" data-testid="counters">
      <Counter name="tick" value={count(snapshot.tick)} testId="counter-tick" />
      <Counter name="episode" value={count(snapshot.episode)} />
      <Counter name="step" value={`${count(snapshot.episodeStep)} / ${HORIZON}`} />
      <Counter name="samples" value={count(snapshot.samplesSeen)} />
      <Counter name="updates" value={count(snapshot.updates)} />
      <Counter
        name="rejected"
        value={count(snapshot.rejected)}
        className={snapshot.rejected > 0 ? 'warn' : undefined}
        title="Updates rejected by a numerical guard since reset"
      />
      <Counter
        name="state"
        value={failed ? '✕ failed' : '✓ balancing'}
        className={failed ? 'bad' : 'good'}
        testId="failure-state"
      />
    </dl>
  );
}

/** One named counter. */
function Counter(props: {
  name: string;
  value: string;
  className?: string;
  title?: string;
  testId?: string;
}) {
  return (
    <div className={props.className} title={props.title} data-testid={props.testId}>
      <dt>{props.name}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}
