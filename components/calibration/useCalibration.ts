import { useMemo } from 'react';
import { useFrameSelector } from '../hooks/useFrameSelector';
import {
  summarize,
  type CalibrationSummary,
  type GaussPrediction,
} from '../../src/metrics/calibration';
import type { CalibHistories, CalibHistory } from '../../src/store/calibHistories';

/** One learner's calibration over its recent predictions. */
export interface LearnerCalibration {
  learner: string;
  summary: CalibrationSummary;
}

/** Predictions of a history as the metrics expect them (NaN std = no uncertainty). */
function predictions(h: CalibHistory): GaussPrediction[] {
  return h.y.map((y, i) => ({
    mean: h.mean[i],
    std: Number.isNaN(h.std[i]) ? null : h.std[i],
    y,
  }));
}

/** The calibration histories and each learner's summary, recomputed only when they change. */
export function useCalibration(): { histories: CalibHistories; learners: LearnerCalibration[] } {
  const histories = useFrameSelector((s) => s.histories.calib);
  const learners = useMemo(
    () =>
      Object.entries(histories).map(([learner, h]) => ({
        learner,
        summary: summarize(predictions(h.recent)),
      })),
    [histories],
  );
  return { histories, learners };
}
