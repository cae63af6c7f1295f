import { fixed } from '../format';
import { useCalibration } from './useCalibration';
import { ReliabilityChart } from './ReliabilityChart';
import { NllChart } from './NllChart';
import { SigmaChart } from './SigmaChart';

/** Observed coverage of the 90% central interval (NaN when it was not computed). */
function cover90(points: readonly { nominal: number; observed: number }[]): number {
  return points.find((p) => Math.abs(p.nominal - 0.9) < 1e-9)?.observed ?? Number.NaN;
}

/**
 * The calibration tab: per learner, the reliability diagram, NLL over time and σ against
 * error. Learners without uncertainty (frozen, SGD) are named as such and never scored.
 */
export function CalibrationPanel() {
  const { histories, learners } = useCalibration();
  return (
    <>
      <section className="panel">
        <h2>Calibration</h2>
        <table className="stats" data-testid="calibration-table">
          <thead>
            <tr>
              <th>learner</th>
              <th>samples</th>
              <th>coverage of 90% interval</th>
              <th>NLL (nats)</th>
              <th>RMSE</th>
            </tr>
          </thead>
          <tbody>
            {learners.map(({ learner, summary: s }) => (
              <tr key={learner}>
                <td>{learner}</td>
                <td>{histories[learner].recent.y.length}</td>
                <td>
                  {s.uncertain ? `${fixed(100 * cover90(s.coverage), 1)}%` : 'no uncertainty'}
                </td>
                <td>{s.nll === null ? 'no uncertainty' : fixed(s.nll, 3)}</td>
                <td>{fixed(s.rmse, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="inspector-grid">
        <ReliabilityChart learners={learners} />
        <SigmaChart learners={learners} />
      </div>
      <NllChart histories={histories} />
    </>
  );
}
