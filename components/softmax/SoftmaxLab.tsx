import { useEffect } from 'react';
import { buildCase } from '../../src/lab/labCase';
import { labBase, labLabels, meanBounds, useSoftmaxLab } from '../../src/store/softmaxLabStore';
import { ensureLabWorker } from '../../src/store/labWorkerClient';
import { LogitBars } from './LogitBars';
import { LabControls, RowSource, VarianceFields } from './LabControls';
import { SoftmaxTable } from './SoftmaxTable';
import { ErrorCurve, currentErrors } from './ErrorCurve';
import { Formulas } from './Formulas';
import { Breakdown } from './Breakdown';
import './softmax.css';

/**
 * The softmax Taylor lab: drag logit means, set their variances, correlation and scale, and
 * compare the first- and second-order moments of softmax with Monte Carlo, at this setting
 * (table) and across scales (error curve). The numbers come from the lab worker.
 */
export function SoftmaxLab() {
  useEffect(ensureLabWorker, []);

  const loaded = useSoftmaxLab((s) => s.loaded);
  const custom = useSoftmaxLab((s) => s.custom);
  const loadedMeans = useSoftmaxLab((s) => s.loadedMeans);
  const scale = useSoftmaxLab((s) => s.scale);
  const table = useSoftmaxLab((s) => s.table);
  const sweep = useSoftmaxLab((s) => s.sweep);
  const requested = useSoftmaxLab((s) => s.requested);
  const note = useSoftmaxLab((s) => s.note);
  const error = useSoftmaxLab((s) => s.error);
  const setMean = useSoftmaxLab((s) => s.setMean);

  const inputs = { loaded, custom, loadedMeans };
  const labels = labLabels(inputs);
  const base = labBase(inputs);
  const input = buildCase(base.mean, base.cov, scale);
  const sds = input.cov.map((row, i) => Math.sqrt(Math.max(0, row[i])));
  const stale = table === null || table.id !== requested;

  return (
    <section className="panel softmax-lab" data-testid="softmax-lab">
      <header className="panel-title">
        <h2>Softmax Taylor lab</h2>
        <RowSource />
      </header>
      <LabControls />
      {note && (
        <p className="note" role="status" data-testid="softmax-note">
          {note}
        </p>
      )}
      {error && (
        <p className="note bad" role="alert">
          The lab worker failed: {error}
        </p>
      )}
      <div className="lab-top">
        <div className="lab-inputs">
          <LogitBars
            labels={labels}
            means={base.mean}
            sds={sds}
            bounds={meanBounds(inputs)}
            onChange={setMean}
          />
          <VarianceFields />
          <p className="caption">
            Drag a bar (or click in its column), or focus it and use the arrow keys (Shift: ×10).
            Whiskers: ±1 sd at the current scale.
          </p>
        </div>
        <Formulas />
      </div>
      <SoftmaxTable labels={labels} table={table} stale={stale} />
      <ErrorCurve
        curves={sweep?.curves ?? null}
        current={currentErrors(table, table?.scale ?? scale)}
        stale={sweep === null}
      />
      <Breakdown input={input} labels={labels} />
    </section>
  );
}
