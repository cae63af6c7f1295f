/**
 * The `moments` cases: one JSON object with a `kind` and that kind's fields, validated with
 * zod (errors name the field path), run through the app's closed-form ops, with an optional
 * seeded Monte Carlo block.
 */
import { z } from 'zod';
import { attentionCase, checkAttention, runAttention, type AttentionResult } from './attention';
import {
  checkLayernorm,
  checkProduct,
  checkRelu,
  layernormCase,
  productCase,
  reluCase,
  runLayernorm,
  runProduct,
  runRelu,
  type ElementResult,
  type ReluResult,
} from './elementwise';
import { checkLinear, linearCase, runLinear, type LinearResult } from './linear';
import { checkSoftmax, runSoftmax, softmaxCaseSchema, type SoftmaxResult } from './softmax';
import { checkUpdate, runUpdate, updateCase, type UpdateResult } from './update';
import { capMonteCarlo, firstNonFinite } from './limits';
import { formatIssues } from './schema';

/** Every case kind, in the order the help text lists them. */
export const CASE_KINDS = [
  'softmax',
  'relu',
  'layernorm',
  'product',
  'linear',
  'attention',
  'update',
] as const;

/** Any case: the kind's fields, checked for shape and dimensions. */
export const caseSchema = z
  .discriminatedUnion(
    'kind',
    [
      softmaxCaseSchema,
      reluCase,
      layernormCase,
      productCase,
      linearCase,
      attentionCase,
      updateCase,
    ],
    {
      errorMap: (issue) => ({
        message:
          issue.code === 'invalid_type'
            ? 'expected a JSON object with a "kind"'
            : `expected one of ${CASE_KINDS.join(', ')}`,
      }),
    },
  )
  .superRefine((c, ctx) => {
    if (c.kind === 'softmax') checkSoftmax(c, ctx);
    else if (c.kind === 'relu') checkRelu(c, ctx);
    else if (c.kind === 'layernorm') checkLayernorm(c, ctx);
    else if (c.kind === 'product') checkProduct(c, ctx);
    else if (c.kind === 'linear') checkLinear(c, ctx);
    else if (c.kind === 'attention') checkAttention(c, ctx);
    else checkUpdate(c, ctx);
  });

/** A validated case. */
export type MomentsCase = z.infer<typeof caseSchema>;

/** The result of a case, by kind. */
export type CaseResult =
  | SoftmaxResult
  | ReluResult
  | ElementResult<'layernorm'>
  | ElementResult<'product'>
  | LinearResult
  | AttentionResult
  | UpdateResult;

/** A parsed case, or the reason it is malformed (one `path: message` line per problem). */
export type ParsedCase = { ok: true; value: MomentsCase } | { ok: false; error: string };

/** Validate an already-parsed JSON value as a case. */
export function parseCase(json: unknown): ParsedCase {
  const parsed = caseSchema.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: formatIssues(parsed.error) };
}

/** Parse JSON text as a case (bad JSON is reported as such; a leading BOM is skipped). */
export function parseCaseText(text: string): ParsedCase {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    return { ok: false, error: 'empty file: expected a JSON object with a "kind"' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}` };
  }
  return parseCase(json);
}

/** Run a validated case: closed form from the app's ops, plus `mc` when requested. */
export function runCase(c: MomentsCase): CaseResult {
  switch (c.kind) {
    case 'softmax':
      return runSoftmax(c);
    case 'relu':
      return runRelu(c);
    case 'layernorm':
      return runLayernorm(c);
    case 'product':
      return runProduct(c);
    case 'linear':
      return runLinear(c);
    case 'attention':
      return runAttention(c);
    case 'update':
      return runUpdate(c);
  }
}

/** A finished case: its result and notes for the user, or why it has no finite answer. */
export type EvaluatedCase =
  { ok: true; value: CaseResult; notes: string[] } | { ok: false; error: string };

/**
 * Run a validated case as the command line does: the Monte Carlo count lowered to the case's
 * budget (said in a note, the request kept as mc.samples_requested), and a result with a
 * NaN or infinite number refused with the first such field named.
 */
export function evaluateCase(c: MomentsCase): EvaluatedCase {
  const capped = capMonteCarlo(c);
  const value = runCase(capped.value);
  const bad = firstNonFinite(value);
  if (bad) {
    return {
      ok: false,
      error:
        `${bad}: the result is not finite: the case overflows the app's float32 ops ` +
        '(max 3.4e38); scale its means, variances or weights down',
    };
  }
  if (capped.note && value.mc && c.monte_carlo)
    Object.assign(value.mc, { samples_requested: c.monte_carlo.samples });
  const notes = capped.note ? [capped.note] : [];
  if (value.kind === 'update') notes.push(...updateNotes(value));
  return { ok: true, value, notes };
}

/** Fewest effective samples for which importance-sampling numbers and SEs mean much. */
export const MIN_ESS = 30;

/** Warnings an update result needs: observations the guard dropped, a collapsed ESS. */
function updateNotes(r: UpdateResult): string[] {
  const notes: string[] = [];
  if (r.rejected > 0)
    notes.push(
      `the update's guard rejected ${r.rejected} (observation, neuron) pairs (rejected); ` +
        'they leave the posterior unchanged (e.g. R too small against the output variance ' +
        'for float32 to recover it)',
    );
  const ess = r.mc ? Math.min(...r.mc.ess) : Infinity;
  if (ess < MIN_ESS)
    notes.push(
      `importance sampling collapsed: effective sample size ${ess.toPrecision(3)} of ` +
        `${r.mc?.samples} (mc.ess); mc numbers and standard errors are not reliable`,
    );
  return notes;
}
