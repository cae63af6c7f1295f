import { describe, expect, it } from 'vitest';
import { createLabStore } from './store';
import { applyUrl, commandsFromUrl, connectWorker } from './workerClient';

/** A stand-in for a Worker: an EventTarget that records posted messages. */
class FakeWorker extends EventTarget {
  posted: unknown[] = [];
  terminated = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
}

/** An event carrying extra fields, as a browser ErrorEvent or MessageEvent would. */
function event(type: string, fields: Record<string, unknown>): Event {
  return Object.assign(new Event(type, { cancelable: true }), fields);
}

function setup() {
  const store = createLabStore();
  const fake = new FakeWorker();
  const stop = connectWorker(store, () => fake as unknown as Worker);
  return { store, fake, stop };
}

describe('connectWorker', () => {
  it('posts the store commands to the worker', () => {
    const { store, fake } = setup();
    store.getState().send({ type: 'play' });
    expect(fake.posted).toEqual([{ type: 'play' }]);
  });

  it('forwards worker messages to the store', () => {
    const { store, fake } = setup();
    fake.dispatchEvent(event('message', { data: { type: 'status', message: 'ready' } }));
    expect(store.getState().status).toBe('ready');
  });

  it('reports worker error and messageerror events as store errors', () => {
    const { store, fake } = setup();
    const crash = event('error', { message: 'boom', filename: 'w.js', lineno: 3 });
    fake.dispatchEvent(crash);
    fake.dispatchEvent(event('messageerror', {}));
    expect(crash.defaultPrevented).toBe(true);
    expect(store.getState().errors.map((e) => e.message)).toEqual([
      'boom (w.js:3)',
      'a message from the worker could not be deserialised',
    ]);
  });

  it('reports a worker that cannot start', () => {
    const store = createLabStore();
    connectWorker(store, () => {
      throw new Error('no workers here');
    });
    expect(store.getState().errors[0].message).toMatch(/could not start.*no workers here/);
  });

  it('stops the worker and disconnects the store', () => {
    const { store, fake, stop } = setup();
    stop();
    expect(fake.terminated).toBe(true);
    store.getState().send({ type: 'play' });
    expect(fake.posted).toEqual([]);
    expect(store.getState().errors[0].message).toMatch(/not connected/);
  });
});

describe('commandsFromUrl', () => {
  it('turns backend and seed parameters into commands', () => {
    expect(commandsFromUrl('?backend=wasm&seed=42')).toEqual({
      commands: [
        { type: 'backend', choice: 'wasm' },
        { type: 'reset', seed: 42 },
      ],
      problems: [],
    });
  });

  it('leaves out invalid parameters, each with a message', () => {
    const { commands, problems } = commandsFromUrl('?backend=gpu&seed=-1.5');
    expect(commands).toEqual([]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/backend=gpu/);
    expect(problems[1]).toMatch(/seed=-1.5/);
  });

  it('reports invalid parameters as store errors and sends the valid ones', () => {
    const { store, fake } = setup();
    applyUrl('?backend=cpu&seed=abc', store);
    expect(fake.posted).toEqual([{ type: 'backend', choice: 'cpu' }]);
    expect(store.getState().backendChoice).toBe('cpu');
    expect(store.getState().errors[0]).toMatchObject({ source: 'url' });
  });
});
