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
    run: 0,
    resetSinceReport: false,
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
      { type: 'attention-mc', order: 2, scores: 'row', samples: 300, run: 1 },
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

  it('drops the progress, cancel and result of a replaced run (run twice quickly)', () => {
    const s = useAttention.getState();
    s.runMc();
    s.runMc();
    const runs = sent
      .filter((c) => c.type === 'attention-mc')
      .map((c) => (c as { run: number }).run);
    expect(runs).toEqual([1, 2]);
    // The worker cancels run 1 when run 2 starts: that must not stop run 2's progress bar.
    s.receive({ type: 'attention-cancelled', done: 40, total: 1000, run: 1 });
    s.receive({ type: 'attention-progress', done: 0, total: 1000, run: 2 });
    expect(useAttention.getState().progress).toMatchObject({ running: true, cancelled: false });
    s.receive({ type: 'attention-progress', done: 900, total: 1000, run: 1 });
    expect(useAttention.getState().progress?.done).toBe(0);
    const old = { tick: 5, mc: { samples: 1000 } } as unknown as AttentionReport;
    s.receive({ type: 'attention-result', report: old, run: 1 });
    expect(useAttention.getState().report).toBeNull();
  });

  it('a result in flight when cancel was pressed is dropped, and the bar says cancelled', () => {
    const s = useAttention.getState();
    s.runMc();
    s.cancelMc();
    expect(sent.at(-1)).toEqual({ type: 'attention-cancel' });
    expect(useAttention.getState().progress).toMatchObject({ running: false, cancelled: true });
    const late = { tick: 5, mc: { samples: 1000 } } as unknown as AttentionReport;
    s.receive({ type: 'attention-result', report: late, run: 1 });
    expect(useAttention.getState().report).toBeNull();
    // A closed-form answer (no MC) is always for the current context and is shown.
    const closed = { tick: 6, mc: null } as unknown as AttentionReport;
    s.receive({ type: 'attention-result', report: closed });
    expect(useAttention.getState().report).toBe(closed);
  });

  it('changing the softmax order during a run cancels it with the reason', () => {
    const s = useAttention.getState();
    s.runMc();
    s.setMode({ order: 1 });
    expect(sent.slice(-2)).toEqual([
      { type: 'attention-cancel' },
      { type: 'attention-closed', order: 1, scores: 'diagonal' },
    ]);
    const p = useAttention.getState().progress!;
    expect(p.running).toBe(false);
    expect(p.reason).toMatch(/order/);
    // The worker's own cancel adds the count and keeps the reason.
    s.receive({ type: 'attention-cancelled', done: 64, total: 1000, run: 1 });
    expect(useAttention.getState().progress).toMatchObject({ done: 64, reason: p.reason });
  });

  it('a worker-side cancel (session reset) carries its reason to the bar', () => {
    const s = useAttention.getState();
    s.runMc();
    s.receive({ type: 'attention-cancelled', done: 10, total: 1000, run: 1, reason: 'reset' });
    expect(useAttention.getState().progress).toMatchObject({ cancelled: true, reason: 'reset' });
  });

  it('marks the shown report as the old session when the tick goes back', () => {
    const report = { tick: 50, mc: null } as unknown as AttentionReport;
    useAttention.getState().receive({ type: 'attention-result', report });
    labStore.setState({ snapshot: { tick: 60 } as never });
    expect(useAttention.getState().resetSinceReport).toBe(false);
    labStore.setState({ snapshot: { tick: 0 } as never });
    expect(useAttention.getState().resetSinceReport).toBe(true);
    useAttention.getState().receive({ type: 'attention-result', report });
    expect(useAttention.getState().resetSinceReport).toBe(false);
  });
});
