/** Test helper: put tfjs on the cpu backend, quietly. Import it first in a test file. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

tf.env().set('PROD', true);
await tf.setBackend('cpu');
await tf.ready();

export { tf };
