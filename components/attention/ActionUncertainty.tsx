import type { ActionCheck } from '../../src/messages/attention';

/** Format with a fixed number of significant digits ('–' when missing). */
const sig = (v: number | undefined, digits = 4) =>
  v === undefined || !Number.isFinite(v) ? '–' : v.toPrecision(digits);

/**
 * The action's predictive variance split into epistemic (weights) and aleatoric (R), and the
 * closed form against Monte Carlo for the action's mean and epistemic variance.
 */
export function ActionUncertainty({ action }: { action: ActionCheck }) {
  const { mean, epistemicVar: epi, aleatoricVar: R, mc } = action;
  const total = epi + R;
  const epiShare = total > 0 ? epi / total : 0;
  return (
    <section className="action-uncertainty" data-testid="action-uncertainty">
      <h3>Action uncertainty</h3>
      <div
        className="split-bar"
        role="img"
        aria-label={`epistemic ${Math.round(100 * epiShare)}% of the predictive variance`}
      >
        <div className="split-epistemic" style={{ width: `${100 * epiShare}%` }} />
        <div className="split-aleatoric" style={{ width: `${100 * (1 - epiShare)}%` }} />
      </div>
      <p className="caption">
        Predictive variance {sig(total)} = epistemic (weights) {sig(epi)} + aleatoric (R) {sig(R)}:{' '}
        {Math.round(100 * epiShare)}% from the weights.
      </p>
      <table className="action-table">
        <thead>
          <tr>
            <th />
            <th>closed form</th>
            <th>Monte Carlo</th>
            <th>SE</th>
            <th>closed − MC</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>mean</th>
            <td>{sig(mean)}</td>
            <td>{sig(mc?.mean)}</td>
            <td>{sig(mc?.seMean, 2)}</td>
            <td>{mc ? sig(mean - mc.mean, 2) : '–'}</td>
          </tr>
          <tr>
            <th>epistemic variance</th>
            <td>{sig(epi)}</td>
            <td>{sig(mc?.variance)}</td>
            <td>{sig(mc?.seVar, 2)}</td>
            <td>{mc ? sig(epi - mc.variance, 2) : '–'}</td>
          </tr>
          <tr>
            <th>predictive variance (+R)</th>
            <td>{sig(total)}</td>
            <td>{mc ? sig(mc.variance + R) : '–'}</td>
            <td>{sig(mc?.seVar, 2)}</td>
            <td>{mc ? sig(epi - mc.variance, 2) : '–'}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
