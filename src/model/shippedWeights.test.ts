import '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadPretrained, WEIGHTS_PATH } from '../cli/loadWeights';
import { decodeWeights } from './weightsFile';
import { FrozenLearner } from '../learners/frozen';
import { EvalRun } from '../session/evalRun';
import { NOMINAL } from '../world/params';

describe('shipped weights', () => {
  it('load and balance the nominal world in ≥ 95% of 100 seeded episodes', async () => {
    const model = loadPretrained();
    const learner = new FrozenLearner(model.params, model.cfg, model.stats);
    const run = new EvalRun([learner], NOMINAL, model.cfg.contextSteps, 100, 20261203, 0);
    while (!run.done) await run.step();
    const [outcome] = run.outcomes();
    console.log(`[shipped] nominal success ${outcome.success}, mean return ${outcome.meanReturn}`);
    expect(outcome.success).toBeGreaterThanOrEqual(0.95);
  });

  it('reject a corrupted file with a message naming the field', () => {
    const text = readFileSync(WEIGHTS_PATH, 'utf8');
    const broken = JSON.parse(text);
    broken.config.dModel = 'wide';
    expect(() => decodeWeights(JSON.stringify(broken))).toThrow(/config\.dModel/);
    const missing = JSON.parse(text);
    delete missing.tensors['head.w'];
    expect(() => decodeWeights(JSON.stringify(missing))).toThrow(/head\.w/);
    expect(() => decodeWeights('not json')).toThrow(/not JSON/);
  });
});
