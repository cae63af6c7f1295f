/** Colour scales of the attention maps, shared by every head so maps compare at a glance. */
import {
  interpolateBlues,
  interpolateOranges,
  interpolatePurples,
  interpolateRdBu,
  scaleDiverging,
  scaleSequential,
} from 'd3';
import type { AttentionReport } from '../../src/messages/attention';

/** A colour scale with what its legend needs. */
export interface MapScale {
  color: (v: number) => string;
  interpolator: (t: number) => string;
  min: number;
  max: number;
}

/** Largest finite value of arrays (at least `floor`). */
function maxOf(floor: number, ...arrays: (Float32Array | undefined)[]): number {
  let m = floor;
  for (const a of arrays) if (a) for (const v of a) if (Number.isFinite(v) && v > m) m = v;
  return m;
}

/** Sequential scale over [0, max]. */
function sequential(interpolator: (t: number) => string, max: number): MapScale {
  const s = scaleSequential(interpolator).domain([0, max]);
  return { color: (v) => s(v), interpolator, min: 0, max };
}

/**
 * Smallest top of the std and error scales: all-zero maps (deterministic attention, no Monte
 * Carlo yet) would otherwise get a [0, 1e-6] legend whose tick labels overlap.
 */
export const SCALE_FLOOR = 0.01;

/** Scales for the mean, std and error maps of a report ('abs' or 'signed' errors). */
export function mapScales(report: AttentionReport, errorView: 'abs' | 'signed') {
  const mc = report.mc;
  const mean = sequential(interpolateBlues, maxOf(1e-6, report.closed.mean, mc?.mean));
  const std = sequential(interpolatePurples, maxOf(SCALE_FLOOR, report.closed.std, mc?.std));
  const errMax = maxOf(SCALE_FLOOR, mc?.errorAbs);
  let error: MapScale;
  if (errorView === 'abs') error = sequential(interpolateOranges, errMax);
  else {
    // Diverging: closed form above MC red, below blue (RdBu reversed), 0 white.
    const interpolator = (t: number) => interpolateRdBu(1 - t);
    const s = scaleDiverging(interpolator).domain([-errMax, 0, errMax]);
    error = { color: (v) => s(v), interpolator, min: -errMax, max: errMax };
  }
  return { mean, std, error };
}
