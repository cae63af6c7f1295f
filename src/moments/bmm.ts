import * as tf from '@tensorflow/tfjs-core';

/**
 * Batched matrix product a·b over the last two axes with the leading (batch) axes broadcast
 * explicitly. The cpu kernel indexes batches modulo their count, which is only right when one
 * side has a single batch, so mixed shapes such as [B,1,…] × [1,N,…] are expanded first.
 */
export function bmm(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const sizeA = batchA.reduce((p, d) => p * d, 1);
  const sizeB = batchB.reduce((p, d) => p * d, 1);
  const same = batchA.length === batchB.length && batchA.every((d, i) => d === batchB[i]);
  if (same || sizeA === 1 || sizeB === 1) return tf.matMul(a, b, transposeA, transposeB);

  const batch = tf.broadcast_util.assertAndGetBroadcastShape(batchA, batchB);
  const ea = tf.broadcastTo(a, [...batch, ...a.shape.slice(-2)]);
  const eb = tf.broadcastTo(b, [...batch, ...b.shape.slice(-2)]);
  return tf.matMul(ea, eb, transposeA, transposeB);
}
