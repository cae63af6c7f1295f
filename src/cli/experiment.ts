/**
 * `npm run experiment -- --preset NAME --seed S --episodes N [--json]`: the session loop
 * headless. Prints success before the shift, just after it and after N demonstration
 * episodes, per learner, and the mean time per update; with --json one object instead.
 *
 * Comparison mode (any of --learners, --seeds, --budgets, --csv, or --preset all):
 * `--learners kbt,sgd:M=100,bll,frozen --seeds 5 [--preset P|all] [--budgets 200,1000,4000]
 * [--csv FILE] [--json-out FILE]` runs every learner side by side per preset and seed and
 * prints success at each budget of new samples, NLL, 90% coverage, ms/update and bytes.
 */
import { parseArgs } from 'node:util';
import { setupNodeTf } from './nodeTf';
import { loadPretrained } from './loadWeights';
import { runScenario } from '../session/scenario';
import { PRESETS } from '../world/shifts';
import { runComparisonCli } from './comparisonCli';

const usage =
  'usage: npm run experiment -- --preset NAME --seed S --episodes N [--eval-episodes E] [--json] [--backend wasm|cpu]\n' +
  '       npm run experiment -- --learners kbt,sgd:M=100,bll,frozen --seeds 5 [--preset P|all] [--budgets 200,1000,4000] [--csv FILE] [--json-out FILE]\n' +
  `presets: ${PRESETS.map((p) => p.name).join(', ')}`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'tilted-sensor' },
      seed: { type: 'string', default: '1' },
      episodes: { type: 'string', default: '5' },
      'eval-episodes': { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
      backend: { type: 'string', default: 'wasm' },
      sigma0: { type: 'string' },
      R: { type: 'string' },
      q: { type: 'string' },
      layers: { type: 'string' },
      covariance: { type: 'string' },
      learners: { type: 'string' },
      seeds: { type: 'string' },
      budgets: { type: 'string' },
      csv: { type: 'string' },
      'json-out': { type: 'string' },
    },
  }));
} catch (e) {
  console.error(`experiment: ${(e as Error).message}\n${usage}`);
  process.exit(2);
}

const comparison =
  values.learners !== undefined ||
  values.seeds !== undefined ||
  values.budgets !== undefined ||
  values.csv !== undefined ||
  values['json-out'] !== undefined ||
  values.preset === 'all';
if (comparison) {
  const code = await runComparisonCli(values, usage);
  process.exit(code);
}

const seed = Number(values.seed);
const episodes = Number(values.episodes);
const evalEpisodes = Number(values['eval-episodes']);
if (!PRESETS.some((p) => p.name === values.preset)) {
  console.error(`experiment: unknown preset "${values.preset}"\n${usage}`);
  process.exit(2);
}
if (
  !Number.isInteger(seed) ||
  !Number.isInteger(episodes) ||
  episodes < 0 ||
  !(evalEpisodes >= 1)
) {
  console.error(`experiment: --seed and --episodes must be integers (episodes ≥ 0)\n${usage}`);
  process.exit(2);
}
const settings: Record<string, unknown> = {};
if (values.sigma0) settings.sigma0 = Number(values.sigma0);
if (values.R) settings.obsNoise = Number(values.R);
if (values.q) settings.processNoise = Number(values.q);
if (values.layers) settings.layers = values.layers.split(',');
if (values.covariance) settings.covariance = values.covariance;

const backend = await setupNodeTf(values.backend);
const model = loadPretrained();
const result = await runScenario(model, {
  preset: values.preset!,
  seed,
  episodes,
  evalEpisodes,
  settings,
  onEpisode: (e) => {
    if (!values.json) process.stderr.write(`  demonstration episode ${e}/${episodes}\r`);
  },
});

if (values.json) {
  console.log(JSON.stringify(result));
} else {
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`.padStart(8);
  console.log(
    `\npreset ${result.preset}, seed ${seed}, ${episodes} demonstration episodes (${episodes * 200} samples), ${evalEpisodes} evaluation episodes, backend ${backend}`,
  );
  console.log('learner     before  after-shift  adapted  ms/update');
  for (const l of result.learners) {
    console.log(
      `${l.learner.padEnd(10)}${pct(l.success.before)}${pct(l.success.after_shift).padStart(13)}${pct(l.success.adapted).padStart(9)}${l.update_ms.toFixed(2).padStart(11)}`,
    );
  }
}
