import { tf } from '../src/testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { initParams } from '../src/model/params';
import { Session } from '../src/session/session';
import { defaultSessionOptions } from '../src/session/defaults';
import { TINY_CONFIG, UNIT_STATS } from '../src/testing/fixtures';
import type { WorkerMessage } from '../src/protocol';
import { AttentionRunner } from './attentionRunner';

describe('AttentionRunner', () => {
  it('runs a job in slices to its report, cancels at once, and frees its tensors', async () => {
    const params = initParams(TINY_CONFIG, 2);
    const base = defaultSessionOptions(3);
    const session = new Session(
      { params, cfg: TINY_CONFIG, stats: UNIT_STATS },
      { ...base, evalEvery: 0, settings: { ...base.settings, layers: ['block1.attn.k', 'head'] } },
    );
    const posted: WorkerMessage[] = [];
    const runner = new AttentionRunner((m) => posted.push(m));

    // No context yet: a warning, no job.
    await runner.handle({ type: 'attention-mc', samples: 100, order: 2, scores: 'row' }, session);
    expect(runner.active).toBe(false);
    expect(session.warnings.at(-1)).toContain('no context yet');
    // ...and the panel's bar, which shows the run from the click on, is told it ended.
    expect(posted.at(-1)).toMatchObject({ type: 'attention-cancelled', done: 0 });
    expect(posted.at(-1)).toHaveProperty('reason', expect.stringContaining('no context yet'));
    for (let i = 0; i < 3; i++) await session.step();
    const before = tf.memory().numTensors;

    // A long job: one slice does part of it, cancel ends it at once.
    await runner.handle(
      { type: 'attention-mc', samples: 10_000, order: 2, scores: 'row' },
      session,
    );
    await runner.slice(null);
    expect(runner.active).toBe(true);
    await runner.handle({ type: 'attention-cancel' }, session);
    expect(runner.active).toBe(false);
    const cancelled = posted.at(-1);
    expect(cancelled?.type).toBe('attention-cancelled');
    if (cancelled?.type === 'attention-cancelled') {
      expect(cancelled.done).toBeGreaterThan(0);
      expect(cancelled.done).toBeLessThan(10_000);
    }
    expect(tf.memory().numTensors).toBe(before);

    // A short job runs to its report; the session ticks in between.
    await runner.handle(
      { type: 'attention-mc', samples: 100, order: 1, scores: 'diagonal' },
      session,
    );
    while (runner.active) {
      await runner.slice(5);
      await session.step();
    }
    const result = posted.at(-1);
    expect(result?.type).toBe('attention-result');
    if (result?.type === 'attention-result') {
      expect(result.report.mc?.samples).toBe(100);
      expect(result.report.mode).toEqual({ order: 1, scores: 'diagonal' });
    }
    expect(posted.some((m) => m.type === 'attention-progress' && m.done === 100)).toBe(true);
    session.dispose();
    tf.dispose(Object.values(params));
  });

  it('echoes the run number, and a session reset cancels the job with its reason', async () => {
    const params = initParams(TINY_CONFIG, 2);
    const base = defaultSessionOptions(3);
    const session = new Session(
      { params, cfg: TINY_CONFIG, stats: UNIT_STATS },
      { ...base, evalEvery: 0, settings: { ...base.settings, layers: ['block1.attn.q', 'head'] } },
    );
    for (let i = 0; i < 3; i++) await session.step();
    const before = tf.memory().numTensors;
    const posted: WorkerMessage[] = [];
    const runner = new AttentionRunner((m) => posted.push(m));
    const cmd = { type: 'attention-mc', samples: 10_000, order: 2, scores: 'diagonal' } as const;
    await runner.handle({ ...cmd, run: 7 }, session);
    await runner.slice(null);
    expect(posted.every((m) => 'run' in m && m.run === 7)).toBe(true);
    // A second run replaces the first: the first's cancel names run 7, the new progress run 8.
    await runner.handle({ ...cmd, run: 8 }, session);
    expect(posted.slice(-2)).toMatchObject([
      { type: 'attention-cancelled', run: 7 },
      { type: 'attention-progress', done: 0, run: 8 },
    ]);
    runner.cancel('the session was reset');
    expect(posted.at(-1)).toMatchObject({
      type: 'attention-cancelled',
      run: 8,
      reason: 'the session was reset',
    });
    expect(runner.active).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    session.dispose();
    tf.dispose(Object.values(params));
  });
});
