import { BackendBadge } from './BackendBadge';
import { BackendSelect } from './BackendSelect';
import { RunControls } from './RunControls';

/** The top bar: the title, the run controls, the compute backend in use and its choice. */
export function Header() {
  return (
    <header className="app-header">
      <h1 title="A Kalman Bayesian Transformer adapting a cart-pole agent to a shifted world, live">
        KBT Lab
      </h1>
      <RunControls />
      <div className="header-right">
        <BackendBadge />
        <BackendSelect />
      </div>
    </header>
  );
}
