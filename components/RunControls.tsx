import { useState } from 'react';
import { labStore } from '../src/store/store';
import { useFrameSelector } from './hooks/useFrameSelector';
import { usePendingValue } from './hooks/usePendingValue';
import { NumberField } from './NumberField';
import { SpeedSlider } from './SpeedSlider';

/** Largest seed accepted (the worker's generator takes 32-bit seeds). */
const SEED_MAX = 2 ** 31 - 1;

/** The run toggle's text: the action it offers, or what it is waiting for. */
function toggleLabel(running: boolean, pending: boolean): string {
  if (pending) return running ? 'Starting…' : 'Pausing…';
  return running ? '❚❚ Pause' : '▶ Play';
}

/** Play/pause, single step, reset with a kept seed, and the run's speed. */
export function RunControls() {
  const workerRunning = useFrameSelector((s) => s.snapshot?.running ?? false);
  // The toggle says what the worker reports; until the worker confirms a click it says
  // "Starting…" or "Pausing…".
  const [running, showRunning] = usePendingValue(workerRunning);
  const pending = running !== workerRunning;
  const ready = useFrameSelector((s) => s.snapshot !== null);
  const workerSeed = useFrameSelector((s) => s.snapshot?.seed ?? 1);
  const send = labStore.getState().send;

  // The seed to reset with: the worker's seed until the user types another.
  const [seed, setSeed] = useState<number | null>(null);
  const resetSeed = seed ?? workerSeed;

  return (
    <div className="run-controls row" role="group" aria-label="Run controls">
      <button
        type="button"
        className="primary"
        data-testid="run-toggle"
        disabled={!ready}
        onClick={() => {
          showRunning(!running);
          send({ type: running ? 'pause' : 'play' });
        }}
      >
        {toggleLabel(running, pending)}
      </button>
      <button
        type="button"
        data-testid="step"
        disabled={!ready}
        onClick={() => send({ type: 'step' })}
      >
        Step
      </button>
      <button
        type="button"
        data-testid="reset"
        disabled={!ready}
        onClick={() => send({ type: 'reset', seed: resetSeed })}
        title="Start again from tick 0 with this seed (the same seed replays the same run)"
      >
        ↺ Reset
      </button>
      <label className="inline">
        seed
        <NumberField
          label="random seed for reset"
          testId="seed-input"
          value={resetSeed}
          min={0}
          max={SEED_MAX}
          step={1}
          integer
          onCommit={setSeed}
        />
      </label>
      <SpeedSlider />
    </div>
  );
}
