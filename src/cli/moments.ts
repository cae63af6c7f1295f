/**
 * `npm run moments -- --case FILE.json [--backend cpu|wasm]`: read one moments case, print
 * the app's closed-form numbers (and a seeded Monte Carlo block if the case asks) as JSON.
 * A malformed case prints `field.path: problem` lines on stderr and exits 2.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compactJson } from './jsonLines';
import { CASE_KINDS, evaluateCase, parseCaseText, type EvaluatedCase } from '../lab/cases';
import { MAX_SAMPLES } from '../lab/cases/limits';

/** Backends a run may ask for. */
const BACKENDS = ['cpu', 'wasm'];

/** Largest case file read (the biggest valid case is far smaller). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

const usage = `usage: npm run moments -- --case FILE.json [--backend cpu|wasm]

Reads one case (a JSON object with "kind") and prints its moments as JSON on stdout.
Every closed-form number comes from the app's own ops (src/moments, src/kbt).

  kind        fields                                         → output
  softmax     mean (n); var (n) or cov (n×n)                 → taylor1, taylor2 {mean, cov}
  relu        mean, var (n)                                  → mean, var, cov_in_out
  layernorm   mean, var, gamma, beta (n), eps                → mean, var
  product     mean1, var1, mean2, var2 (n), independent      → mean, var
  linear      input {mean, var} (n_in), weight_mean          → mean, var (n_out)
              (n_out × (n_in+1), bias last), weight_cov (n_out × (n_in+1) × (n_in+1))
  attention   input {mean, var} (T×D); wq, wk, wv each       → scores, weights {mean, var}
              {weight_mean, weight_cov} (d_h outputs);         (T×T, null where masked;
              order 1|2; scores "diagonal"|"row"               row mode adds scores.cov),
                                                               output {mean, var} (T×d_h)
  update      weight_mean, weight_cov (as linear), R,        → posterior weight_mean,
              observations [{input {mean, var}, y (n_out)}]    weight_cov, rejected

Any case may add "monte_carlo": {"samples": N, "seed": S} for an "mc" block of the same
shape with standard errors (*_se); for update it is importance sampling from the prior
(with its effective sample size, ess). A covariance needing a diagonal jitter to be
sampled reports it as mc.jitter. Samples are capped at ${MAX_SAMPLES} and at a work budget
per case (larger cases get fewer); a lowered count is said on stderr, and mc.samples is the
count used (mc.samples_requested the one asked for).
Numbers must fit float32 (|x| ≤ 3.4e38), as the app's ops run in float32; a result that
still overflows is refused (exit 2) with the first non-finite field named.
Examples, one per kind: ${CASE_KINDS.map((k) => `cases/${k}.json`).join(', ')}
A malformed case prints "field.path: problem" lines on stderr and exits 2.
The default backend is cpu, so the numbers equal the unit tests' (Node, cpu backend).`;

/** Print a message on stderr, then exit 2. */
function fail(message: string): never {
  console.error(`moments: ${message}`);
  process.exit(2);
}

/** The text of a case file: a regular file (or a pipe such as /dev/stdin) of sane size. */
function readCase(path: string): string {
  try {
    const st = statSync(path);
    if (st.isDirectory()) fail(`cannot read ${path}: it is a directory, not a JSON file`);
    if (!st.isFile() && !st.isFIFO()) fail(`cannot read ${path}: not a regular file`);
    if (st.size > MAX_FILE_BYTES)
      fail(`cannot read ${path}: ${st.size} bytes, more than ${MAX_FILE_BYTES} for one case`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    fail(`cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
}

// `moments … | head` closes the pipe early: stop quietly instead of an EPIPE stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  console.error(`moments: cannot write the result: ${e.message}`);
  process.exit(1);
});

let values;
try {
  ({ values } = parseArgs({
    options: {
      case: { type: 'string' },
      backend: { type: 'string', default: 'cpu' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  fail(`${(e as Error).message}\n${usage}`);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.case) fail(`give --case FILE.json\n${usage}`);

const backend = values.backend ?? 'cpu';
if (!BACKENDS.includes(backend))
  fail(`--backend: expected ${BACKENDS.join(' or ')}, got "${backend}"`);

const text = readCase(values.case);
const parsed = parseCaseText(text);
if (!parsed.ok) fail(`${values.case}: malformed case\n${parsed.error}`);

// tfjs (slow to load) only once the case is known to be good.
const { setupNodeTf } = await import('./nodeTf');
await setupNodeTf(backend);
let evaluated: EvaluatedCase;
try {
  evaluated = evaluateCase(parsed.value);
} catch (e) {
  // A bug, not the user's input: say so in one line rather than with a stack trace.
  console.error(`moments: internal error on ${values.case}: ${(e as Error).message}`);
  process.exit(1);
}
if (!evaluated.ok) fail(`${values.case}: no finite answer\n${evaluated.error}`);
for (const note of evaluated.notes) console.error(`moments: note: ${note}`);
const result = evaluated.value;
const jitter = result.mc && 'jitter' in result.mc ? result.mc.jitter : undefined;
if (jitter)
  console.error(
    `moments: note: a singular covariance was sampled with ${jitter} added to its diagonal (mc.jitter)`,
  );
console.log(compactJson(result));
