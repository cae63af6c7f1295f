import '../testing/tfCpu';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaseText, runCase } from '../lab/cases';
import { softmaxCase } from '../lab/softmaxCase';

/** Run the CLI with arguments through `npx tsx` (or tsx directly, faster); output and code. */
function cli(args: string[], viaNpx = false) {
  const [cmd, pre] = viaNpx ? ['npx', ['tsx']] : ['node_modules/.bin/tsx', []];
  const r = spawnSync(cmd, [...pre, 'src/cli/moments.ts', ...args], { encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

describe('npm run moments', () => {
  it('prints the same JSON as calling the function (cases/softmax.json)', () => {
    const r = cli(['--case', 'cases/softmax.json'], true);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out);
    const parsed = parseCaseText(readFileSync('cases/softmax.json', 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(printed).toEqual(JSON.parse(JSON.stringify(runCase(parsed.value))));

    // …and the lab's function on the same case gives the same numbers.
    const c = parsed.value as {
      mean: number[];
      cov: number[][];
      monte_carlo: { samples: number; seed: number };
    };
    const lab = softmaxCase({ mean: c.mean, cov: c.cov }, c.monte_carlo);
    expect(printed.taylor1).toEqual(lab.taylor1);
    expect(printed.taylor2).toEqual(lab.taylor2);
    expect(printed.mc).toEqual(lab.mc);
  }, 60_000);

  it('a malformed case exits 2 and names the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moments-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        kind: 'softmax',
        mean: [0, 1, 2],
        cov: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 1],
        ],
      }),
    );
    const r = cli(['--case', file]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('cov[2]: expected 3 numbers, got 2');

    writeFileSync(file, '{"kind": "softmax", ');
    const bad = cli(['--case', file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('invalid JSON');
  }, 60_000);

  it('--help lists the kinds and the example files', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('cases/attention.json');
    expect(r.out).toContain('update');
  }, 60_000);

  it('bad files and flags: exit 2 with one clear line, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moments-'));
    const cases: [string[], string][] = [
      [['--case', 'cases/relu.json', '--backend', 'bogus'], '--backend: expected cpu or wasm'],
      [['--case', dir], 'it is a directory'],
      [['--case', join(dir, 'none.json')], 'no such file'],
      [['--case', '/dev/zero'], 'not a regular file'], // used to read forever
      [[], 'give --case FILE.json'],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack frames
    }
  }, 60_000);

  it('a huge Monte Carlo count runs capped, with a note on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moments-'));
    const file = join(dir, 'mc.json');
    const monte_carlo = { samples: 1e9, seed: 1 };
    writeFileSync(file, JSON.stringify({ kind: 'relu', mean: [0], var: [1], monte_carlo }));
    const r = cli(['--case', file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('moments: note: monte_carlo.samples 1000000000 is above');
    const printed = JSON.parse(r.out);
    expect(printed.mc.samples).toBe(1_000_000);
    expect(printed.mc.samples_requested).toBe(1e9);
  }, 60_000);

  it('a reader that closes early (`| head`) ends the run quietly, no EPIPE trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moments-'));
    const file = join(dir, 'big.json');
    const n = 200; // ~1 MB of output, more than a pipe holds
    writeFileSync(
      file,
      JSON.stringify({ kind: 'softmax', mean: Array(n).fill(0), var: Array(n).fill(1) }),
    );
    const child = spawn('node_modules/.bin/tsx', ['src/cli/moments.ts', '--case', file]);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((done) => child.on('close', done));
    expect(err).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
