/**
 * The posterior inspector's histories, built from each snapshot's fresh points: KBT's
 * innovation per sample, information per layer per update, and the pinned weights' traces.
 */
import type { Snapshot } from '../protocol';
import type { InfoPoint, InnovationPoint, PinnedPoint } from '../messages/inspect';
import { appendColumns } from './store';

/** Points kept per series; when full, every other point is dropped (the whole run stays). */
export const INSPECT_CAP = 2000;

/** KBT's innovation e (action units), its predicted variance S and NIS = e²/S per sample. */
export interface InnovationHistory {
  tick: number[];
  innovation: number[];
  S: number[];
  nis: number[];
}

/** Information one layer gained per update, nats. */
export interface InfoHistory {
  tick: number[];
  nats: number[];
}

/** One pinned weight's posterior mean and std, and its prior mean and std, over ticks. */
export interface PinnedHistory {
  tick: number[];
  mean: number[];
  std: number[];
  mu0: number[];
  sigma0: number[];
}

/** Everything the inspector draws over time. */
export interface InspectHistories {
  innovation: InnovationHistory;
  /** Keyed by layer name. */
  info: Record<string, InfoHistory>;
  /** Keyed by weight key, e.g. 'head[0,12]'. */
  pinned: Record<string, PinnedHistory>;
}

/** Empty inspector histories (at start and after each reset). */
export function emptyInspectHistories(): InspectHistories {
  return { innovation: { tick: [], innovation: [], S: [], nis: [] }, info: {}, pinned: {} };
}

/** Appends grouped points to per-key columns; returns `groups` itself when nothing arrived. */
function appendGrouped<P extends { tick: number }, K extends string>(
  groups: Record<string, Record<K, number[]>>,
  points: readonly P[],
  keyOf: (p: P) => string,
  empty: () => Record<K, number[]>,
): Record<string, Record<K, number[]>> {
  if (points.length === 0) return groups;
  const out = { ...groups };
  const byKey = new Map<string, P[]>();
  for (const p of points) byKey.set(keyOf(p), [...(byKey.get(keyOf(p)) ?? []), p]);
  for (const [key, list] of byKey) {
    const rows = list as unknown as Record<K, number>[];
    out[key] = appendColumns<K>(out[key] ?? empty(), rows, INSPECT_CAP, 'halve');
  }
  return out;
}

/** Returns histories with a snapshot's inspector points appended; unchanged parts are shared. */
export function appendInspect(h: InspectHistories, fresh: Snapshot['fresh']): InspectHistories {
  const innovation = appendColumns<keyof InnovationPoint & keyof InnovationHistory>(
    h.innovation,
    fresh.innovation ?? [],
    INSPECT_CAP,
    'halve',
  );
  const info = appendGrouped<InfoPoint, keyof InfoHistory>(
    h.info,
    fresh.info ?? [],
    (p) => p.layer,
    () => ({ tick: [], nats: [] }),
  ) as Record<string, InfoHistory>;
  const pinned = appendGrouped<PinnedPoint, keyof PinnedHistory>(
    h.pinned,
    fresh.pinned ?? [],
    (p) => p.key,
    () => ({ tick: [], mean: [], std: [], mu0: [], sigma0: [] }),
  ) as Record<string, PinnedHistory>;
  const same = innovation === h.innovation && info === h.info && pinned === h.pinned;
  return same ? h : { innovation, info, pinned };
}
