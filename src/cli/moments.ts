/**
 * `npm run moments -- --case FILE.json [--backend cpu|wasm]`: read one moments case, print
 * the app's closed-form numbers (and a seeded Monte Carlo block if the case asks) as JSON.
 * A malformed case prints `field.path: problem` lines on stderr and exits 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compactJson } from './jsonLines';
import { setupNodeTf } from './nodeTf';
import { CASE_KINDS, parseCaseText, runCase } from '../lab/cases';

const usage = `usage: npm run moments -- --case FILE.json [--backend cpu|wasm]

Reads one case (a JSON object with "kind") and prints its moments as JSON on stdout.
Kinds: ${CASE_KINDS.join(', ')}. Any case may add "monte_carlo": {"samples": N, "seed": S}
for an "mc" block of the same shape with standard errors (*_se).
Examples, one per kind: cases/${CASE_KINDS.join('.json, cases/')}.json
The default backend is cpu, so the numbers equal the unit tests' (Node, cpu backend).`;

/** Print a message and the usage on stderr, then exit 2. */
function fail(message: string): never {
  console.error(`moments: ${message}`);
  process.exit(2);
}

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

let text: string;
try {
  text = readFileSync(values.case, 'utf8');
} catch (e) {
  fail(`cannot read ${values.case}: ${(e as Error).message}`);
}
const parsed = parseCaseText(text);
if (!parsed.ok) fail(`${values.case}: malformed case\n${parsed.error}`);

await setupNodeTf(values.backend);
console.log(compactJson(runCase(parsed.value)));
