/**
 * The shipped weights file: a JSON manifest (architecture, data statistics, how the weights
 * were made) with every tensor as base64 little-endian float32. Parsing validates it all and
 * says which field is wrong.
 */
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { ModelConfig } from './config';
import type { DataStats } from './context';
import { paramShapes, type ModelParams } from './params';

const configSchema = z.object({
  contextSteps: z.number().int().min(1).max(64),
  dModel: z.number().int().min(2).max(512),
  layers: z.number().int().min(1).max(12),
  heads: z.number().int().min(1).max(16),
  obsDim: z.number().int().min(1),
  horizon: z.number().int().min(1),
  lnEps: z.number().positive(),
});

const manifestSchema = z.object({
  format: z.literal('kbt-lab-weights'),
  version: z.literal(1),
  config: configSchema,
  stats: z.object({ obsMean: z.array(z.number()), obsStd: z.array(z.number().positive()) }),
  training: z.record(z.string(), z.unknown()),
  tensors: z.record(z.string(), z.object({ shape: z.array(z.number().int()), data: z.string() })),
});

/** What a weights file holds once parsed. */
export interface WeightsFile {
  config: ModelConfig;
  stats: DataStats;
  /** How the weights were made: data, steps, losses, evaluation. */
  training: Record<string, unknown>;
  /** Raw float32 data per parameter name. */
  arrays: Record<string, { shape: number[]; data: Float32Array }>;
}

function toBase64(data: Float32Array): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function fromBase64(text: string): Float32Array {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/** Serialize parameters and their manifest to the JSON text of a weights file. */
export async function encodeWeights(
  params: ModelParams,
  config: ModelConfig,
  stats: DataStats,
  training: Record<string, unknown>,
): Promise<string> {
  const tensors: Record<string, { shape: number[]; data: string }> = {};
  for (const [name] of paramShapes(config)) {
    const t = params[name];
    tensors[name] = { shape: t.shape, data: toBase64((await t.data()) as Float32Array) };
  }
  return JSON.stringify({
    format: 'kbt-lab-weights',
    version: 1,
    config,
    stats,
    training,
    tensors,
  });
}

/** Parse and validate a weights file; throws an Error naming the bad field. */
export function decodeWeights(text: string): WeightsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`weights file is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`weights file: field "${issue.path.join('.')}": ${issue.message}`);
  }
  const m = parsed.data;
  const arrays: WeightsFile['arrays'] = {};
  for (const [name, shape] of paramShapes(m.config)) {
    const entry = m.tensors[name];
    if (!entry) throw new Error(`weights file: tensor "${name}" is missing`);
    if (entry.shape.join(',') !== shape.join(',')) {
      throw new Error(`weights file: tensor "${name}" has shape [${entry.shape}], want [${shape}]`);
    }
    const data = fromBase64(entry.data);
    if (data.length !== shape.reduce((a, b) => a * b, 1) || data.some((x) => !Number.isFinite(x))) {
      throw new Error(`weights file: tensor "${name}" has the wrong size or non-finite values`);
    }
    arrays[name] = { shape, data };
  }
  if (m.stats.obsMean.length !== m.config.obsDim || m.stats.obsStd.length !== m.config.obsDim) {
    throw new Error('weights file: field "stats": length differs from config.obsDim');
  }
  return { config: m.config, stats: m.stats, training: m.training, arrays };
}

/** Fresh tensors for the parameters of a parsed weights file. */
export function paramsFromFile(file: WeightsFile): ModelParams {
  const params: ModelParams = {};
  for (const [name, { shape, data }] of Object.entries(file.arrays)) {
    params[name] = tf.tensor(data, shape);
  }
  return params;
}
