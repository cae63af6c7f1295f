import { sameContent, useFrameSelector } from './hooks/useFrameSelector';
import { compact, fixed } from './format';

/** The backend in use, its float precision, KBT updates per second and ms per update. */
export function BackendBadge() {
  const backend = useFrameSelector((s) => s.snapshot?.backend ?? null, sameContent);
  if (!backend) {
    return (
      <span className="badge" data-testid="backend-badge">
        starting…
      </span>
    );
  }
  const measured = Object.entries(backend.measured);
  const title =
    measured.length > 0
      ? `Measured one update on each backend: ${measured.map(([n, ms]) => `${n} ${compact(ms)} ms`).join(', ')}`
      : 'The backend was chosen explicitly.';
  return (
    <span className="badge" data-testid="backend-badge" title={title}>
      <strong>{backend.name}</strong> · float{backend.precision} · {fixed(backend.updatesPerSec, 0)}{' '}
      upd/s · {compact(backend.updateMs)} ms/upd
    </span>
  );
}
