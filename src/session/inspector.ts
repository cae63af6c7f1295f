/**
 * Reads the KBT posterior for the posterior inspector: heat maps of every Bayesian layer and
 * the values of pinned weights, each in one device read. Framework-free (the worker and tests
 * drive it); the prior means are the pretrained weights, cached per layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelParams } from '../model/params';
import { layerMeans, layerVariances, type Posterior } from '../kbt/posterior';
import type { Session } from './session';
import {
  MAX_PINNED,
  weightKey,
  type InfoPoint,
  type LayerHeatmap,
  type PinnedPoint,
  type WeightRef,
} from '../messages/inspect';

/** A heat map keeps at most this many rows and columns; larger layers are block-averaged. */
export const MAX_HEATMAP_SIDE = 160;

/** The stride that brings a dout × din1 layer within MAX_HEATMAP_SIDE on both sides. */
export function heatmapStride(dout: number, din1: number): number {
  return Math.max(1, Math.ceil(Math.max(dout, din1) / MAX_HEATMAP_SIDE));
}

export class PosteriorInspector {
  private readonly mu0 = new Map<string, tf.Tensor2D>();

  constructor(private readonly params: ModelParams) {}

  /** Heat maps (μ − μ0)/σ0 and σ/σ0 of every layer of `post`. */
  async heatmaps(post: Posterior): Promise<LayerHeatmap[]> {
    const layers = [...post.values()];
    const maps = tf.tidy(() =>
      layers.flatMap((p) => {
        const sigma0 = tf.sqrt(p.prior);
        const shift = tf.div(tf.sub(p.mu, this.priorMean(p.name)), sigma0) as tf.Tensor2D;
        const ratio = tf.sqrt(tf.div(layerVariances(p), p.prior)) as tf.Tensor2D;
        const [dout, din1] = p.mu.shape;
        const stride = heatmapStride(dout, din1);
        return [downsample(shift, stride), downsample(ratio, stride)];
      }),
    );
    const values = await Promise.all(maps.map((t) => t.data() as Promise<Float32Array>));
    const out = layers.map((p, i) => {
      const [dout, din1] = p.mu.shape;
      const [rows, cols] = maps[2 * i].shape;
      return {
        layer: p.name,
        dout,
        din1,
        rows,
        cols,
        stride: heatmapStride(dout, din1),
        meanShift: values[2 * i],
        stdRatio: values[2 * i + 1],
      };
    });
    tf.dispose(maps);
    return out;
  }

  /**
   * The pinned weights' posterior and prior means and stds at `tick`; weights outside the
   * posterior (a layer no longer Bayesian, an index out of range) are left out.
   */
  async pinned(post: Posterior, pins: readonly WeightRef[], tick: number): Promise<PinnedPoint[]> {
    const valid = pins.slice(0, MAX_PINNED).filter((w) => {
      const p = post.get(w.layer);
      if (!p) return false;
      const [dout, din1] = p.mu.shape;
      return inRange(w.row, dout) && inRange(w.col, din1);
    });
    if (valid.length === 0) return [];
    const packed = tf.tidy(() =>
      tf.stack(
        valid.map((w) => {
          const p = post.get(w.layer)!;
          const at = (t: tf.Tensor2D) => tf.reshape(tf.slice(t, [w.row, w.col], [1, 1]), [1]);
          return tf.concat([
            at(p.mu),
            at(layerVariances(p)),
            at(this.priorMean(w.layer)),
            at(p.prior),
          ]);
        }),
      ),
    );
    const v = await packed.data();
    packed.dispose();
    return valid.map((w, i) => ({
      tick,
      key: weightKey(w),
      mean: v[4 * i],
      std: Math.sqrt(Math.max(0, v[4 * i + 1])),
      mu0: v[4 * i + 2],
      sigma0: Math.sqrt(v[4 * i + 3]),
    }));
  }

  /** The pretrained weights of a layer as [dout, din+1] (kept; not for tidy disposal). */
  private priorMean(name: string): tf.Tensor2D {
    let mu0 = this.mu0.get(name);
    if (!mu0) {
      mu0 = tf.keep(layerMeans(this.params, name));
      this.mu0.set(name, mu0);
    }
    return mu0;
  }

  dispose(): void {
    tf.dispose([...this.mu0.values()]);
    this.mu0.clear();
  }
}

/** Whether an index lies in [0, n). */
function inRange(i: number, n: number): boolean {
  return Number.isInteger(i) && i >= 0 && i < n;
}

/** Averages a [rows, cols] map over stride × stride blocks (the edges over what is there). */
function downsample(map: tf.Tensor2D, stride: number): tf.Tensor2D {
  if (stride <= 1) return map;
  const [rows, cols] = map.shape;
  const pooled = tf.avgPool(
    tf.reshape(map, [1, rows, cols, 1]) as tf.Tensor4D,
    stride,
    stride,
    'same',
  );
  return tf.squeeze(pooled, [0, 3]) as tf.Tensor2D;
}

/** What the worker adds to a snapshot for the inspector. */
export interface Inspection {
  posterior: { tick: number; updates: number; layers: LayerHeatmap[] } | null;
  pinned: PinnedPoint[];
  info: InfoPoint[];
}

/**
 * Everything the inspector needs at this moment from a session's KBT learner: the heat maps
 * (only when `withHeatmaps`), the pinned weights' values, and the information of each update
 * since the previous call.
 */
export async function inspect(
  session: Session,
  inspector: PosteriorInspector,
  pins: readonly WeightRef[],
  withHeatmaps: boolean,
): Promise<Inspection> {
  const post = session.kbt.posterior;
  const [layers, pinned, gains] = await Promise.all([
    withHeatmaps ? inspector.heatmaps(post) : Promise.resolve(null),
    inspector.pinned(post, pins, session.tick),
    session.kbt.takeInfo(),
  ]);
  const info = gains.flatMap((g) =>
    Object.entries(g.nats).map(([layer, nats]) => ({ tick: g.tag, layer, nats })),
  );
  const posterior = layers && { tick: session.tick, updates: session.updates, layers };
  return { posterior, pinned, info };
}
