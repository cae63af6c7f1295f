/**
 * The comparison mode of `npm run experiment`: parse and check its flags, run every preset ×
 * seed with the learners side by side, print the summary table, write CSV and JSON.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setupNodeTf } from './nodeTf';
import { loadPretrained } from './loadWeights';
import { PRESETS } from '../world/shifts';
import { parseSpecs } from '../learners/registry';
import { linearLayerNames } from '../model/config';
import { runComparison, type ComparisonRow } from '../session/comparison';
import { summarize, textTable, toCsv } from './comparisonReport';

/** Flags of the comparison mode (strings as parsed). */
export interface ComparisonFlags {
  preset?: string;
  seed?: string;
  seeds?: string;
  learners?: string;
  budgets?: string;
  csv?: string;
  'json-out'?: string;
  'eval-episodes'?: string;
  backend?: string;
  sigma0?: string;
  R?: string;
  q?: string;
}

/** Everything a comparison run needs, checked. */
export interface ComparisonPlan {
  presets: string[];
  seeds: number[];
  learners: string[];
  budgets: number[];
  evalEpisodes: number;
  settings: Record<string, number>;
}

/** Check the flags; returns the plan or a message saying what is wrong. */
export function planFromFlags(
  v: ComparisonFlags,
  layers: readonly string[],
): { plan: ComparisonPlan } | { error: string } {
  const presetName = v.preset ?? 'all';
  const presets = presetName === 'all' ? PRESETS.map((p) => p.name) : presetName.split(',');
  const unknown = presets.filter((p) => !PRESETS.some((q) => q.name === p));
  if (unknown.length > 0) return { error: `unknown preset ${unknown.join(', ')}` };
  const nSeeds = Number(v.seeds ?? '5');
  const first = Number(v.seed ?? '1');
  if (!Number.isInteger(nSeeds) || nSeeds < 1 || nSeeds > 100 || !Number.isInteger(first)) {
    return { error: '--seeds must be an integer in [1, 100] and --seed an integer' };
  }
  const specs = (v.learners ?? 'kbt,sgd:M=100,sgd:M=1000,bll,frozen')
    .split(',')
    .map((s) => s.trim());
  const parsed = parseSpecs(specs, layers);
  if (!parsed.ok) return { error: `--learners: ${parsed.error}` };
  const budgets = (v.budgets ?? '200,1000,4000').split(',').map(Number);
  if (budgets.some((b, i) => !Number.isInteger(b) || b < 1 || (i > 0 && b <= budgets[i - 1]))) {
    return { error: '--budgets must be increasing positive integers, e.g. 200,1000,4000' };
  }
  const evalEpisodes = Number(v['eval-episodes'] ?? '20');
  if (!Number.isInteger(evalEpisodes) || evalEpisodes < 1)
    return { error: '--eval-episodes must be ≥ 1' };
  const settings: Record<string, number> = {};
  if (v.sigma0) settings.sigma0 = Number(v.sigma0);
  if (v.R) settings.obsNoise = Number(v.R);
  if (v.q) settings.processNoise = Number(v.q);
  return {
    plan: {
      presets,
      seeds: Array.from({ length: nSeeds }, (_, i) => first + i),
      learners: parsed.value.map((s) => s.id),
      budgets,
      evalEpisodes,
      settings,
    },
  };
}

/** Run a checked plan; `log` hears progress. Rows in preset, seed, learner order. */
export async function runPlan(
  plan: ComparisonPlan,
  log: (line: string) => void = () => {},
): Promise<ComparisonRow[]> {
  const model = loadPretrained();
  const rows: ComparisonRow[] = [];
  for (const preset of plan.presets) {
    for (const seed of plan.seeds) {
      const t0 = performance.now();
      const got = await runComparison(model, {
        preset,
        seed,
        learners: plan.learners,
        budgets: plan.budgets,
        evalEpisodes: plan.evalEpisodes,
        settings: plan.settings,
      });
      rows.push(...got);
      log(`${preset} seed ${seed}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  return rows;
}

/** The JSON the app's compare tab reads: the plan, per-seed rows and the summaries. */
export function comparisonJson(plan: ComparisonPlan, rows: ComparisonRow[], backend: string) {
  return { version: 1, backend, ...plan, rows, summary: summarize(rows) };
}

/** Write a file, creating its folder. */
export function writeOut(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** The comparison mode end to end; returns the process exit code. */
export async function runComparisonCli(v: ComparisonFlags, usage: string): Promise<number> {
  const backend = await setupNodeTf(v.backend ?? 'wasm');
  const layers = linearLayerNames(loadPretrained().cfg);
  const checked = planFromFlags(v, layers);
  if ('error' in checked) {
    console.error(`experiment: ${checked.error}\n${usage}`);
    return 2;
  }
  const { plan } = checked;
  const rows = await runPlan(plan, (line) => process.stderr.write(`  ${line}\n`));
  console.log(
    `${plan.seeds.length} seed(s), ${plan.evalEpisodes} evaluation episodes, budgets of new samples ${plan.budgets.join(', ')}, backend ${backend}; mean±sd over seeds`,
  );
  console.log(textTable(summarize(rows), plan.budgets));
  if (v.csv) writeOut(v.csv, toCsv(rows, plan.budgets));
  if (v['json-out']) writeOut(v['json-out'], JSON.stringify(comparisonJson(plan, rows, backend)));
  return 0;
}
