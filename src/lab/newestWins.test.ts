import { describe, expect, it } from 'vitest';
import { newestWins } from './newestWins';

/** A deferral the test runs by hand. */
function manualDefer() {
  const queue: (() => void)[] = [];
  return {
    defer: (run: () => void) => void queue.push(run),
    /** Lets pending promises settle, then runs deferred work until none is left. */
    flush: async () => {
      const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
      await settle();
      while (queue.length) {
        queue.shift()!();
        await settle();
      }
    },
  };
}

describe('newestWins', () => {
  it('answers only the newest of the requests offered before it ran', async () => {
    const { defer, flush } = manualDefer();
    const answered: number[] = [];
    const box = newestWins<number>(
      (r) => void answered.push(r),
      () => {},
      defer,
    );
    box.offer(1);
    box.offer(2);
    box.offer(3);
    await flush();
    expect(answered).toEqual([3]);
  });

  it('tells a running answer that it was superseded, then answers the newer request', async () => {
    const { defer, flush } = manualDefer();
    const log: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const box = newestWins<string>(
      async (r, superseded) => {
        log.push(`start ${r}`);
        if (r === 'a') await gate;
        log.push(`${r} superseded: ${superseded()}`);
      },
      () => {},
      defer,
    );
    box.offer('a');
    await flush();
    box.offer('b');
    box.offer('c');
    release();
    await gate;
    await flush();
    expect(log).toEqual(['start a', 'a superseded: true', 'start c', 'c superseded: false']);
  });

  it('reports an error and goes on with the next request', async () => {
    const { defer, flush } = manualDefer();
    const errors: string[] = [];
    const answered: number[] = [];
    const box = newestWins<number>(
      (r) => {
        if (r === 1) throw new Error('bad case');
        answered.push(r);
      },
      (e, r) => errors.push(`${r}: ${(e as Error).message}`),
      defer,
    );
    box.offer(1);
    await flush();
    box.offer(2);
    await flush();
    expect(errors).toEqual(['1: bad case']);
    expect(answered).toEqual([2]);
  });
});
