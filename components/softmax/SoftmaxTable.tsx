import type { TableReply } from '../../src/lab/labProtocol';
import { FLAG_SE, FLOAT_FLOOR, errorLabel, isFlagged } from '../../src/lab/errorText';
import { compact, count } from '../format';

export { FLAG_SE, isFlagged };

/** Props of the side-by-side table. */
export interface SoftmaxTableProps {
  labels: readonly string[];
  table: TableReply | null;
  /** Whether the inputs have changed since this table was computed. */
  stale: boolean;
}

/** A Taylor value against Monte Carlo: the value, its error in SE, and whether it is flagged. */
function Versus({ value, mc, se }: { value: number; mc: number; se: number }) {
  const err = value - mc;
  const flagged = isFlagged(err, se);
  const zText = errorLabel(err, se);
  return (
    <td
      className={flagged ? 'beyond' : undefined}
      title={
        zText === 'rounding'
          ? `error ${compact(err)}: below float32 rounding (${compact(FLOAT_FLOOR)})`
          : `error ${compact(err)} = ${zText}${flagged ? ` (beyond ${FLAG_SE} SE)` : ''}`
      }
    >
      <span className="num">{fmt(value)}</span>
      <span className="err">{zText}</span>
    </td>
  );
}

/** A Monte Carlo estimate with its standard error. */
function Estimate({ value, se }: { value: number; se: number }) {
  return (
    <td>
      <span className="num">{fmt(value)}</span>
      <span className="err">± {compact(se)}</span>
    </td>
  );
}

/**
 * Per component of softmax(z): Monte Carlo (with its standard error), first and second order,
 * for the mean and for the variance; Taylor cells more than FLAG_SE standard errors from Monte
 * Carlo are highlighted.
 */
export function SoftmaxTable({ labels, table, stale }: SoftmaxTableProps) {
  if (!table || !table.result.mc) {
    return (
      <div className="softmax-table" data-testid="softmax-table" data-ready="false">
        Computing…
      </div>
    );
  }
  const { input, result } = table;
  const mc = result.mc!;
  const flagged = countFlagged(table);
  return (
    <div
      className={`softmax-table${stale ? ' stale' : ''}`}
      data-testid="softmax-table"
      data-ready="true"
      data-request={table.id}
      data-stale={stale}
      data-flagged={flagged}
    >
      <table>
        <thead>
          <tr>
            <th rowSpan={2}>i</th>
            <th rowSpan={2}>μᵢ</th>
            <th rowSpan={2}>Σᵢᵢ</th>
            <th colSpan={3}>mean E[sᵢ]</th>
            <th colSpan={3}>variance Var[sᵢ]</th>
          </tr>
          <tr>
            <th>Monte Carlo ± SE</th>
            <th>1st order</th>
            <th>2nd order</th>
            <th>Monte Carlo ± SE</th>
            <th>1st order</th>
            <th>2nd order</th>
          </tr>
        </thead>
        <tbody>
          {input.mean.map((m, i) => (
            <tr key={i}>
              <th scope="row">{labels[i] ?? `z${i + 1}`}</th>
              <td className="num">{m.toFixed(2)}</td>
              <td className="num">{compact(input.cov[i][i])}</td>
              <Estimate value={mc.mean[i]} se={mc.mean_se[i]} />
              <Versus value={result.taylor1.mean[i]} mc={mc.mean[i]} se={mc.mean_se[i]} />
              <Versus value={result.taylor2.mean[i]} mc={mc.mean[i]} se={mc.mean_se[i]} />
              <Estimate value={mc.cov[i][i]} se={mc.cov_se[i][i]} />
              <Versus value={result.taylor1.cov[i][i]} mc={mc.cov[i][i]} se={mc.cov_se[i][i]} />
              <Versus value={result.taylor2.cov[i][i]} mc={mc.cov[i][i]} se={mc.cov_se[i][i]} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="caption">
        Monte Carlo: {count(mc.samples)} draws of z (seeded), ± one standard error
        {mc.jitter ? `; Σ needed a jitter of ${compact(mc.jitter)} on its diagonal to sample` : ''}.
        Under each Taylor value: its error in standard errors;{' '}
        <span className="beyond-key">highlighted</span> beyond {FLAG_SE} SE ({flagged} now). Both
        orders share the covariance J Σ Jᵀ.
      </p>
    </div>
  );
}

/** How many Taylor cells of a table are more than FLAG_SE standard errors off. */
export function countFlagged(table: TableReply): number {
  const { result } = table;
  const mc = result.mc;
  if (!mc) return 0;
  let flagged = 0;
  const off = (v: number, m: number, se: number) => isFlagged(v - m, se);
  for (let i = 0; i < mc.mean.length; i++) {
    for (const t of [result.taylor1, result.taylor2]) {
      if (off(t.mean[i], mc.mean[i], mc.mean_se[i])) flagged++;
      if (off(t.cov[i][i], mc.cov[i][i], mc.cov_se[i][i])) flagged++;
    }
  }
  return flagged;
}

/** Four decimals, or exponent notation for tiny and huge values. */
function fmt(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if ((abs !== 0 && abs < 1e-3) || abs >= 1e3) return value.toExponential(2);
  return value.toFixed(4);
}
