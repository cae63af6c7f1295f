import type { AttentionReport } from '../../src/messages/attention';
import { staleness, useAttention } from '../../src/store/attentionStore';
import { useFrameSelector } from '../hooks/useFrameSelector';

/** The report's context, mode and Monte Carlo size, and whether the session has moved on. */
export function ContextCaption({ report }: { report: AttentionReport }) {
  const tickNow = useFrameSelector((s) => s.snapshot?.tick ?? null);
  const reset = useAttention((s) => s.resetSinceReport);
  const note = staleness(report, tickNow, reset);
  return (
    <p className="caption" data-testid="attention-context" data-stale={note ? 'true' : 'false'}>
      Context of tick {report.tick}; Bayesian layers: {report.bayesianLayers.join(', ')}. Softmax
      order {report.mode.order}, {report.mode.scores} score covariance
      {report.mc
        ? `; Monte Carlo of ${report.mc.samples} posterior samples in ${Math.round(report.ms)} ms`
        : ''}
      .{note}
    </p>
  );
}
