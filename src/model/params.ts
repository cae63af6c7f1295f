/**
 * Parameters of the decision transformer as a flat record of named tensors, e.g.
 * 'block1.attn.q.w' [d, d] (input × output), 'block1.attn.q.b' [d], 'head.w' [d, 1].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config';
import { BLOCK_LINEARS } from './config';
import { makeRng } from '../core/rng';

export type ModelParams = Record<string, tf.Tensor>;

/** Shapes [input, output] of a linear layer's weight, by layer name. */
export function linearShape(cfg: ModelConfig, layer: string): [number, number] {
  const d = cfg.dModel;
  if (layer === 'head') return [d, 1];
  if (layer.endsWith('fc1')) return [d, 4 * d];
  if (layer.endsWith('fc2')) return [4 * d, d];
  return [d, d];
}

/** Every parameter's name and shape, in a fixed order. */
export function paramShapes(cfg: ModelConfig): [string, number[]][] {
  const d = cfg.dModel;
  const out: [string, number[]][] = [
    ['embed.rtg.w', [1, d]],
    ['embed.rtg.b', [d]],
    ['embed.obs.w', [cfg.obsDim, d]],
    ['embed.obs.b', [d]],
    ['embed.act.w', [1, d]],
    ['embed.act.b', [d]],
    ['embed.time', [cfg.horizon, d]],
  ];
  for (let l = 1; l <= cfg.layers; l++) {
    out.push([`block${l}.ln1.g`, [d]], [`block${l}.ln1.b`, [d]]);
    for (const s of BLOCK_LINEARS) {
      const name = `block${l}.${s}`;
      if (s === 'fc1') out.push([`block${l}.ln2.g`, [d]], [`block${l}.ln2.b`, [d]]);
      const [i, o] = linearShape(cfg, name);
      out.push([`${name}.w`, [i, o]], [`${name}.b`, [o]]);
    }
  }
  out.push(['lnf.g', [d]], ['lnf.b', [d]], ['head.w', [d, 1]], ['head.b', [1]]);
  return out;
}

/** Fresh parameters: scaled Gaussian weights, zero biases, unit LayerNorm gains; seeded. */
export function initParams(cfg: ModelConfig, seed: number): ModelParams {
  const rng = makeRng(seed);
  const params: ModelParams = {};
  for (const [name, shape] of paramShapes(cfg)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('.g')) data.fill(1);
    else if (name.endsWith('.w') || name === 'embed.time') {
      const fanIn = name === 'embed.time' ? cfg.dModel : shape[0];
      const scale =
        (name.endsWith('attn.o.w') || name.endsWith('fc2.w') ? 0.5 : 1) / Math.sqrt(fanIn);
      for (let i = 0; i < size; i++) data[i] = rng.normal() * scale;
    }
    params[name] = tf.tensor(data, shape);
  }
  return params;
}

/** Dispose every tensor of a parameter record. */
export function disposeParams(params: ModelParams): void {
  for (const t of Object.values(params)) t.dispose();
}

/** Copies of the tensors (so a learner can own and replace them). */
export function cloneParams(params: ModelParams): ModelParams {
  const out: ModelParams = {};
  for (const [k, t] of Object.entries(params)) out[k] = t.clone();
  return out;
}
