import { MC_SAMPLE_CHOICES } from '../../src/messages/attention';
import { useAttention } from '../../src/store/attentionStore';

/** Progress of a Monte Carlo run in percent (0 when there is none). */
function percentOf(done: number, total: number): number {
  return total > 0 ? Math.round((100 * done) / total) : 0;
}

/** Sample count, run and cancel buttons and the progress bar of the attention Monte Carlo. */
export function McControls({ disabled }: { disabled: boolean }) {
  const samples = useAttention((s) => s.samples);
  const progress = useAttention((s) => s.progress);
  const setSamples = useAttention((s) => s.setSamples);
  const runMc = useAttention((s) => s.runMc);
  const cancelMc = useAttention((s) => s.cancelMc);
  const running = progress?.running ?? false;
  const pct = progress ? percentOf(progress.done, progress.total) : 0;
  const note = !progress
    ? 'not run'
    : progress.cancelled
      ? `cancelled at ${progress.done} / ${progress.total}`
      : `${pct}% (${progress.done} / ${progress.total})`;

  return (
    <div className="row mc-controls" role="group" aria-label="Monte Carlo">
      <label>
        samples{' '}
        <select
          data-testid="mc-samples"
          value={samples}
          onChange={(e) => setSamples(Number(e.target.value))}
          disabled={running}
        >
          {MC_SAMPLE_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en')}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="primary"
        data-testid="mc-run"
        disabled={disabled || running}
        onClick={runMc}
      >
        Run Monte Carlo
      </button>
      <button type="button" data-testid="mc-cancel" disabled={!running} onClick={cancelMc}>
        Cancel
      </button>
      <div
        className="mc-progress"
        data-testid="mc-progress"
        role="progressbar"
        aria-label="Monte Carlo progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        data-running={running ? 'true' : 'false'}
      >
        <div className="mc-progress-bar" style={{ width: `${pct}%` }} />
        <span className="mc-progress-text">{note}</span>
      </div>
      {progress?.cancelled && progress.reason && (
        <span className="mc-reason" data-testid="mc-stop-reason">
          Stopped: {progress.reason}.
        </span>
      )}
    </div>
  );
}
