/**
 * The softmax lab's worker: answers the lab's requests (src/lab/labProtocol.ts) off the main
 * thread on tfjs's cpu backend (n ≤ 16 logits needs nothing faster). The newest request wins:
 * a request that arrives while another is being answered replaces any waiting one, and a
 * sweep in progress stops at its next scale once a newer request is waiting.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { answerTable } from '../src/lab/labAnswer';
import { sweepKey, type LabReply, type LabRequest } from '../src/lab/labProtocol';
import { sweepSteps } from '../src/lab/labSweep';
import { newestWins } from '../src/lab/newestWins';

const post = (msg: LabReply) => (self as unknown as Worker).postMessage(msg);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

tf.env().set('PROD', true);
const ready = tf.setBackend('cpu').then(() => tf.ready());

/** Key of the last sweep sent, so an unchanged sweep (only the scale moved) is not redone. */
let sentSweep = '';

/** Lets queued messages in (each may supersede the request being answered). */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Answers one request: its table first, then its sweep unless unchanged or superseded. */
async function answer(req: LabRequest, superseded: () => boolean): Promise<void> {
  await ready;
  const t0 = performance.now();
  const { input, result } = answerTable(req);
  post({ type: 'table', id: req.id, scale: req.scale, input, result, ms: performance.now() - t0 });

  const key = sweepKey(req);
  if (key === sentSweep) return;
  const t1 = performance.now();
  const steps = sweepSteps({
    base: req.base,
    scales: req.sweepScales,
    samples: req.sweepSamples,
    seed: req.seed,
  });
  for (;;) {
    await breathe();
    if (superseded()) return;
    const next = steps.next();
    if (next.done) {
      sentSweep = key;
      post({ type: 'sweep', id: req.id, key, curves: next.value, ms: performance.now() - t1 });
      return;
    }
  }
}

const mailbox = newestWins<LabRequest>(answer, (e, req) =>
  post({ type: 'error', id: req.id, message: message(e) }),
);

self.addEventListener('message', (event: MessageEvent<LabRequest>) => {
  if (event.data?.type === 'compute') mailbox.offer(event.data);
});
self.addEventListener('error', (e) => post({ type: 'error', id: -1, message: e.message }));
self.addEventListener('unhandledrejection', (e) =>
  post({ type: 'error', id: -1, message: message(e.reason) }),
);
