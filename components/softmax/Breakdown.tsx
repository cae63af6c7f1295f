import { breakdownFlags } from '../../src/lab/breakdown';
import type { LabCase } from '../../src/lab/labCase';

/** Props of the breakdown text. */
export interface BreakdownProps {
  /** The case at the current scale. */
  input: LabCase;
  labels: readonly string[];
}

/**
 * When the expansion breaks down, in general and for the current case: the flags of
 * src/lab/breakdown.ts, warnings first.
 */
export function Breakdown({ input, labels }: BreakdownProps) {
  const flags = breakdownFlags(input, labels).sort((a, b) => Number(b.warn) - Number(a.warn));
  return (
    <section className="breakdown" data-testid="softmax-breakdown" aria-live="polite">
      <h3>When the expansion breaks down</h3>
      <p>
        Both orders expand softmax in powers of z − μ around the mean, and softmax bends on the
        scale of one unit of logit difference. They hold while the logit differences vary by much
        less than 1; they fail with large variance, near a tie between the largest logits, and in
        saturated rows where rare draws change the winner.
      </p>
      <ul>
        {flags.map((f) => (
          <li key={f.kind} className={f.warn ? 'warn' : 'ok'} data-flag={f.kind}>
            {f.warn ? '⚠ ' : ''}
            {f.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
