import { usePendingValue } from '../hooks/usePendingValue';
import { compact } from '../format';
import { LOG_STEPS, logPosition, logValue } from '../inputs';
import { NumberField } from '../NumberField';

/** Props of a logarithmic knob. */
export interface LogSliderProps {
  label: string;
  /** What the knob means, shown on hover. */
  hint: string;
  /** The value in effect (the worker's). */
  value: number;
  lo: number;
  hi: number;
  /** Position 0 of the slider means exactly 0. */
  zero?: boolean;
  /** Called with each new value while the user moves the knob. */
  onChange: (value: number) => void;
  testId?: string;
}

/**
 * A slider on a log scale from `lo` to `hi` (optionally with 0 at its left end) and a number
 * field for exact entry. It shows the user's value at once, then the worker's once that
 * arrives.
 */
export function LogSlider({
  label,
  hint,
  value,
  lo,
  hi,
  zero = false,
  onChange,
  testId,
}: LogSliderProps) {
  const [draft, setDraft] = usePendingValue(value);

  const change = (next: number) => {
    setDraft(next);
    onChange(next);
  };

  return (
    <div className="knob" title={hint}>
      <span className="knob-label">{label}</span>
      <input
        type="range"
        aria-label={label}
        data-testid={testId}
        min={0}
        max={LOG_STEPS}
        step={1}
        value={logPosition(draft, lo, hi, zero)}
        aria-valuetext={compact(draft)}
        onChange={(e) => change(logValue(Number(e.target.value), lo, hi, zero))}
      />
      <NumberField
        label={`${label} value`}
        value={draft}
        min={zero ? 0 : lo}
        max={hi}
        onCommit={change}
      />
    </div>
  );
}
