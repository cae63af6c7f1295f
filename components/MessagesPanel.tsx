import { labStore } from '../src/store/store';
import { useFrameSelector } from './hooks/useFrameSelector';

/** Errors (from the worker and the store) and the session's warnings, deduplicated. */
export function MessagesPanel() {
  const errors = useFrameSelector((s) => s.errors);
  const warnings = useFrameSelector((s) => s.warnings);
  const status = useFrameSelector((s) => s.status);
  const total = errors.length + warnings.length;

  return (
    <section className="panel messages" data-testid="messages">
      <div className="panel-title">
        <h2>Messages</h2>
        {total > 0 && <span className="muted">({total})</span>}
        {status && <span className="status muted">status: {status}</span>}
        {total > 0 && (
          <button
            type="button"
            className="small"
            onClick={() => labStore.getState().clearMessages()}
          >
            clear
          </button>
        )}
      </div>
      {total === 0 ? (
        <p className="muted">No warnings or errors.</p>
      ) : (
        <ul>
          {errors.map((e) => (
            <li key={`e:${e.source}:${e.message}`} className="error">
              <strong>✕ error</strong> [{e.source}] {e.message}
              {e.count > 1 && <span className="muted"> ×{e.count}</span>}
            </li>
          ))}
          {warnings.map((w) => (
            <li key={`w:${w.message}`} className="warning">
              <strong>⚠ warning</strong> {w.message}
              {w.count > 1 && <span className="muted"> ×{w.count}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
