/**
 * Calibration histories per learner, built from each snapshot's fresh CalibPoints: the most
 * recent predictions (for the reliability diagram and σ bins) and, over the whole run, the
 * mean NLL and RMSE of every chunk of CHUNK consecutive samples.
 */
import type { CalibPoint } from '../messages/compare';
import { gaussianNll, rmse } from '../metrics/calibration';
import { appendColumns } from './store';

/** Most recent predictions kept per learner (a sliding window). */
export const CALIB_WINDOW = 2000;
/** Samples per point of the NLL-over-time history. */
export const CHUNK = 100;
/** Chunk points kept per learner; when full, every other one is dropped. */
export const CHUNK_CAP = 1000;

/** One learner's recent predictions; std is NaN for a learner without uncertainty. */
export interface CalibHistory {
  tick: number[];
  samples: number[];
  mean: number[];
  std: number[];
  y: number[];
}

/** Mean NLL (nats; NaN without uncertainty) and RMSE per chunk of CHUNK samples. */
export interface NllHistory {
  /** Samples seen at the chunk's end, and the tick of its last sample. */
  samples: number[];
  tick: number[];
  nll: number[];
  rmse: number[];
}

/** Per learner: recent predictions, chunk metrics, and the open chunk's points. */
export interface LearnerCalib {
  recent: CalibHistory;
  chunks: NllHistory;
  open: readonly CalibPoint[];
}

/** Calibration histories keyed by learner, in order of first appearance. */
export type CalibHistories = Record<string, LearnerCalib>;

function emptyLearner(): LearnerCalib {
  return {
    recent: { tick: [], samples: [], mean: [], std: [], y: [] },
    chunks: { samples: [], tick: [], nll: [], rmse: [] },
    open: [],
  };
}

/** Returns histories with fresh points appended (unchanged learners are shared). */
export function appendCalib(h: CalibHistories, points: readonly CalibPoint[]): CalibHistories {
  if (points.length === 0) return h;
  const out = { ...h };
  const byLearner = new Map<string, CalibPoint[]>();
  for (const p of points) {
    const list = byLearner.get(p.learner);
    if (list) list.push(p);
    else byLearner.set(p.learner, [p]);
  }
  for (const [learner, list] of byLearner) {
    const prev = out[learner] ?? emptyLearner();
    const rows = list.map((p) => ({
      tick: p.tick,
      samples: p.samples,
      mean: p.mean,
      std: p.std ?? Number.NaN,
      y: p.y,
    }));
    const recent = appendColumns(prev.recent, rows, CALIB_WINDOW, 'window');

    // Close every full chunk; the rest stays open.
    let open = [...prev.open, ...list];
    const closed: { samples: number; tick: number; nll: number; rmse: number }[] = [];
    while (open.length >= CHUNK) {
      const chunk = open.slice(0, CHUNK);
      open = open.slice(CHUNK);
      const last = chunk[chunk.length - 1];
      closed.push({
        samples: last.samples + 1,
        tick: last.tick,
        nll: gaussianNll(chunk) ?? Number.NaN,
        rmse: rmse(chunk),
      });
    }
    const chunks = appendColumns(prev.chunks, closed, CHUNK_CAP, 'halve');
    out[learner] = { recent, chunks, open };
  }
  return out;
}
