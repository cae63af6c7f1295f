import { tf } from '../../testing/tfCpu';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_KINDS, parseCase, parseCaseText, runCase } from '.';

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
});
