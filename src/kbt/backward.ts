/**
 * The backward delta pass (METHOD §4), an RTS smoother written like backpropagation: from
 * the deltas at the observed action, δm and δv flow back through each op's moment Jacobian
 * (δm_in = Jᵀ δm_out, δv_in = (J ⊙ J)ᵀ δv_out), summed where a tensor feeds several ops.
 * Returns the deltas at the output of every linear layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config';
import { tokenCount } from '../model/config';
import type { ModelParams } from '../model/params';
import type { Posterior } from './posterior';
import { foldHeads, unfoldHeads, type MomentTape } from './momentForward';

/** Deltas of a tensor's mean and variance. */
export interface Delta {
  dm: tf.Tensor;
  dv: tf.Tensor;
}

/** Weight means [din, dout] of a linear layer: its moment Jacobian for the input. */
function weightMeans(p: ModelParams, post: Posterior | null, name: string): tf.Tensor {
  const b = post?.get(name);
  if (!b) return p[`${name}.w`];
  const d1 = b.mu.shape[1];
  return tf.transpose(tf.slice(b.mu, [0, 0], [b.mu.shape[0], d1 - 1]));
}

/** δ through a linear layer to its input: δm W ᵀ and δv (W ⊙ W)ᵀ. */
function backLinear(d: Delta, w: tf.Tensor): Delta {
  const flat = (t: tf.Tensor) => tf.reshape(t, [-1, t.shape[t.rank - 1]]);
  const lead = d.dm.shape.slice(0, -1);
  const back = (t: tf.Tensor, m: tf.Tensor) =>
    tf.reshape(tf.matMul(flat(t), m, false, true), [...lead, w.shape[0]]);
  return { dm: back(d.dm, w), dv: back(d.dv, tf.square(w)) };
}

/** δ through an elementwise op with Jacobian J. */
function backElementwise(d: Delta, J: tf.Tensor): Delta {
  return { dm: tf.mul(d.dm, J), dv: tf.mul(d.dv, tf.square(J)) };
}

function addDelta(a: Delta, b: Delta): Delta {
  return { dm: tf.add(a.dm, b.dm), dv: tf.add(a.dv, b.dv) };
}

/**
 * δ through a softmax row with s = softmax(mean), J = diag(s) − s sᵀ:
 * (Jᵀ δm)_k = s_k (δm_k − Σ_i s_i δm_i); ((J⊙J)ᵀ δv)_k = s_k² (1 − 2 s_k) δv_k + s_k² Σ_i s_i² δv_i.
 */
export function backSoftmax(d: Delta, s: tf.Tensor): Delta {
  const dm = tf.mul(s, tf.sub(d.dm, tf.sum(tf.mul(s, d.dm), -1, true)));
  const s2 = tf.square(s);
  const dv = tf.add(
    tf.mul(tf.mul(s2, tf.sub(1, tf.mul(2, s))), d.dv),
    tf.mul(s2, tf.sum(tf.mul(s2, d.dv), -1, true)),
  );
  return { dm, dv };
}

/**
 * Run the delta pass from the deltas at the action [B]. With `needed`, the pass stops as
 * soon as every listed layer has its deltas (nothing further back can change them).
 */
export function backwardDeltas(
  p: ModelParams,
  post: Posterior | null,
  tape: MomentTape,
  cfg: ModelConfig,
  atAction: Delta,
  needed?: Set<string>,
): Map<string, Delta> {
  const out = new Map<string, Delta>();
  const complete = () => needed !== undefined && [...needed].every((n) => out.has(n));
  const B = tape.batch;
  const T = tokenCount(cfg);
  const d = cfg.dModel;
  const h = cfg.heads;
  const dh = d / h;
  const through = (name: string, delta: Delta): Delta => {
    out.set(name, delta);
    return backLinear(delta, weightMeans(p, post, name));
  };

  // Head at the newest token, then the final LayerNorm.
  const head = through('head', {
    dm: tf.reshape(atAction.dm, [B, 1, 1]),
    dv: tf.reshape(atAction.dv, [B, 1, 1]),
  });
  if (complete()) return out;
  const padLast = (t: tf.Tensor) =>
    tf.pad(t, [
      [0, 0],
      [T - 1, 0],
      [0, 0],
    ]);
  let dx = backElementwise({ dm: padLast(head.dm), dv: padLast(head.dv) }, tape.lnfJ);

  for (let l = cfg.layers; l >= 1; l--) {
    const pre = `block${l}`;
    const bt = tape.blocks[l - 1];

    // MLP sublayer: residual, fc2, ReLU, fc1, LayerNorm 2.
    const dAct = through(`${pre}.fc2`, dx);
    const dPre = backElementwise(dAct, bt.reluJ);
    const dLn2 = through(`${pre}.fc1`, dPre);
    dx = addDelta(dx, backElementwise(dLn2, bt.ln2J));
    if (complete()) return out;

    // Attention sublayer: output projection, O = A V, softmax, S = Q Kᵀ/√dh.
    const dMerged = through(`${pre}.attn.o`, dx);
    const dO: Delta = { dm: foldHeads(dMerged.dm, h), dv: foldHeads(dMerged.dv, h) };
    const attMean = tf.reshape(bt.attMean, [B * h, T, T]);
    const dA: Delta = {
      dm: tf.matMul(dO.dm, bt.vm, false, true),
      dv: tf.matMul(dO.dv, tf.square(bt.vm), false, true),
    };
    const dV: Delta = {
      dm: tf.matMul(attMean, dO.dm, true, false),
      dv: tf.matMul(tf.square(attMean), dO.dv, true, false),
    };
    const dS = backSoftmax(dA, bt.attS);
    const dQ: Delta = {
      dm: tf.div(tf.matMul(dS.dm, bt.km), Math.sqrt(dh)),
      dv: tf.div(tf.matMul(dS.dv, tf.square(bt.km)), dh),
    };
    const dK: Delta = {
      dm: tf.div(tf.matMul(dS.dm, bt.qm, true, false), Math.sqrt(dh)),
      dv: tf.div(tf.matMul(dS.dv, tf.square(bt.qm), true, false), dh),
    };
    const unfold = (g: Delta): Delta => ({ dm: unfoldHeads(g.dm, h), dv: unfoldHeads(g.dv, h) });
    const dLn1 = addDelta(
      addDelta(through(`${pre}.attn.q`, unfold(dQ)), through(`${pre}.attn.k`, unfold(dK))),
      through(`${pre}.attn.v`, unfold(dV)),
    );
    dx = addDelta(dx, backElementwise(dLn1, bt.ln1J));
    if (complete()) return out;
  }
  return out;
}
