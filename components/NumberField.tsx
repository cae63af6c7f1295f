import { useState } from 'react';
import { checkNumber } from './inputs';

/** Props of a validated number input. */
export interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  /** Called with a checked value when the user commits (Enter or leaving the field). */
  onCommit: (value: number) => void;
  className?: string;
  testId?: string;
}

/**
 * A number input that checks what was typed when it is committed: not a number keeps the
 * previous value, out of range clamps; either way a message says what happened.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  step,
  integer = false,
  onCommit,
  className,
  testId,
}: NumberFieldProps) {
  const [text, setText] = useState<string | null>(null);
  // A message belongs to the value it produced; it disappears once the value changes again.
  const [note, setNote] = useState<{ message: string; value: number } | null>(null);
  const message = note && note.value === value ? note.message : null;

  const commit = () => {
    if (text === null) return;
    const checked = checkNumber(text, min, max, value, integer);
    setNote(checked.message ? { message: checked.message, value: checked.value } : null);
    setText(null);
    onCommit(checked.value);
  };

  return (
    <span className={`number-field ${className ?? ''}`}>
      <input
        type="number"
        aria-label={label}
        data-testid={testId}
        value={text ?? String(value)}
        min={min}
        max={max}
        step={step ?? 'any'}
        onChange={(e) => {
          setText(e.target.value);
          setNote(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {message && (
        <span className="field-message" role="status">
          {message}
        </span>
      )}
    </span>
  );
}
