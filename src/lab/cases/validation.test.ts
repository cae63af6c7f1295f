import { tf } from '../../testing/tfCpu';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_KINDS, evaluateCase, parseCase, parseCaseText, runCase } from '.';
import { MAX_SAMPLES, MC_BUDGET, maxSamples, mcCostPerSample } from './limits';

const softmax = { kind: 'softmax', mean: [1, 2, 3], var: [0.1, 0.2, 0.3] };

/** The error of a case that must be malformed. */
function errorOf(json: unknown): string {
  const parsed = parseCase(json);
  if (parsed.ok) throw new Error('expected a malformed case');
  return parsed.error;
}

describe('case validation', () => {
  it('every example in cases/ is valid, one per kind, and runs', () => {
    const files = readdirSync('cases').filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(CASE_KINDS.map((k) => `${k}.json`).sort());
    for (const f of files) {
      const parsed = parseCaseText(readFileSync(`cases/${f}`, 'utf8'));
      if (!parsed.ok) throw new Error(`${f}: ${parsed.error}`);
      expect(parsed.value.kind).toBe(f.replace('.json', ''));
      const { monte_carlo: _mc, ...closedOnly } = parsed.value;
      void _mc;
      const before = tf.memory().numTensors;
      expect(runCase(closedOnly as typeof parsed.value).kind).toBe(parsed.value.kind);
      expect(tf.memory().numTensors).toBe(before); // no tensor left behind
    }
  });

  it('names the field of a wrong length, a non-finite number, a missing field', () => {
    expect(
      errorOf({
        ...softmax,
        var: undefined,
        cov: [
          [1, 0, 0],
          [0, 1],
          [0, 0, 1],
        ],
      }),
    ).toBe('cov[1]: expected 3 numbers, got 2');
    expect(errorOf({ ...softmax, mean: [1, Infinity, 3] })).toBe(
      'mean[1]: expected a finite number',
    );
    expect(errorOf({ kind: 'relu', mean: [1, 2] })).toBe('var: missing');
    expect(errorOf({ kind: 'relu', mean: [1, 2], var: [0.1] })).toBe(
      'var: expected 2 numbers, got 1',
    );
    expect(errorOf({ kind: 'relu', mean: [1], var: [-0.1] })).toBe(
      'var[0]: variance -0.1 is negative',
    );
  });

  it('refuses unknown kinds and fields, asymmetric covariances, both var and cov', () => {
    expect(errorOf({ kind: 'sigmoid' })).toMatch(/^kind: expected one of softmax, relu/);
    expect(errorOf({ ...softmax, variance: [1] })).toMatch(/^\(case\): Unrecognized key.*variance/);
    expect(
      errorOf({
        ...softmax,
        mean: [1, 2],
        var: undefined,
        cov: [
          [1, 0.5],
          [0.4, 1],
        ],
      }),
    ).toBe('cov[1][0]: not symmetric: 0.4 vs [0][1] = 0.5');
    expect(errorOf({ ...softmax, cov: [[1]] })).toBe('cov: give exactly one of var or cov');
    const notPsd = {
      ...softmax,
      mean: [0, 0],
      var: undefined,
      cov: [
        [1, 2],
        [2, 1],
      ],
    };
    expect(errorOf(notPsd)).toBe('cov: not positive semi-definite');
    expect(errorOf({ ...softmax, monte_carlo: { samples: 2.5, seed: 1 } })).toBe(
      'monte_carlo.samples: expected an integer',
    );
  });

  it('names nested fields of the linear, attention and update kinds', () => {
    const lin = JSON.parse(readFileSync('cases/linear.json', 'utf8'));
    lin.weight_cov[1][2] = [0, 0, 1];
    expect(errorOf(lin)).toBe('weight_cov[1][2]: expected 4 numbers, got 3');
    const att = JSON.parse(readFileSync('cases/attention.json', 'utf8'));
    att.wk.weight_mean.pop();
    expect(errorOf(att)).toBe('wk.weight_mean: expected 2 rows, got 1');
    expect(errorOf({ ...att, order: 3 })).toMatch(/^order: expected 1 or 2/);
    const upd = JSON.parse(readFileSync('cases/update.json', 'utf8'));
    upd.observations[2].y = [1, 2];
    expect(errorOf(upd)).toBe('observations[2].y: expected 1 number, got 2');
  });

  it('reports bad JSON as such', () => {
    const parsed = parseCaseText('{"kind": ');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^invalid JSON: /);
  });

  it('an empty file, whitespace only, or JSON with a BOM', () => {
    for (const text of ['', '  \n'])
      expect(parseCaseText(text)).toEqual({
        ok: false,
        error: 'empty file: expected a JSON object with a "kind"',
      });
    const bom = parseCaseText('\uFEFF{"kind": "relu", "mean": [1], "var": [0.5]}');
    expect(bom.ok).toBe(true);
  });

  it('refuses numbers float32 cannot hold, naming the field (1e300 gave NaN)', () => {
    expect(errorOf({ ...softmax, mean: [1e300, 0, 0] })).toBe(
      'mean[0]: too large: the app computes in float32 (|x| ≤ 3.4e38)',
    );
    expect(errorOf({ kind: 'relu', mean: [0], var: [1e40] })).toBe(
      'var[0]: too large: the app computes in float32 (|x| ≤ 3.4e38)',
    );
    const upd = JSON.parse(readFileSync('cases/update.json', 'utf8'));
    upd.observations[0].y = [-1e300];
    expect(errorOf(upd)).toMatch(/^observations\[0\]\.y\[0\]: too large/);
  });

  it('a result that still overflows float32 is refused, naming the output field', () => {
    const product = { kind: 'product', mean1: [1e20], var1: [1], mean2: [1e20], var2: [1] };
    const parsed = parseCase(product);
    if (!parsed.ok) throw new Error(parsed.error);
    const out = evaluateCase(parsed.value);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/^mean\[0\]: the result is not finite/);
  });

  it('layernorm needs eps > 0 (eps 0 on a constant input gave NaN)', () => {
    const ln = { kind: 'layernorm', mean: [1, 1], var: [0, 0], gamma: [1, 1], beta: [0, 0] };
    const msg = (eps: number) =>
      `eps: expected eps > 0, got ${eps} (LayerNorm divides by √(var + eps))`;
    expect(errorOf({ ...ln, eps: 0 })).toBe(msg(0));
    expect(errorOf({ ...ln, eps: -1 })).toBe(msg(-1));
  });

  it('caps the size of softmax and attention cases (n = 1000 took 42 s)', () => {
    const n = 257;
    expect(errorOf({ kind: 'softmax', mean: Array(n).fill(0), var: Array(n).fill(1) })).toBe(
      'mean: expected at most 256 logits, got 257',
    );
    const att = JSON.parse(readFileSync('cases/attention.json', 'utf8'));
    att.input = { mean: Array(65).fill([0, 0]), var: Array(65).fill([0, 0]) };
    expect(errorOf(att)).toBe('input.mean: expected at most 64 tokens (rows), got 65');
  });

  it('lowers a huge Monte Carlo count to the cap and says what was used', () => {
    const relu = { kind: 'relu', mean: [0.5], var: [1], monte_carlo: { samples: 1e9, seed: 3 } };
    const parsed = parseCase(relu);
    if (!parsed.ok) throw new Error(parsed.error);
    const out = evaluateCase(parsed.value);
    if (!out.ok) throw new Error(out.error);
    expect(out.value.mc).toMatchObject({ samples: MAX_SAMPLES, samples_requested: 1e9 });
    expect(out.notes).toEqual([
      `monte_carlo.samples 1000000000 is above this case's maximum ${MAX_SAMPLES}; ` +
        `used ${MAX_SAMPLES} (mc.samples; mc.samples_requested is 1000000000)`,
    ]);
    // A bigger case gets fewer samples: its budget, not the global cap.
    const big = parseCase({ ...softmax, mean: Array(64).fill(0), var: Array(64).fill(1) });
    if (!big.ok) throw new Error(big.error);
    const cap = maxSamples(big.value);
    expect(cap).toBeLessThan(MAX_SAMPLES);
    expect(cap * mcCostPerSample(big.value)).toBeLessThanOrEqual(MC_BUDGET);
    // Counts within the cap are untouched; 0, negative and fractional counts are refused.
    const small = parseCase({ ...relu, monte_carlo: { samples: 500, seed: 3 } });
    if (!small.ok) throw new Error(small.error);
    const kept = evaluateCase(small.value);
    expect(kept.ok && kept.notes).toEqual([]);
    expect(kept.ok && kept.value.mc && 'samples_requested' in kept.value.mc).toBe(false);
    expect(errorOf({ ...relu, monte_carlo: { samples: 0, seed: 1 } })).toBe(
      'monte_carlo.samples: expected at least 2',
    );
    expect(errorOf({ ...relu, monte_carlo: { samples: -5, seed: 1 } })).toBe(
      'monte_carlo.samples: expected at least 2',
    );
    expect(errorOf({ ...relu, monte_carlo: { samples: 100 } })).toBe('monte_carlo.seed: missing');
  });

  it('caps layer widths and observation counts (validation costs n_in³; row mode T²·d_h)', () => {
    const eye = (n: number) =>
      Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j)));
    const zeros = (n: number) => Array<number>(n).fill(0);
    const wide = {
      kind: 'linear',
      input: { mean: zeros(513), var: zeros(513) },
      weight_mean: [zeros(514)],
      weight_cov: [eye(514)],
    };
    expect(errorOf(wide)).toBe(
      'weight_mean: expected at most 512 inputs per neuron (n_in), got 513',
    );
    const att = JSON.parse(readFileSync('cases/attention.json', 'utf8'));
    const head = {
      weight_mean: Array(257).fill([0.1, 0.1, 0]),
      weight_cov: Array(257).fill(eye(3)),
    };
    expect(errorOf({ ...att, wq: head, wk: head, wv: head })).toBe(
      'wq.weight_mean: expected at most 256 outputs (d_h), got 257',
    );
    const upd = JSON.parse(readFileSync('cases/update.json', 'utf8'));
    upd.observations = Array(10_001).fill(upd.observations[0]);
    expect(errorOf(upd)).toBe('observations: expected at most 10000 observations, got 10001');
  });

  it('symmetry is judged at the matrix scale (a 1e-12 matrix was called not PSD)', () => {
    const cov = [
      [1e-12, 1e-12],
      [0, 1e-12],
    ];
    expect(errorOf({ kind: 'softmax', mean: [0, 0], cov })).toBe(
      'cov[1][0]: not symmetric: 0 vs [0][1] = 1e-12',
    );
    cov[0][1] = 5e-13; // rounding noise at that scale is still symmetric
    cov[1][0] = 5e-13 * (1 + 1e-12);
    expect(parseCase({ kind: 'softmax', mean: [0, 0], cov }).ok).toBe(true);
  });

  it('a case too big for many draws still gets at least 2, within the budget', () => {
    const n = 2_000_000;
    const relu = parseCase({
      kind: 'relu',
      mean: Array(n).fill(0),
      var: Array(n).fill(1),
      monte_carlo: { samples: 1000, seed: 1 },
    });
    if (!relu.ok) throw new Error(relu.error);
    const cap = maxSamples(relu.value);
    expect(cap).toBeGreaterThanOrEqual(2);
    expect(cap).toBeLessThan(10); // 1000 draws of 2e6 numbers would need 16 GB
  });
});
