import { useEffect, useState } from 'react';
import { interpolateRdBu, interpolateViridis, scaleDiverging, scaleSequential } from 'd3';
import { useLab } from '../../src/store/store';
import { usePins } from '../../src/store/pinStore';
import { weightKey } from '../../src/messages/inspect';
import { ColorLegend } from '../charts/ColorLegend';
import { WeightHeatmap } from './WeightHeatmap';
import { PinnedTrace } from './PinnedTrace';
import { InnovationChart } from './InnovationChart';
import { NisChart } from './NisChart';
import { InfoChart } from './InfoChart';

/** A stable empty list. */
const NO_LAYERS: string[] = [];

/** Red for a weight moved up from its prior mean, blue for down (colour-blind safe). */
const diverging = (t: number) => interpolateRdBu(1 - t);

/** The smallest of 0.5, 1, 2, 5, 10… that is ≥ the largest |value| (so colours stay put). */
function niceMax(values: Float32Array | undefined, least: number): number {
  let m = least;
  if (values) for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  const steps = [1, 2, 5];
  for (let p = -2; p < 6; p++) for (const s of steps) if (s * 10 ** p >= m) return s * 10 ** p;
  return m;
}

/**
 * The posterior inspector: per Bayesian layer, heat maps of the mean shift and the std ratio
 * (click a cell to pin a weight), the pinned weights' traces, and the filter's diagnostics.
 */
export function PosteriorPanel() {
  const view = useLab((s) => s.posterior);
  const bayesianKey = useLab((s) => (s.snapshot?.bayesianLayers ?? NO_LAYERS).join(','));
  const bayesian = bayesianKey === '' ? NO_LAYERS : bayesianKey.split(',');
  const pinned = usePins((s) => s.pinned);
  const toggle = usePins((s) => s.toggle);
  const setVisible = usePins((s) => s.setVisible);
  const [choice, setChoice] = useState<string | null>(null);

  // Heat maps are sent only while this panel shows.
  useEffect(() => {
    setVisible(true);
    return () => setVisible(false);
  }, [setVisible]);

  const layers = view?.layers ?? [];
  const map = layers.find((l) => l.layer === choice) ?? layers[0] ?? null;
  const pinnedKeys = new Set(pinned.map(weightKey));
  const shiftMax = niceMax(map?.meanShift, 0.5);
  let stdMax = 1;
  if (map) for (const v of map.stdRatio) if (Number.isFinite(v)) stdMax = Math.max(stdMax, v);
  const meanColor = scaleDiverging(diverging).domain([-shiftMax, 0, shiftMax]).clamp(true);
  const stdColor = scaleSequential(interpolateViridis).domain([0, stdMax]).clamp(true);
  const note =
    map && map.stride > 1
      ? `${map.layer} is ${map.dout}×${map.din1}: each cell averages a ${map.stride}×${map.stride} block.`
      : null;

  return (
    <>
      <section className="panel inspector-head">
        <div className="row">
          <h2>Posterior inspector</h2>
          <label>
            layer{' '}
            <select
              data-testid="posterior-layer"
              value={map?.layer ?? ''}
              onChange={(e) => setChoice(e.target.value)}
              disabled={layers.length === 0}
            >
              {(layers.length > 0 ? layers.map((l) => l.layer) : bayesian).map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">
            {view
              ? `tick ${view.tick.toLocaleString('en-US')}, ${view.updates.toLocaleString('en-US')} updates; refreshed 4× a second`
              : 'waiting for the worker…'}
          </span>
        </div>
        {note && <p className="note">{note}</p>}
      </section>
      <div className="inspector-grid">
        <WeightHeatmap
          testId="posterior-heatmap-mean"
          title="Mean shift (μ − μ0)/σ0"
          caption="How far each weight's posterior mean moved from the pretrained value, in prior standard deviations."
          map={map}
          values={map?.meanShift ?? null}
          color={meanColor}
          legend={
            <ColorLegend
              interpolator={diverging}
              min={-shiftMax}
              max={shiftMax}
              label="blue: down, red: up"
            />
          }
          valueLabel="(μ − μ0)/σ0"
          pinnedKeys={pinnedKeys}
          onPick={toggle}
        />
        <WeightHeatmap
          testId="posterior-heatmap-std"
          title="Std ratio σ/σ0"
          caption="Each weight's posterior standard deviation relative to its prior: 1 = untouched, 0 = certain."
          map={map}
          values={map?.stdRatio ?? null}
          color={stdColor}
          legend={<ColorLegend interpolator={interpolateViridis} max={stdMax} label="σ/σ0" />}
          valueLabel="σ/σ0"
          pinnedKeys={pinnedKeys}
          onPick={toggle}
        />
      </div>
      <PinnedTrace />
      <div className="inspector-grid">
        <InnovationChart />
        <NisChart />
      </div>
      <InfoChart />
    </>
  );
}
