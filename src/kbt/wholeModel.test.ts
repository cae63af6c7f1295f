import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { initParams } from '../model/params';
import { KbtLearner } from '../learners/kbt';
import { sampleActions } from './sampling';
import { TINY_CONFIG, UNIT_STATS, randomWindows } from '../testing/fixtures';
import type { KbtSettings } from '../protocol';

const cfg = TINY_CONFIG;
const SAMPLES = 20_000;

async function compare(layers: string[], covariance: 'full' | 'diag', sigma0: number) {
  const params = initParams(cfg, 5);
  const settings: KbtSettings = {
    sigma0,
    obsNoise: 0.01,
    processNoise: 0,
    layers,
    softmaxOrder: 2,
    covariance,
  };
  const learner = new KbtLearner(params, cfg, UNIT_STATS, settings);

  // A few updates so the posterior is no longer the isotropic prior.
  const train = randomWindows(6, 3, 21);
  for (const [i, w] of train.entries()) await learner.observe(w, 0.3 * Math.cos(i), 0);

  const [probe] = randomWindows(1, 3, 99);
  const pred = await learner.predict([probe], 0);
  const mc = await sampleActions(params, learner.posterior, probe, cfg, UNIT_STATS, SAMPLES, 4242);
  const mean = mc.reduce((a, b) => a + b, 0) / SAMPLES;
  const variance = mc.reduce((a, b) => a + (b - mean) ** 2, 0) / (SAMPLES - 1);
  learner.dispose();
  tf.dispose(Object.values(params));
  return { closedMean: pred.mean[0], closedVar: pred.variance[0], mean, variance };
}

describe('whole-model action moments against posterior weight sampling (2·10⁴ samples)', () => {
  it('head only: exact up to sampling error', async () => {
    const r = await compare(['head'], 'full', 0.2);
    const se = Math.sqrt(r.variance / SAMPLES);
    expect(Math.abs(r.closedMean - r.mean)).toBeLessThan(5 * se);
    // SE of a variance estimate ≈ v·√(2/S); 5 SE.
    expect(Math.abs(r.closedVar - r.variance)).toBeLessThan(
      5 * r.variance * Math.sqrt(2 / SAMPLES),
    );
  });

  it.each([
    [['block2.fc1', 'block2.fc2', 'head'], 'full'],
    [['block1.attn.q', 'block1.attn.k', 'block1.attn.v', 'block2.fc2', 'head'], 'full'],
    [['block1.fc1', 'block2.attn.v', 'head'], 'diag'],
  ] as const)(
    'hidden Bayesian layers %j (%s): mean within 0.05 σ, variance within 15 percent',
    async (layers, mode) => {
      const r = await compare([...layers], mode, 0.1);
      console.log(layers.join(','), mode, r);
      const sd = Math.sqrt(r.variance);
      expect(Math.abs(r.closedMean - r.mean)).toBeLessThan(0.05 * sd);
      expect(Math.abs(r.closedVar / r.variance - 1)).toBeLessThan(0.15);
    },
  );
});
