/**
 * The browser half of `npm run bench`: build the app into its own folder, serve it with a
 * private `vite preview`, and drive Debian Chromium (SwiftShader WebGL) through the page. It
 * reads what the app itself shows: the backend badge, its "measured" tooltip and the tick
 * counter.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { chromium, type Browser, type Page } from '@playwright/test';
import { summarize, type Timing } from './stats';

/** Port of the bench's own preview server (the e2e specs use 4173). */
export const BENCH_PORT = 4190;

/** Build output of the bench, kept apart from `dist/` so a concurrent e2e run is not disturbed. */
export const BENCH_DIST = 'tmp/bench-dist';

/** Chromium's launch arguments: software WebGL 2 through SwiftShader, no background traffic. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** How long the worker may take to load the weights and measure every backend, ms. */
const STARTUP_MS = 300_000;

/** The backends the page can be asked for with `?backend=`. */
export const PAGE_BACKENDS = ['webgl', 'wasm', 'cpu'] as const;

/** What the page's 'auto' start measured. */
export interface AutoResult {
  /** Backend the worker chose. */
  chosen: string;
  /** Float precision shown on the badge, bits. */
  precision: number;
  /** The worker's own measurement per backend, ms (from the badge tooltip, 3 digits). */
  measured: Record<string, number>;
  /** From navigation to the first badge naming a backend, s. */
  startupSeconds: number;
}

/** A run of the page on one backend. */
export interface LiveResult {
  /** Backend asked for with `?backend=` and the one the badge names. */
  requested: string;
  backend: string;
  precision: number;
  /** From navigation to the badge naming a backend, s. */
  startupSeconds: number;
  /** Updates per second the badge showed, sampled every 2 s while running. */
  updatesPerSec: Timing;
  /** Ticks per second from the tick counter over the whole run, and over its second half. */
  ticksPerSec: number;
  ticksPerSecLate: number;
  /** Evaluations completed during the run (the success chart gained points). */
  evaluationsDone: boolean;
  /** The badge's ms per update (mean over the run) at its end. */
  updateMs: number;
  /** Seconds the run lasted. */
  seconds: number;
}

/** Everything the browser half measured. */
export interface BrowserBenchResult {
  chromium: string;
  webgl2: boolean;
  auto: AutoResult;
  live: LiveResult[];
  /** Console errors, page errors and failed requests seen on the page. */
  problems: string[];
}

/** Options of the browser half. */
export interface BrowserBenchOptions {
  /** Seconds to run on each backend at full speed. */
  runSeconds: number;
  log: (line: string) => void;
}

/** Build the app into BENCH_DIST; throws with vite's output if the build fails. */
function build(): void {
  const res = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', BENCH_DIST, '--emptyOutDir', '--logLevel', 'warn'],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`vite build failed:\n${res.stdout}\n${res.stderr}`);
}

/**
 * Whether `url` answers 200. Through node:http, since Node's fetch refuses port 4190 (it is on
 * the Fetch standard's list of bad ports; Chromium loads it).
 */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

/**
 * Start `vite preview` on BENCH_PORT in its own process group. `--bypass-lock`: the bench
 * serves its own folder on its own port, and must neither be refused by nor block another
 * engineer's preview of this checkout.
 */
async function startPreview(): Promise<ChildProcess> {
  const args = ['vite', 'preview', '--port', String(BENCH_PORT), '--strictPort'];
  args.push('--outDir', BENCH_DIST, '--bypass-lock');
  const child = spawn('npx', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${BENCH_PORT}/`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited:\n${output}`);
    if (await answers(url)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  stopPreview(child);
  throw new Error(`vite preview did not answer on ${url}:\n${output}`);
}

/** Stop the preview server started by startPreview (its whole process group). */
function stopPreview(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** Parse the badge text "wasm · float32 · 12 upd/s · 3.4 ms/upd". */
function parseBadge(text: string) {
  const m =
    /(webgl|wasm|cpu)\s*·\s*float(\d+)\s*·\s*([\d.]+)\s*upd\/s\s*·\s*([\d.e-]+)\s*ms\/upd/.exec(
      text,
    );
  if (!m) return null;
  return { backend: m[1], precision: Number(m[2]), updatesPerSec: Number(m[3]), ms: Number(m[4]) };
}

/** Parse the badge tooltip "Measured one update on each backend: webgl 12 ms, wasm 3 ms". */
function parseMeasured(title: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of title.matchAll(/(webgl|wasm|cpu) ([\d.e+-]+) ms/g)) out[m[1]] = Number(m[2]);
  return out;
}

/** Open `path` and wait until the badge names a backend; the badge and the seconds it took. */
async function openLab(page: Page, path: string) {
  const t0 = performance.now();
  await page.goto(`http://127.0.0.1:${BENCH_PORT}${path}`);
  const badge = page.getByTestId('backend-badge');
  await badge.locator('strong').waitFor({ timeout: STARTUP_MS });
  await page.getByTestId('run-toggle').and(page.locator(':enabled')).waitFor();
  const text = await badge.innerText();
  const parsed = parseBadge(text);
  if (!parsed) throw new Error(`unexpected backend badge "${text}"`);
  return { badge, parsed, startupSeconds: (performance.now() - t0) / 1000 };
}

/** The tick counter's value. */
async function tickOf(page: Page): Promise<number> {
  const text = (await page.getByTestId('counter-tick').locator('dd').textContent()) ?? '';
  return Number(text.replace(/[^0-9]/g, ''));
}

/** The number of points a chart draws (its `data-points`). */
async function pointsOf(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute('data-points')) ?? Number.NaN);
}

