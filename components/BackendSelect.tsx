import type { BackendChoice } from '../src/protocol';
import { labStore, useLab } from '../src/store/store';

const CHOICES: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'auto (fastest)' },
  { value: 'webgl', label: 'webgl' },
  { value: 'wasm', label: 'wasm' },
  { value: 'cpu', label: 'cpu' },
];

/** Chooses the compute backend; 'auto' lets the worker measure and take the fastest. */
export function BackendSelect() {
  const choice = useLab((s) => s.backendChoice);
  return (
    <label className="inline">
      backend{' '}
      <select
        data-testid="backend-select"
        value={choice}
        onChange={(e) => {
          const next = e.target.value as BackendChoice;
          labStore.getState().send({ type: 'backend', choice: next });
        }}
      >
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
