/**
 * `npm run bench [-- --quick] [-- --no-browser] [-- --no-write]`: time KBT updates,
 * predictions and session ticks in Node on wasm and cpu (one child process per backend, so
 * no tensor crosses backends), then the built app in Chromium on webgl, wasm and cpu; print
 * Markdown tables and update BENCHMARKS.md with the machine, date and load.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { runBrowserBench, type BrowserBenchResult } from '../bench/browserBench';
import { runNodeBench, type NodeBenchOptions, type NodeBenchResult } from '../bench/nodeBench';
import {
  machineInfo,
  renderReport,
  uptimeLine,
  writeBenchmarks,
  type BenchReport,
} from '../bench/report';
import { loadPretrained } from './loadWeights';
import { setupNodeTf } from './nodeTf';

const usage = 'usage: npm run bench [-- --quick] [--no-browser] [--no-write]';

/** Node backends timed, each in its own process. */
const NODE_BACKENDS = ['wasm', 'cpu'];

/**
 * Repetitions: full runs aim at 50 timed calls per series, quick ones at 12; a series on a
 * slow backend stops after its time budget once it has `minReps` calls.
 */
const REPS: Record<'full' | 'quick', NodeBenchOptions> = {
  full: { warmup: 10, reps: 50, minReps: 15, budgetMs: 30_000, ticks: 200 },
  quick: { warmup: 2, reps: 12, minReps: 5, budgetMs: 8_000, ticks: 60 },
};

/** Seconds the page runs on each browser backend. */
const RUN_SECONDS = { full: 20, quick: 8 };

/** Prefix of the line on which a child process returns its result. */
const RESULT_PREFIX = 'BENCH_RESULT ';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The command line, parsed; exits with the usage on a bad option. */
function parseOptions() {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        'no-browser': { type: 'boolean', default: false },
        'no-write': { type: 'boolean', default: false },
        'node-child': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
}

const values = parseOptions();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const mode = values.quick ? 'quick' : 'full';

/** Child mode: one backend's Node measurements, returned as one JSON line on stdout. */
async function child(requested: string): Promise<void> {
  await setupNodeTf(requested);
  const model = loadPretrained();
  const result = await runNodeBench(requested, model, REPS[mode], log);
  tf.dispose(Object.values(model.params));
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Run this script as a child for one Node backend and parse what it returns. */
function runChild(backend: string): Promise<NodeBenchResult> {
  const args = [...process.execArgv, process.argv[1], '--node-child', backend];
  if (values.quick) args.push('--quick');
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) reject(new Error(`${backend} run failed (exit ${code})`));
      else resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as NodeBenchResult);
    });
  });
}

/** The whole bench: Node backends, then the browser, then the report. */
async function main(): Promise<void> {
  const t0 = performance.now();
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const uptimeBefore = uptimeLine();
  log(`uptime before: ${uptimeBefore}`);
  const machine = machineInfo(chromiumPath);

  const node: NodeBenchResult[] = [];
  for (const backend of NODE_BACKENDS) {
    log(`node: ${backend} (child process)`);
    node.push(await runChild(backend));
  }

  let browser: BrowserBenchResult | null = null;
  let browserSkipped: string | undefined;
  if (values['no-browser']) browserSkipped = '--no-browser';
  else {
    try {
      browser = await runBrowserBench({ runSeconds: RUN_SECONDS[mode], log });
    } catch (e) {
      browserSkipped = `failed: ${(e as Error).message.split('\n')[0]}`;
      log(`browser ${browserSkipped}`);
    }
  }

  const uptimeAfter = uptimeLine();
  log(`uptime after: ${uptimeAfter}`);
  const argv = process.argv.slice(2);
  const report: BenchReport = {
    machine,
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    mode,
    uptimeBefore,
    uptimeAfter,
    node,
    browser,
    browserSkipped,
    totalSeconds: (performance.now() - t0) / 1000,
  };
  const markdown = renderReport(report);
  console.log(markdown);
  if (!values['no-write']) {
    writeBenchmarks('BENCHMARKS.md', markdown);
    log('wrote BENCHMARKS.md');
  }

  // A leak or a silent backend fallback makes the numbers mean something else: fail.
  const bad = node.filter((r) => r.tensorsAfter !== r.tensorsBefore || r.backend !== r.requested);
  const wrongPage = browser?.live.filter((l) => l.backend !== l.requested) ?? [];
  if (bad.length > 0 || wrongPage.length > 0) {
    log('leaked tensors or a backend fell back: see the tables');
    process.exitCode = 1;
  }
}

// Ctrl-C still stops the preview server (an exit handler in the browser half).
process.on('SIGINT', () => process.exit(130));

if (values['node-child']) await child(values['node-child']);
else await main();
