import { useCallback, useState } from 'react';
import type { AttentionReport } from '../../src/messages/attention';
import { useSoftmaxLab } from '../../src/store/softmaxLabStore';
import { useTab } from '../../src/store/tabStore';
import { Heatmap, type Cell } from './Heatmap';
import type { MapScale } from './scales';
import { rowForLab } from '../../src/store/attentionRow';

/** Props: the report, the head to show, and the shared colour scales. */
export interface HeadMapsProps {
  report: AttentionReport;
  layer: number;
  head: number;
  scales: { mean: MapScale; std: MapScale; error: MapScale };
  errorView: 'abs' | 'signed';
}

/** Format a number for the readout. */
const num = (v: number | undefined, digits = 4) =>
  v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);

/** Hand query row `row` of one head (visible keys only) to the softmax lab and open it. */
function openRow(report: AttentionReport, layer: number, head: number, row: number): void {
  const loaded = rowForLab(report, layer, head, row);
  if (!loaded) return;
  useSoftmaxLab.getState().loadRow(loaded);
  useTab.getState().show('softmax');
}

/** The four maps of one head (closed mean, closed std, MC mean, error) and a hover readout. */
export function HeadMaps({ report, layer, head, scales, errorView }: HeadMapsProps) {
  const [hover, setHover] = useState<Cell | null>(null);
  const T = report.tokens;
  const off = (layer * report.heads + head) * T * T;
  const pick = (a: Float32Array | undefined) => (a ? a.subarray(off, off + T * T) : null);
  const mc = report.mc;
  const onHover = useCallback(
    (c: Cell | null) => setHover((h) => (h?.i === c?.i && h?.j === c?.j ? h : c)),
    [],
  );
  const onRowClick = useCallback(
    (row: number) => openRow(report, layer, head, row),
    [report, layer, head],
  );
  const common = {
    mask: report.mask,
    tokens: T,
    labels: report.labels,
    hover,
    onHover,
    onRowClick,
  };
  const k = hover ? off + hover.i * T + hover.j : -1;

  return (
    <div className="head-maps" data-layer={layer} data-head={head}>
      <div className="head-title">
        layer {layer + 1} · head {head + 1}
      </div>
      <div className="row head-row">
        <Heatmap
          {...common}
          testId="attention-heatmap-mean"
          title="mean (closed form)"
          values={pick(report.closed.mean)}
          color={scales.mean.color}
        />
        <Heatmap
          {...common}
          testId="attention-heatmap-std"
          title="std (closed form)"
          values={pick(report.closed.std)}
          color={scales.std.color}
        />
        <Heatmap
          {...common}
          testId="attention-heatmap-mc"
          title={mc ? `mean (MC, S = ${mc.samples})` : 'mean (MC: not run)'}
          values={pick(mc?.mean)}
          color={scales.mean.color}
        />
        <Heatmap
          {...common}
          testId="attention-heatmap-error"
          title={errorView === 'abs' ? '|closed − MC| of mean' : 'closed − MC of mean'}
          values={pick(errorView === 'abs' ? mc?.errorAbs : mc?.errorSigned)}
          color={scales.error.color}
        />
        <dl className="cell-readout" data-testid="attention-readout" aria-live="polite">
          {hover && report.mask[hover.i * T + hover.j] ? (
            <>
              <dt>cell</dt>
              <dd>
                query {report.labels[hover.i]} → key {report.labels[hover.j]}
              </dd>
              <dt>closed mean ± std</dt>
              <dd>
                {num(report.closed.mean[k])} ± {num(report.closed.std[k])}
              </dd>
              <dt>MC mean (SE)</dt>
              <dd>
                {num(mc?.mean[k])} ({num(mc?.seMean[k], 5)})
              </dd>
              <dt>MC std (SE)</dt>
              <dd>
                {num(mc?.std[k])} ({num(mc?.seStd[k], 5)})
              </dd>
              <dt>closed − MC: mean, std</dt>
              <dd>
                {num(mc?.errorSigned[k], 5)}, {num(mc?.stdErrorSigned[k], 5)}
              </dd>
              <dt>score mean ± std</dt>
              <dd>
                {num(report.scoreMean[k], 3)} ±{' '}
                {num(Math.sqrt(Math.max(report.scoreCov[k * T + hover.j], 0)), 3)}
              </dd>
            </>
          ) : (
            <dd className="hint">
              Hover a cell for its values; click a row to open it in the softmax lab.
            </dd>
          )}
        </dl>
      </div>
    </div>
  );
}
