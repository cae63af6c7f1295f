/**
 * The bench's report: the machine it ran on, Markdown tables of the Node and browser
 * measurements, a summary computed from them, and the generated block of BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import type { BrowserBenchResult } from './browserBench';
import type { NodeBenchResult } from './nodeBench';
import type { Timing } from './stats';

/** The machine and moment of a run. */
export interface MachineInfo {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  chromium: string;
  /** `date -u` at the start. */
  date: string;
}

/** Output of a command, trimmed, or `fallback` if it fails. */
export function commandOutput(cmd: string, args: string[], fallback = '?'): string {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return fallback;
  }
}

/** `uptime`'s line (the load averages over 1, 5 and 15 minutes are at its end). */
export function uptimeLine(): string {
  return commandOutput(
    'uptime',
    [],
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(', '),
  );
}

/** What this machine is (Chromium's version from `chromiumPath --version`). */
export function machineInfo(chromiumPath: string): MachineInfo {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? '?';
  return {
    cores: Number(commandOutput('nproc', [], String(os.cpus().length))),
    cpu: model.trim(),
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    chromium: commandOutput(chromiumPath, ['--version'], 'not found'),
    date: commandOutput('date', ['-u'], new Date().toUTCString()),
  };
}

/** Everything one bench run produced. */
export interface BenchReport {
  machine: MachineInfo;
  command: string;
  mode: 'full' | 'quick';
  uptimeBefore: string;
  uptimeAfter: string;
  node: NodeBenchResult[];
  browser: BrowserBenchResult | null;
  /** Why the browser half is missing, if it is. */
  browserSkipped?: string;
  totalSeconds: number;
}

/** A number with three significant digits (no exponent below 10⁵), or '—'. */
export function sig(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(3)));
}

/** "median / p90" of a timing, or '—' for an empty one. */
function mp(t: Timing): string {
  return t.n > 0 ? `${sig(t.median)} / ${sig(t.p90)}` : '—';
}

/** A Markdown table from a header row and body rows, columns padded as Prettier does. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The load averages at the end of an `uptime` line. */
function loadOf(uptime: string): string {
  return /load averages?:\s*(.+)$/.exec(uptime)?.[1] ?? uptime;
}

/** Node tables: updates, predictions, session ticks, tensors. */
function nodeTables(node: NodeBenchResult[]): string {
  const names = node.map((r) => r.backend);
  const reps = node[0].cases[0].observe.n;
  const cases = node[0].cases.map((c, i) => ({ c, per: node.map((r) => r.cases[i]) }));
  const out: string[] = [];

  out.push(
    `### Node: one KBT update (\`KbtLearner.observe\`), ms, median / p90 of up to ${reps} runs`,
    '',
    table(
      ['Bayesian layers', 'covariance', 'posterior bytes', ...names, 'n'],
      cases.map(({ c, per }) => [
        c.label,
        c.covariance,
        c.bytes ? c.bytes.toLocaleString('en-US') : '—',
        ...per.map((p) => mp(p.observe)),
        per.map((p) => p.observe.n).join(' / '),
      ]),
    ),
    '',
    '### Node: predictions, ms, median / p90',
    '',
    '`KbtLearner.predict` (mean and variance: the agent uses it on 1 window) and ' +
      '`KbtLearner.act` (mean only: an evaluation step calls it on 10 windows per learner).',
    '',
    table(
      [
        'Bayesian layers',
        'covariance',
        ...names.map((n) => `${n}, 1 window`),
        ...names.map((n) => `${n}, 10 windows`),
        ...names.map((n) => `${n}, act, 10 windows`),
      ],
      cases.map(({ c, per }) => [
        c.label,
        c.covariance,
        ...per.map((p) => mp(p.predict1)),
        ...per.map((p) => mp(p.predict10)),
        ...per.map((p) => mp(p.act10)),
      ]),
    ),
    '',
    '### Node: one session tick (`Session.step`, default options), ms, median / p90',
    '',
    'A tick is one agent prediction and one KBT update; while an evaluation runs it also ' +
      'advances the evaluation by 4 world steps (2 learners × 10 windows each).',
    '',
    table(
      ['backend', 'all ticks', 'evaluation running', 'no evaluation', 'n (running / not)'],
      node.map((r) => [
        r.backend,
        mp(r.tick.all),
        mp(r.tick.evaluating),
        mp(r.tick.idle),
        `${r.tick.evaluating.n} / ${r.tick.idle.n}`,
      ]),
    ),
    '',
    '### Node: live tensors (`tf.memory().numTensors`)',
    '',
    table(
      ['backend', 'before', 'after', 'flat', 'run time, s'],
      node.map((r) => [
        r.backend === r.requested ? r.backend : `${r.backend} (asked ${r.requested})`,
        String(r.tensorsBefore),
        String(r.tensorsAfter),
        r.tensorsBefore === r.tensorsAfter ? 'yes' : '**no**',
        sig(r.seconds),
      ]),
    ),
  );
  return out.join('\n');
}

