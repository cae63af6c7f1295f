/**
 * tfjs for Node command-line tools: the union package registers gradients and chained ops
 * (tfjs-core's Node bundle has neither), then the chosen backend is set (wasm by default,
 * the fastest on these machines; cpu as a fallback).
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

/** Set the tfjs backend for a CLI run and return its name. */
export async function setupNodeTf(backend = 'wasm'): Promise<string> {
  tf.env().set('PROD', true);
  const ok = await tf.setBackend(backend);
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}
