import { useRef } from 'react';
import type { KbtSettings } from '../../src/protocol';
import { labStore } from '../../src/store/store';
import { useDebouncedCallback } from '../hooks/useDebouncedCallback';
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
  const pending = useRef<Partial<KbtSettings>>({});
  const flush = useDebouncedCallback(() => {
    sendSettings(pending.current);
    pending.current = {};
  }, SEND_DELAY_MS);
  const sendLater = (change: Partial<KbtSettings>) => {
    pending.current = { ...pending.current, ...change };
    flush();
  };

  if (!settings || !allLayers || !bayesian) {
    return (
      <section className="panel learner">
        <h2>KBT learner</h2>
        <p className="muted">Waiting for the session…</p>
      </section>
    );
  }

  const toggleLayer = (layer: string, on: boolean) => {
    const layers = allLayers.filter((l) => (l === layer ? on : bayesian.includes(l)));
    sendSettings({ layers });
  };

  return (
    <section className="panel learner">
      <h2>KBT learner</h2>
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
      <fieldset className="row">
        <legend>Bayesian layers</legend>
        {allLayers.map((layer) => (
          <label key={layer} className="inline">
            <input
              type="checkbox"
              checked={bayesian.includes(layer)}
              onChange={(e) => toggleLayer(layer, e.target.checked)}
            />
            {layer}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <fieldset className="row">
          <legend>softmax order</legend>
          {([1, 2] as const).map((order) => (
            <label key={order} className="inline">
              <input
                type="radio"
                name="softmax-order"
                checked={settings.softmaxOrder === order}
                onChange={() => sendSettings({ softmaxOrder: order })}
              />
              {order === 1 ? '1st' : '2nd'}
            </label>
          ))}
        </fieldset>
        <fieldset className="row">
          <legend>covariance</legend>
          {(['full', 'diag'] as const).map((mode) => (
            <label key={mode} className="inline">
              <input
                type="radio"
                name="covariance"
                checked={settings.covariance === mode}
                onChange={() => sendSettings({ covariance: mode })}
              />
              {mode === 'full' ? 'full block' : 'diagonal'}
            </label>
          ))}
        </fieldset>
      </div>
    </section>
  );
}
