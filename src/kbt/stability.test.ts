import '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { makeRng } from '../core/rng';
import { initParams } from '../model/params';
import { KbtLearner } from '../learners/kbt';
import { layerVariances } from './posterior';
import { TINY_CONFIG, UNIT_STATS, randomWindows } from '../testing/fixtures';

const cfg = TINY_CONFIG;
const UPDATES = 2000;

describe('posterior stays valid under 2,000 updates with R = 1e-6', () => {
  it.each(['full', 'diag'] as const)(
    '%s covariance: every variance finite and ≥ v_min, blocks PSD',
    async (covariance) => {
      const params = initParams(cfg, 8);
      // Layers whose weights are shared by every token (the trap of METHOD §4) and the head.
      const layers = ['block1.fc1', 'block2.attn.v', 'head'];
      const learner = new KbtLearner(params, cfg, UNIT_STATS, {
        sigma0: 0.5,
        obsNoise: 1e-6,
        processNoise: 0,
        layers,
        softmaxOrder: 2,
        covariance,
      });
      const windows = randomWindows(50, 3, 5);
      const rng = makeRng(17);
      let rejected = 0;
      for (let i = 0; i < UPDATES; i++) {
        const info = await learner.observe(windows[i % windows.length], 2 * rng.normal(), 0);
        rejected += info.rejected;
        expect(Number.isFinite(info.mean)).toBe(true);
      }
      for (const layer of learner.posterior.values()) {
        const v = layerVariances(layer).dataSync();
        expect(v.every((x) => Number.isFinite(x) && x >= 1e-10 * 0.999)).toBe(true);
        expect(layer.mu.dataSync().every(Number.isFinite)).toBe(true);
        if (layer.cov) {
          // Every block positive semi-definite: its smallest eigenvalue.
          const [dout, d1] = layer.mu.shape;
          const c = layer.cov.dataSync();
          for (let n = 0; n < dout; n++) {
            const block = new Matrix(d1, d1);
            for (let i = 0; i < d1; i++)
              for (let j = 0; j < d1; j++) block.set(i, j, c[n * d1 * d1 + i * d1 + j]);
            const min = Math.min(...new EigenvalueDecomposition(block).realEigenvalues);
            // float32 rounding on entries of size ≤ σ0² = 0.25: allow −1e-6.
            expect(min).toBeGreaterThan(-1e-6);
          }
        }
      }
      console.log(
        `[stability] ${covariance}: ${rejected} tokens rejected by guards in ${UPDATES} updates`,
      );
      learner.dispose();
    },
  );
});
