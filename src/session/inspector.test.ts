import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { initParams } from '../model/params';
import { Session } from './session';
import { defaultSessionOptions } from './defaults';
import { PosteriorInspector, heatmapStride, inspect } from './inspector';
import { TINY_CONFIG, UNIT_STATS } from '../testing/fixtures';

/** A session on the tiny model with two Bayesian layers (one hidden, the head). */
function tinySession() {
  const params = initParams(TINY_CONFIG, 4);
  const base = defaultSessionOptions(5);
  const settings = { ...base.settings, layers: ['block1.fc1', 'head'] };
  return new Session(
    { params, cfg: TINY_CONFIG, stats: UNIT_STATS },
    {
      ...base,
      evalEvery: 0,
      settings,
    },
  );
}

describe('posterior inspector', () => {
  it('reads the prior as zero shift and unit std ratio', async () => {
    const session = tinySession();
    const reader = new PosteriorInspector(session.model.params);
    const maps = await reader.heatmaps(session.kbt.posterior);
    expect(maps.map((m) => m.layer)).toEqual(['block1.fc1', 'head']);
    const fc1 = maps[0];
    // fc1 maps d = 8 to 4d = 32 outputs, plus a bias input.
    expect([fc1.dout, fc1.din1, fc1.rows, fc1.cols, fc1.stride]).toEqual([32, 9, 32, 9, 1]);
    for (const m of maps) {
      for (const v of m.meanShift) expect(v).toBe(0);
      for (const v of m.stdRatio) expect(v).toBeCloseTo(1, 6);
    }
    reader.dispose();
    session.dispose();
  });

  it('pinned values match the posterior tensors; heat maps match (μ − μ0)/σ0 and σ/σ0', async () => {
    const session = tinySession();
    for (let i = 0; i < 30; i++) await session.step();
    const reader = new PosteriorInspector(session.model.params);
    const post = session.kbt.posterior.get('head')!;
    const mu = post.mu.arraySync();
    const cov = post.cov!.arraySync();
    const col = 3;
    const pins = [
      { layer: 'head', row: 0, col },
      { layer: 'head', row: 5, col }, // out of range: left out
      { layer: 'block2.fc2', row: 0, col: 0 }, // not Bayesian: left out
    ];
    const [p] = await reader.pinned(session.kbt.posterior, pins, session.tick);
    expect(p.key).toBe('head[0,3]');
    expect(await reader.pinned(session.kbt.posterior, pins, 0)).toHaveLength(1);
    expect(p.mean).toBeCloseTo(mu[0][col], 6);
    expect(p.std).toBeCloseTo(Math.sqrt(cov[0][col][col]), 6);
    expect(p.mu0).toBeCloseTo(session.model.params['head.w'].dataSync()[col], 6);
    expect(p.sigma0).toBeCloseTo(session.settings.sigma0, 6);
    expect(p.std).toBeLessThan(p.sigma0);

    const head = (await reader.heatmaps(session.kbt.posterior))[1];
    expect(head.meanShift[col]).toBeCloseTo((p.mean - p.mu0) / p.sigma0, 4);
    expect(head.stdRatio[col]).toBeCloseTo(p.std / p.sigma0, 5);
    reader.dispose();
    session.dispose();
  });

  it('collects information per update and leaves no tensor behind', async () => {
    const session = tinySession();
    session.kbt.collectInfo = true;
    const reader = new PosteriorInspector(session.model.params);
    await inspect(session, reader, [{ layer: 'head', row: 0, col: 0 }], true);
    const start = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await session.step({ agent: false });
    const found = await inspect(session, reader, [{ layer: 'head', row: 0, col: 0 }], true);
    expect(tf.memory().numTensors).toBe(start);
    // 20 updates × 2 layers, each a positive amount of information at its own tick.
    expect(found.info).toHaveLength(40);
    for (const g of found.info) expect(g.nats).toBeGreaterThan(0);
    expect(new Set(found.info.map((g) => g.tick)).size).toBe(20);
    expect(found.posterior?.layers).toHaveLength(2);
    expect(found.pinned).toHaveLength(1);
    reader.dispose();
    session.dispose();
  });

  it('block-averages layers wider than the heat-map limit', () => {
    expect(heatmapStride(32, 129)).toBe(1);
    expect(heatmapStride(512, 33)).toBe(4);
  });
});
