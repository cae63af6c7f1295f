/**
 * The lab's numbers equal the command line's: the panel's state (the lab store) turned into
 * the worker's request and answered by the worker's own function, against
 * `src/cli/moments.ts --case` on the same case, spawned as a separate process (cpu backend in
 * both, as in the browser's lab worker).
 */
import '../testing/tfCpu';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabCase } from './labCase';
import { answerTable } from './labAnswer';
import { useSoftmaxLab } from '../store/softmaxLabStore';
import { requestOf } from '../store/labWorkerClient';

/** Runs the moments command line on one softmax case and parses what it prints. */
function cli(c: LabCase, samples: number, seed: number): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'lab-cli-'));
  const file = join(dir, 'case.json');
  const json = { kind: 'softmax', ...c, monte_carlo: { samples, seed } };
  writeFileSync(file, JSON.stringify(json));
  const out = execFileSync('npx', ['tsx', 'src/cli/moments.ts', '--case', file], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(out);
}

/** The worker's answer for the store's current state. */
function labAnswer() {
  return answerTable(requestOf(useSoftmaxLab.getState(), 1));
}

describe('the lab against the moments command line', () => {
  it('a custom row (4 logits, ρ = 0.3, scale 0.5): the same Taylor and Monte Carlo numbers', () => {
    const lab = useSoftmaxLab.getState();
    lab.backToCustom();
    lab.setCount(4);
    [1.5, 0.5, 0, -1].forEach((m, i) => lab.setMean(i, m));
    [1, 0.5, 2, 1].forEach((v, i) => lab.setVar(i, v));
    lab.setRho(0.3);
    lab.setScale(0.5);
    lab.setSamples(1_000);
    const { input, result } = labAnswer();

    // The builder made the case the panel shows: Σ_12 = 0.5 · 0.3 · √(1 · 0.5).
    expect(input.mean).toEqual([1.5, 0.5, 0, -1]);
    expect(input.cov[0][1]).toBeCloseTo(0.5 * 0.3 * Math.sqrt(0.5), 15);
    // Same code, same backend, same seed: equal to the last bit (JSON keeps doubles exact).
    expect(cli(input, 1_000, useSoftmaxLab.getState().seed)).toEqual({
      kind: 'softmax',
      ...result,
    });
  });

  it('a loaded row with a full covariance, at scale 2: the same numbers', () => {
    const cov = [
      [0.6, 0.1, -0.05],
      [0.1, 0.4, 0.02],
      [-0.05, 0.02, 0.3],
    ];
    const lab = useSoftmaxLab.getState();
    lab.loadRow({ labels: ['R1', 'o1', 'a1'], mean: [0.2, 1.1, -0.4], cov, source: 'a test row' });
    lab.setScale(2);
    lab.setSamples(10_000);
    const { input, result } = labAnswer();

    expect(input.cov[0][2]).toBe(-0.1);
    expect(cli(input, 10_000, useSoftmaxLab.getState().seed)).toEqual({
      kind: 'softmax',
      ...result,
    });
  });
});
