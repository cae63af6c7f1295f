import { beforeEach, describe, expect, it } from 'vitest';
import { isAttentionMessage, useAttention } from './attentionStore';
import { labStore } from './store';
import type { Command } from '../protocol';
import type { AttentionReport } from '../messages/attention';

const sent: Command[] = [];

beforeEach(() => {
  sent.length = 0;
  labStore.getState().setTransport((c) => sent.push(c));
  useAttention.setState({
    report: null,
    progress: null,
    samples: 1000,
    order: 2,
    scores: 'diagonal',
  });
});

describe('attention store', () => {
  it('recognises only attention messages', () => {
    expect(isAttentionMessage({ type: 'attention-progress', done: 1, total: 2 })).toBe(true);
    expect(isAttentionMessage({ type: 'snapshot' })).toBe(false);
    expect(isAttentionMessage(null)).toBe(false);
  });

  it('sends the run command with the panel choices and tracks progress to the result', () => {
    const s = useAttention.getState();
    s.setSamples(300);
    s.setMode({ scores: 'row' });
    s.runMc();
    expect(sent).toEqual([
      { type: 'attention-closed', order: 2, scores: 'row' },
      { type: 'attention-mc', order: 2, scores: 'row', samples: 300 },
    ]);
    s.receive({ type: 'attention-progress', done: 120, total: 300 });
    expect(useAttention.getState().progress).toMatchObject({ done: 120, running: true });
    const report = { mc: { samples: 300 } } as unknown as AttentionReport;
    s.receive({ type: 'attention-result', report });
    expect(useAttention.getState().progress).toEqual({
      done: 300,
      total: 300,
      running: false,
      cancelled: false,
    });
    s.receive({ type: 'attention-cancelled', done: 10, total: 300 });
    expect(useAttention.getState().progress?.cancelled).toBe(true);
  });
});