/** Browser tables: the auto choice, then each backend running. */
function browserTables(b: BrowserBenchResult): string {
  const rows = b.live.map((l) => [
    l.backend === l.requested ? l.backend : `${l.backend} (asked ${l.requested})`,
    `float${l.precision}`,
    sig(b.auto.measured[l.requested] ?? Number.NaN),
    sig(l.updateMs),
    mp(l.updatesPerSec),
    `${sig(l.ticksPerSec)} / ${sig(l.ticksPerSecLate)}`,
    l.evaluationsDone ? 'yes' : 'no',
    sig(l.startupSeconds),
  ]);
  return [
    `### Browser (${b.chromium}, WebGL 2 ${b.webgl2 ? 'available' : 'not available'})`,
    '',
    `Auto choice: **${b.auto.chosen}** (float${b.auto.precision}), ready ` +
      `${sig(b.auto.startupSeconds)} s after navigation.`,
    '',
    table(
      [
        'backend',
        'precision',
        'auto: worker-measured ms',
        'running: ms / update',
        'running: upd/s shown (median / p90)',
        'ticks/s counted (all / 2nd half)',
        'first evaluation done',
        'start-up, s',
      ],
      rows,
    ),
    '',
    '"auto: worker-measured ms" is what the badge tooltip shows (`snapshot.backend.measured`): ' +
      'the mean of 3 session ticks without the agent after 1 warm-up tick, timed by the worker ' +
      'right after loading; those ticks include the start-up evaluation. "running" numbers ' +
      `come from the badge while the page ran at full speed ("max") for ` +
      `${sig(b.live[0]?.seconds ?? Number.NaN)} s; ms / update is the mean ` +
      '`KbtLearner.observe` time of the run, ticks/s is counted from the tick counter.',
    '',
    b.problems.length === 0
      ? 'No console errors, page errors or failed requests.'
      : `Problems on the page:\n\n${b.problems.map((p) => `- ${p}`).join('\n')}`,
  ].join('\n');
}

/** Facts read off the tables (fastest backends, ratios), in plain sentences. */
function summary(r: BenchReport): string {
  const lines: string[] = [];
  const head = r.node.map((n) => ({ name: n.backend, ms: n.cases[0].observe.median }));
  if (head.length > 1) {
    const [fast, slow] = [...head].sort((a, b) => a.ms - b.ms);
    lines.push(
      `Node, default head-only update: ${fast.name} ${sig(fast.ms)} ms vs ${slow.name} ` +
        `${sig(slow.ms)} ms (${sig(slow.ms / fast.ms)}× slower).`,
    );
  }
  if (r.browser) {
    const live = [...r.browser.live].sort((a, b) => a.updateMs - b.updateMs);
    lines.push(
      `Browser: auto chose ${r.browser.auto.chosen}; running, the fastest update was ` +
        live.map((l) => `${l.backend} ${sig(l.updateMs)} ms`).join(', ') +
        '.',
    );
  }
  lines.push(
    `Load average (1, 5, 15 min) before: ${loadOf(r.uptimeBefore)}; after: ` +
      `${loadOf(r.uptimeAfter)} on ${r.machine.cores} cores.`,
  );
  return lines.map((l) => `- ${l}`).join('\n');
}

/** The whole generated report as Markdown. */
export function renderReport(r: BenchReport): string {
  const m = r.machine;
  return [
    `## Run of ${m.date.replace(/\s+/g, ' ')} (${r.mode})`,
    '',
    `- Command: \`${r.command}\`, ${sig(r.totalSeconds)} s in all`,
    `- Machine: ${m.cores} cores (\`nproc\`), ${m.cpu}, ${m.memoryGiB.toFixed(1)} GiB memory`,
    `- Node ${m.node}; ${m.chromium}; tfjs 4.22.0`,
    `- \`uptime\` before: \`${r.uptimeBefore}\``,
    `- \`uptime\` after: \`${r.uptimeAfter}\``,
    '',
    '### Summary',
    '',
    summary(r),
    '',
    nodeTables(r.node),
    '',
    r.browser ? browserTables(r.browser) : `### Browser\n\nSkipped: ${r.browserSkipped}.`,
  ].join('\n');
}

/** Markers around the generated part of BENCHMARKS.md; the rest is kept as written. */
export const BEGIN = '<!-- bench:begin (generated by npm run bench; edits inside are lost) -->';
export const END = '<!-- bench:end -->';

const INTRO = `# Benchmarks

Timings of KBT Lab, measured by \`npm run bench\` (src/cli/bench.ts); never asserted in unit
tests. \`npm run bench -- --quick\` takes fewer repetitions, \`--no-browser\` skips Chromium,
\`--no-write\` only prints. The block below is regenerated on every run; the notes after it
are written by hand and say which run they read.
`;

/** Put `generated` between the markers of `path`, creating the file if needed. */
export function writeBenchmarks(path: string, generated: string): void {
  const block = `${BEGIN}\n\n${generated}\n\n${END}`;
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const from = old.indexOf(BEGIN);
  const to = old.indexOf(END);
  const next =
    from >= 0 && to > from
      ? old.slice(0, from) + block + old.slice(to + END.length)
      : `${(old.trim() ? old : INTRO).trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
