/**
 * The softmax lab's worker: answers the lab's requests (src/lab/labProtocol.ts) off the main
 * thread on tfjs's cpu backend (n ≤ 16 logits needs nothing faster). The newest request wins:
 * a request that arrives while another is being answered replaces it, and a sweep in progress
 * stops at its next scale when a newer request is waiting.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { softmaxCase } from '../src/lab/softmaxCase';
import { buildCase } from '../src/lab/labCase';
import { sweepKey, type LabReply, type LabRequest } from '../src/lab/labProtocol';
import { sweepSteps } from '../src/lab/labSweep';

const post = (msg: LabReply) => (self as unknown as Worker).postMessage(msg);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

tf.env().set('PROD', true);
const ready = tf.setBackend('cpu').then(() => tf.ready());

/** The newest request not yet answered, and whether a run is scheduled for it. */
let latest: LabRequest | null = null;
let scheduled = false;
/** Key of the last sweep sent, so an unchanged sweep (only the scale moved) is not redone. */
let sentSweep = '';

self.addEventListener('message', (event: MessageEvent<LabRequest>) => {
  if (event.data?.type !== 'compute') return;
  latest = event.data;
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
});

/** Lets queued messages in (each replaces `latest`) before the work goes on. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Answers the newest request: its table first, then its sweep unless unchanged. */
async function run(): Promise<void> {
  await ready;
  const req = latest;
  latest = null;
  scheduled = false;
  if (!req) return;
  const superseded = () => latest !== null;

  try {
    const t0 = performance.now();
    const input = buildCase(req.base.mean, req.base.cov, req.scale);
    const result = softmaxCase(input, { samples: req.samples, seed: req.seed });
    post({
      type: 'table',
      id: req.id,
      scale: req.scale,
      input,
      result,
      ms: performance.now() - t0,
    });

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
  } catch (e) {
    post({ type: 'error', id: req.id, message: message(e) });
  }
}

self.addEventListener('error', (e) => post({ type: 'error', id: -1, message: message(e.message) }));
self.addEventListener('unhandledrejection', (e) =>
  post({ type: 'error', id: -1, message: message(e.reason) }),
);