/** Wait until the run toggle offers `label` (the worker confirmed play or pause). */
async function toggleSays(page: Page, label: RegExp): Promise<void> {
  const toggle = page.getByTestId('run-toggle');
  for (let i = 0; i < 600; i++) {
    if (label.test((await toggle.innerText()) ?? '')) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`run toggle never said ${label}`);
}

/** Run the page on `backend` at full speed for `seconds` and read what it shows. */
async function liveRun(page: Page, backend: string, seconds: number): Promise<LiveResult> {
  const { badge, parsed, startupSeconds } = await openLab(page, `/?backend=${backend}`);

  // Full speed: the slider's last stop ("max") lets the worker run as fast as it can.
  const speed = page.getByTestId('speed');
  await speed.focus();
  await page.keyboard.press('End');
  if ((await speed.getAttribute('aria-valuetext')) !== 'max') {
    throw new Error('the speed slider did not reach "max"');
  }

  await page.getByTestId('run-toggle').click();
  await toggleSays(page, /Pause$/);
  const points0 = await pointsOf(page, 'chart-success');
  const tick0 = await tickOf(page);
  const t0 = performance.now();
  const rates: number[] = [];
  let half: { tick: number; at: number } | null = null;
  while (performance.now() - t0 < seconds * 1000) {
    await page.waitForTimeout(2000);
    const now = parseBadge(await badge.innerText());
    // The first sample's one-second window may still hold the start.
    if (now && performance.now() - t0 > 3000) rates.push(now.updatesPerSec);
    if (!half && performance.now() - t0 >= (seconds * 1000) / 2) {
      half = { tick: await tickOf(page), at: performance.now() };
    }
  }
  const tick1 = await tickOf(page);
  const t1 = performance.now();
  const elapsed = (t1 - t0) / 1000;
  const evaluationsDone = (await pointsOf(page, 'chart-success')) > points0;
  const end = parseBadge(await badge.innerText());
  await page.getByTestId('run-toggle').click();
  await toggleSays(page, /Play$/);
  return {
    requested: backend,
    backend: end?.backend ?? parsed.backend,
    precision: end?.precision ?? parsed.precision,
    startupSeconds,
    updatesPerSec: summarize(rates),
    ticksPerSec: (tick1 - tick0) / elapsed,
    ticksPerSecLate: half ? ((tick1 - half.tick) * 1000) / (t1 - half.at) : Number.NaN,
    evaluationsDone,
    updateMs: end?.ms ?? Number.NaN,
    seconds: elapsed,
  };
}

/** Record every console error, page error and failed request of `page` into `problems`. */
function watch(page: Page, problems: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
}

/** Build, serve, and measure the app in Chromium; the server and browser are always stopped. */
export async function runBrowserBench(opts: BrowserBenchOptions): Promise<BrowserBenchResult> {
  opts.log('browser: vite build');
  build();
  opts.log(`browser: vite preview on port ${BENCH_PORT}`);
  const server = await startPreview();
  const onExit = () => stopPreview(server);
  process.once('exit', onExit);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const problems: string[] = [];

    // 'auto': the worker times each backend and keeps the fastest.
    opts.log('browser: auto backend choice');
    let page = await browser.newPage();
    watch(page, problems);
    const opened = await openLab(page, '/');
    const title = (await opened.badge.getAttribute('title')) ?? '';
    const webgl2 = await page.evaluate(
      () => document.createElement('canvas').getContext('webgl2') !== null,
    );
    const auto: AutoResult = {
      chosen: opened.parsed.backend,
      precision: opened.parsed.precision,
      measured: parseMeasured(title),
      startupSeconds: opened.startupSeconds,
    };
    await page.close();

    // Each backend on its own page, running at full speed.
    const live: LiveResult[] = [];
    for (const name of PAGE_BACKENDS) {
      opts.log(`browser: ${name}, ${opts.runSeconds} s at full speed`);
      page = await browser.newPage();
      watch(page, problems);
      live.push(await liveRun(page, name, opts.runSeconds));
      await page.close();
    }
    return { chromium: browser.version(), webgl2, auto, live, problems };
  } finally {
    await browser?.close();
    stopPreview(server);
    process.off('exit', onExit);
  }
}
