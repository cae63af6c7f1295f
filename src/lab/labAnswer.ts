/**
 * What the lab worker computes for one request, as plain functions (so tests and the worker
 * run the same code): the table at the current scale, and the sweep over scales.
 */
import { buildCase, type LabCase } from './labCase';
import type { LabRequest } from './labProtocol';
import { softmaxCase, type SoftmaxCaseResult } from './softmaxCase';

/** The case at the request's scale and its moments with Monte Carlo. */
export function answerTable(req: LabRequest): { input: LabCase; result: SoftmaxCaseResult } {
  const input = buildCase(req.base.mean, req.base.cov, req.scale);
  return { input, result: softmaxCase(input, { samples: req.samples, seed: req.seed }) };
}
