import { useRef } from 'react';
import type { KbtSettings } from '../../src/protocol';
import { labStore } from '../../src/store/store';
import { useDebouncedCallback } from '../hooks/useDebouncedCallback';
import { usePendingValue } from '../hooks/usePendingValue';
import { sameContent, useFrameSelector } from '../hooks/useFrameSelector';
import { LogSlider } from './LogSlider';

/** How long a knob must rest before its value is sent, ms (a change may reset the posterior). */
const SEND_DELAY_MS = 250;

/** Sends a change of the KBT learner's settings. */
function sendSettings(settings: Partial<KbtSettings>) {
  labStore.getState().send({ type: 'learner', settings });
}

/** The KBT learner's knobs: σ0, R, q, which layers are Bayesian, softmax order, covariance. */
export function LearnerKnobs() {
  const settings = useFrameSelector((s) => s.snapshot?.settings ?? null, sameContent);
  const allLayers = useFrameSelector((s) => s.snapshot?.allLayers ?? null, sameContent);
  const bayesian = useFrameSelector((s) => s.snapshot?.bayesianLayers ?? null, sameContent);

  // Knob changes gather here and go out together once the knobs rest.
  const queued = useRef<Partial<KbtSettings>>({});
  const flush = useDebouncedCallback(() => {
    sendSettings(queued.current);
    queued.current = {};
  }, SEND_DELAY_MS);
  const sendLater = (change: Partial<KbtSettings>) => {
    queued.current = { ...queued.current, ...change };
    flush();
  };

  // Choices shown at once, before the worker confirms them.
  const [layersShown, showLayers] = usePendingValue(bayesian);
  const [order, showOrder] = usePendingValue(settings?.softmaxOrder ?? 1);
  const [covariance, showCovariance] = usePendingValue(settings?.covariance ?? 'full');

  if (!settings || !allLayers || !bayesian || !layersShown) {
    return (
      <section className="panel learner">
        <h2>KBT learner</h2>
        <p className="muted">Waiting for the session…</p>
      </section>
    );
  }

  const toggleLayer = (layer: string, on: boolean) => {
    const layers = allLayers.filter((l) => (l === layer ? on : layersShown.includes(l)));
    showLayers(layers);
    sendSettings({ layers });
  };

  return (
    <section className="panel learner">
      <div className="panel-title">
        <h2>KBT learner</h2>
        <span className="inline" role="radiogroup" aria-label="softmax Taylor order">
          softmax
          {([1, 2] as const).map((value) => (
            <label key={value} className="inline">
              <input
                type="radio"
                name="softmax-order"
                checked={order === value}
                onChange={() => {
                  showOrder(value);
                  sendSettings({ softmaxOrder: value });
                }}
              />
              {value === 1 ? '1st' : '2nd'} order
            </label>
          ))}
        </span>
        <span className="inline" role="radiogroup" aria-label="posterior covariance">
          covariance
          {(['full', 'diag'] as const).map((mode) => (
            <label key={mode} className="inline">
              <input
                type="radio"
                name="covariance"
                checked={covariance === mode}
                onChange={() => {
                  showCovariance(mode);
                  sendSettings({ covariance: mode });
                }}
              />
              {mode}
            </label>
          ))}
        </span>
      </div>
      <div className="knobs">
        <LogSlider
          label="prior σ0"
          hint="Prior standard deviation of each Bayesian weight: trust in the pretrained model"
          testId="knob-sigma0"
          value={settings.sigma0}
          lo={1e-4}
          hi={1}
          onChange={(sigma0) => sendLater({ sigma0 })}
        />
        <LogSlider
          label="obs. noise R"
          hint="Observation noise variance of the demonstrated action"
          testId="knob-obs-noise"
          value={settings.obsNoise}
          lo={1e-6}
          hi={1}
          onChange={(obsNoise) => sendLater({ obsNoise })}
        />
        <LogSlider
          label="process noise q"
          hint="Variance added to each weight before every update (0 = no forgetting)"
          testId="knob-process-noise"
          value={settings.processNoise}
          lo={1e-8}
          hi={1e-2}
          zero
          onChange={(processNoise) => sendLater({ processNoise })}
        />
      </div>
      <fieldset className="row layers">
        <legend>Bayesian layers</legend>
        {allLayers.map((layer) => (
          <label key={layer} className="inline">
            <input
              type="checkbox"
              checked={layersShown.includes(layer)}
              onChange={(e) => toggleLayer(layer, e.target.checked)}
            />
            {layer}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
