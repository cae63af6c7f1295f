import { useState } from 'react';
import { useLab } from '../../src/store/store';

/** The learners offered side by side (METHOD §7); 'kbt' always runs: it drives the agent. */
export const LEARNER_CHOICES = ['kbt', 'frozen', 'bll', 'sgd:M=100', 'sgd:M=1000'] as const;

const NONE: string[] = [];

/**
 * Checkboxes choosing which learners run side by side on the same stream. A change restarts
 * the run with the same seed (every learner starts from the pretrained model).
 */
export function LearnerSelect() {
  const running = useLab((s) => s.snapshot?.learners ?? NONE);
  const send = useLab((s) => s.send);
  const [pending, setPending] = useState<{ specs: string[]; from: string } | null>(null);

  // The worker's list wins as soon as it changes after a request.
  const runningKey = running.join(',');
  const shown = pending && pending.from === runningKey ? pending.specs : running;
  const choices = [
    ...LEARNER_CHOICES,
    ...running.filter((r) => !LEARNER_CHOICES.includes(r as never)),
  ];

  const toggle = (spec: string, on: boolean) => {
    const next = choices.filter((c) => (c === spec ? on : shown.includes(c)));
    setPending({ specs: next, from: runningKey });
    send({ type: 'learners', specs: next });
  };

  return (
    <fieldset className="panel learner-select" data-testid="learner-select">
      <legend>Learners side by side (a change restarts the run)</legend>
      <div className="row">
        {choices.map((c) => (
          <label
            key={c}
            title={c === 'kbt' ? 'KBT drives the live agent, so it always runs' : undefined}
          >
            <input
              type="checkbox"
              value={c}
              checked={shown.includes(c)}
              disabled={c === 'kbt' || running.length === 0}
              onChange={(e) => toggle(c, e.target.checked)}
            />{' '}
            {c}
          </label>
        ))}
      </div>
      {pending && pending.from === runningKey && <p className="hint muted">restarting…</p>}
    </fieldset>
  );
}
