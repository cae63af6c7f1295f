import { memo } from 'react';
import type { ParamSpec, WorldParams } from '../../src/world/params';
import { NOMINAL } from '../../src/world/params';
import { NumberField } from '../NumberField';
import { compact } from '../format';

/** Props: the parameter's spec, the slider's value, the live world's value, a setter. */
export interface ParamSliderProps {
  spec: ParamSpec;
  value: number;
  /** The current world's value, or null before the first snapshot. */
  current: number | null;
  onChange: (key: keyof WorldParams, value: number) => void;
}

/** Whether two parameter values are the same up to float noise. */
export function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * One world parameter: a slider over its safe range with the nominal value marked, a number
 * field for exact entry, and the live world's value when the slider differs from it.
 */
export const ParamSlider = memo(function ParamSlider({
  spec,
  value,
  current,
  onChange,
}: ParamSliderProps) {
  const nominal = NOMINAL[spec.key];
  const nominalAt = ((nominal - spec.min) / (spec.max - spec.min)) * 100;
  const changes = current !== null && !sameValue(value, current);
  const unit = spec.unit ? ` (${spec.unit})` : '';
  return (
    <div className={`param ${changes ? 'changes' : ''}`} data-testid={`param-${spec.key}`}>
      <div className="param-head">
        <span className="param-label" title={`nominal ${nominal}${unit}`}>
          {spec.label}
          <span className="unit">{unit}</span>
        </span>
        {changes && <span className="now">now {compact(current)}</span>}
      </div>
      <div className="param-controls">
        <span className="slider-wrap">
          <input
            type="range"
            aria-label={spec.label}
            min={spec.min}
            max={spec.max}
            step={spec.step}
            value={value}
            onChange={(e) => onChange(spec.key, Number(e.target.value))}
          />
          <span
            className="nominal-mark"
            style={{ left: `${nominalAt}%` }}
            title={`nominal ${nominal}`}
            aria-hidden="true"
          />
        </span>
        <NumberField
          label={`${spec.label} value`}
          value={value}
          min={spec.min}
          max={spec.max}
          step={spec.step}
          onCommit={(v) => onChange(spec.key, v)}
        />
      </div>
    </div>
  );
});
