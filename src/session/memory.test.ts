import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { initParams } from '../model/params';
import { Session } from './session';
import { defaultSessionOptions } from './defaults';
import { TINY_CONFIG, UNIT_STATS } from '../testing/fixtures';

describe('session memory', () => {
  it('keeps the live tensor count flat over 1,000 ticks (updates, evaluations, a shift)', async () => {
    const params = initParams(TINY_CONFIG, 2);
    const base = defaultSessionOptions(3);
    const session = new Session(
      { params, cfg: TINY_CONFIG, stats: UNIT_STATS },
      {
        ...base,
        evalEvery: 150,
        evalEpisodes: 2,
        settings: { ...base.settings, layers: ['block2.attn.v', 'head'] },
      },
    );
    for (let i = 0; i < 100; i++) await session.step();
    const start = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 1000; i++) {
      if (i === 300)
        session.injectShift({ motorGain: 0.5 }, { kind: 'abrupt', atEpisode: 0 }, 'weak');
      await session.step();
      if (session.evaluating === false && i % 100 === 99) counts.push(tf.memory().numTensors);
    }
    expect(session.updates).toBe(1100);
    for (const c of counts) expect(c).toBe(start);
    session.dispose();
  });
});
