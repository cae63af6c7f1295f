import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { initParams } from '../model/params';
import { KbtLearner } from '../learners/kbt';
import { TINY_CONFIG, UNIT_STATS, randomWindows } from '../testing/fixtures';
import { DEFAULT_SETTINGS } from '../session/defaults';
import { validateSettings } from '../session/settings';

describe('row score mode in the learner', () => {
  it('updates with finite predictions and a flat tensor count', async () => {
    const params = initParams(TINY_CONFIG, 5);
    const layers = ['block1.attn.k', 'block1.attn.v', 'head'];
    const settings = { ...DEFAULT_SETTINGS, sigma0: 0.1, layers, scores: 'row' as const };
    const learner = new KbtLearner(params, TINY_CONFIG, UNIT_STATS, settings);
    const windows = randomWindows(6, 3, 5);
    await learner.observe(windows[0], 0.1, 0);
    const start = tf.memory().numTensors;
    for (const [i, w] of windows.slice(1).entries()) {
      const info = await learner.observe(w, 0.2 * Math.sin(i), 0.01);
      expect(Number.isFinite(info.mean) && info.variance >= 0).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(start);
    learner.dispose();
    tf.dispose(Object.values(params));
  });

  it('validateSettings accepts "diagonal" and "row" and keeps the old value otherwise', () => {
    const all = ['head'];
    const base = { ...DEFAULT_SETTINGS, layers: ['head'] };
    expect(validateSettings({ scores: 'row' }, base, all).settings.scores).toBe('row');
    const bad = validateSettings({ scores: 'full' }, base, all);
    expect(bad.settings.scores).toBe('diagonal');
    expect(bad.warnings[0]).toContain('scores must be');
  });
});
