import { useSoftmaxLab, LAB_SAMPLES } from '../../src/store/softmaxLabStore';
import { MAX_LOGITS, MIN_LOGITS, SCALE_RANGE, VAR_RANGE, rhoRange } from '../../src/lab/labCase';
import { LogSlider } from '../learner/LogSlider';
import { NumberField } from '../NumberField';
import { count } from '../format';

const COUNTS = Array.from({ length: MAX_LOGITS - MIN_LOGITS + 1 }, (_, k) => MIN_LOGITS + k);

/** Where the row comes from: the lab's own, or a loaded row with a way back. */
export function RowSource() {
  const loaded = useSoftmaxLab((s) => s.loaded);
  const backToCustom = useSoftmaxLab((s) => s.backToCustom);
  if (!loaded) {
    return (
      <p className="row-source" data-testid="softmax-source">
        Custom row: equicorrelated logits. Click a row of the attention panel to study its scores
        here.
      </p>
    );
  }
  return (
    <p className="row-source loaded" data-testid="softmax-source">
      Row from <strong>{loaded.source}</strong>, full covariance of its {loaded.mean.length} scores
      (means may be dragged; Σ is the row&apos;s).
      <button type="button" onClick={backToCustom} data-testid="softmax-custom">
        Back to custom
      </button>
    </p>
  );
}

/** The lab's inputs besides the means: count, ρ, scale, and the Monte Carlo sample count. */
export function LabControls() {
  const n = useSoftmaxLab((s) => (s.loaded ? s.loaded.mean.length : s.custom.means.length));
  const loaded = useSoftmaxLab((s) => s.loaded !== null);
  const rho = useSoftmaxLab((s) => s.custom.rho);
  const scale = useSoftmaxLab((s) => s.scale);
  const samples = useSoftmaxLab((s) => s.samples);
  const { setCount, setRho, setScale, setSamples } = useSoftmaxLab.getState();
  const [rhoLo, rhoHi] = rhoRange(n);

  return (
    <div className="lab-controls">
      <label className="inline">
        logits
        <select
          value={n}
          disabled={loaded}
          data-testid="softmax-count"
          onChange={(e) => setCount(Number(e.target.value))}
        >
          {(loaded ? [n] : COUNTS).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <div
        className="knob"
        title={`Correlation of every pair of logits; PSD for ${rhoLo.toFixed(3)}…${rhoHi.toFixed(3)}`}
      >
        <span className="knob-label">correlation ρ (every pair)</span>
        <input
          type="range"
          aria-label="correlation ρ"
          data-testid="softmax-rho"
          min={rhoLo}
          max={rhoHi}
          step={0.001}
          value={rho}
          disabled={loaded}
          onChange={(e) => setRho(Number(e.target.value))}
        />
        <NumberField label="ρ value" value={rho} min={rhoLo} max={rhoHi} onCommit={setRho} />
      </div>
      <LogSlider
        label="variance scale (× Σ)"
        hint="Multiplies the whole covariance (log scale)"
        value={scale}
        lo={SCALE_RANGE[0]}
        hi={SCALE_RANGE[1]}
        onChange={setScale}
        testId="softmax-var-scale"
      />
      <label className="inline">
        Monte Carlo
        <select
          value={samples}
          data-testid="softmax-samples"
          onChange={(e) => setSamples(Number(e.target.value))}
        >
          {LAB_SAMPLES.map((k) => (
            <option key={k} value={k}>
              {count(k)} draws
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** A variance field per logit (before the scale), under the bars. */
export function VarianceFields() {
  const vars = useSoftmaxLab((s) => s.custom.vars);
  const loaded = useSoftmaxLab((s) => s.loaded);
  const setVar = useSoftmaxLab((s) => s.setVar);
  if (loaded) {
    return (
      <div className="variance-fields" style={{ ['--n' as string]: loaded.mean.length }}>
        <span className="fields-label">Σᵢᵢ</span>
        {loaded.cov.map((row, i) => (
          <span key={i} className="num">
            {Number(row[i].toPrecision(3))}
          </span>
        ))}
      </div>
    );
  }
  return (
    <div className="variance-fields" style={{ ['--n' as string]: vars.length }}>
      <span className="fields-label">variance σᵢ²</span>
      {vars.map((v, i) => (
        <NumberField
          key={i}
          label={`variance of z${i + 1}`}
          value={v}
          min={VAR_RANGE[0]}
          max={VAR_RANGE[1]}
          onCommit={(value) => setVar(i, value)}
          testId={`softmax-var-${i}`}
        />
      ))}
    </div>
  );
}
