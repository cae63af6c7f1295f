import { useEffect, useMemo } from 'react';
import { labStore, useLab } from '../../src/store/store';
import { useAttention } from '../../src/store/attentionStore';
import { ColorLegend } from '../charts/ColorLegend';
import { ActionUncertainty } from './ActionUncertainty';
import { ContextCaption } from './ContextCaption';
import { HeadMaps } from './HeadMaps';
import { McControls } from './McControls';
import { ModeToggles } from './ModeToggles';
import { mapScales } from './scales';
import './attention.css';

/** Attention layers (Q, K, V of every block) among the model's layers. */
function attentionLayers(all: string[]): string[] {
  return all.filter((n) => /\.attn\.(q|k|v)$/.test(n));
}

/**
 * Prior std used when the attention layers are made Bayesian from this panel. With the default
 * σ0 = 0.3 the scores' variance (σ0² · |x̄|² per query and key entry, |x̄|² ≈ 33 after
 * LayerNorm) is far beyond the softmax expansion's reach: 139 weights got a closed-form std
 * above 0.5, which no weight in [0, 1] can have. 0.05 keeps the scores' variance below ~0.2.
 */
export const ATTENTION_SIGMA0 = 0.05;

/** Make the attention layers Bayesian (keeping the current ones), then refresh the closed form. */
function makeAttentionBayesian(): void {
  const snapshot = labStore.getState().snapshot;
  if (!snapshot) return;
  const { allLayers: all } = snapshot;
  const current = snapshot.settings.layers;
  const want = new Set([...current, ...attentionLayers(all)]);
  const sigma0 = Math.min(snapshot.settings.sigma0, ATTENTION_SIGMA0);
  labStore
    .getState()
    .send({ type: 'learner', settings: { layers: all.filter((n) => want.has(n)), sigma0 } });
  useAttention.getState().requestClosed();
}

/**
 * The attention panel: for every layer and head of the agent's current context, the closed-form
 * mean and std of the attention weights (the learner's moment pass in the chosen softmax order
 * and score mode), a Monte Carlo estimate over the KBT posterior and the error between them;
 * and the action's uncertainty, closed form against Monte Carlo.
 */
export function AttentionPanel() {
  const report = useAttention((s) => s.report);
  const errorView = useAttention((s) => s.errorView);
  const ready = useLab((s) => s.snapshot !== null);

  const noContext = useLab((s) => (s.snapshot?.tick ?? 0) === 0);

  // The closed form for the current context when the panel opens, the worker becomes ready,
  // or the agent gets its first context (before that, the worker has nothing to answer with).
  useEffect(() => {
    if (ready && !noContext) useAttention.getState().requestClosed();
  }, [ready, noContext]);

  // One set of scales per report and view, so the maps redraw only when these change.
  const scales = useMemo(() => (report ? mapScales(report, errorView) : null), [report, errorView]);
  const deterministic = report ? Math.max(0, ...report.closed.std) < 1e-9 : false;
  // A weight in [0, 1] has std ≤ 0.5; a larger closed-form std means the expansion broke down.
  const impossible = report ? report.closed.std.filter((s) => s > 0.5).length : 0;
  const heads = report
    ? Array.from({ length: report.layers * report.heads }, (_, k) => ({
        layer: Math.floor(k / report.heads),
        head: k % report.heads,
      }))
    : [];

  return (
    <section className="panel attention-panel" data-testid="attention-panel">
      <div className="panel-title">
        <h2>Attention: closed form against Monte Carlo</h2>
        <button
          type="button"
          data-testid="attention-refresh"
          disabled={!ready}
          onClick={() => useAttention.getState().requestClosed()}
          title="Recompute the closed form for the agent's current context"
        >
          Refresh closed form
        </button>
      </div>
      <ModeToggles />
      <McControls disabled={!ready} />
      {report && <ContextCaption report={report} />}
      {impossible > 0 && (
        <p className="attention-note" data-testid="attention-breakdown">
          {impossible} cells have a closed-form std above 0.5, which no weight in [0, 1] can have:
          the scores' variance is too large for the Taylor expansion here (a smaller σ0 or fewer
          Bayesian layers keeps it in range). Compare with the Monte Carlo maps.
        </p>
      )}
      {deterministic && (
        <div className="attention-note" data-testid="attention-deterministic">
          <p>
            No Bayesian layer feeds attention (by default only the head is Bayesian) and the sensor
            is noise-free, so the attention weights are deterministic: the std and error maps are
            all zero.
          </p>
          <button
            type="button"
            data-testid="attention-make-bayesian"
            onClick={makeAttentionBayesian}
          >
            Make the attention layers (Q, K, V) Bayesian
          </button>
          <p className="hint">
            This also lowers the prior std σ0 to {ATTENTION_SIGMA0} (for every Bayesian layer), so
            the scores stay within the Taylor expansion's reach.
          </p>
        </div>
      )}
      {scales && (
        <div className="row legends">
          <ColorLegend
            interpolator={scales.mean.interpolator}
            max={scales.mean.max}
            label="mean"
            width={140}
          />
          <ColorLegend
            interpolator={scales.std.interpolator}
            max={scales.std.max}
            label="std"
            width={140}
          />
          <ColorLegend
            interpolator={scales.error.interpolator}
            min={scales.error.min}
            max={scales.error.max}
            label={errorView === 'abs' ? '|error|' : 'closed − MC'}
            width={140}
          />
        </div>
      )}
      {!report && (
        <p className="caption" data-testid="attention-waiting">
          {noContext
            ? 'The agent has no context yet: press play or step, and the maps appear.'
            : 'Waiting for the closed form of the agent’s context…'}
        </p>
      )}
      <div className="attention-heads">
        {report &&
          scales &&
          heads.map(({ layer, head }) => (
            <HeadMaps
              key={`${layer}-${head}`}
              report={report}
              layer={layer}
              head={head}
              scales={scales}
              errorView={errorView}
            />
          ))}
      </div>
      {report && <ActionUncertainty action={report.action} />}
    </section>
  );
}
