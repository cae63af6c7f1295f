import { describe, expect, it } from 'vitest';
import type { ComparisonRow } from '../session/comparison';
import { markdownTable, summarize, textTable, toCsv } from './comparisonReport';
import { planFromFlags } from './comparisonCli';

const row = (learner: string, seed: number, s: number, nll: number | null): ComparisonRow => ({
  preset: 'weak-motor',
  seed,
  learner,
  bayesian: nll !== null,
  before: 1,
  afterShift: 0,
  success: [s, s + 0.1],
  nll,
  cover90: nll === null ? null : 0.9,
  rmse: 0.1,
  updateMs: 2,
  bytes: 4096,
});

describe('comparison report', () => {
  const rows = [row('kbt', 1, 0.5, -1), row('kbt', 2, 0.7, -2), row('frozen', 1, 0, null)];

  it('aggregates mean and sample sd over seeds per preset and learner', () => {
    const s = summarize(rows);
    expect(s.map((x) => x.learner)).toEqual(['kbt', 'frozen']);
    expect(s[0].success[0].mean).toBeCloseTo(0.6, 12);
    expect(s[0].success[0].sd).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(s[0].nll!.mean).toBeCloseTo(-1.5, 12);
    expect(s[1].nll).toBeNull();
    expect(s[1].success[0].sd).toBe(0);
  });

  it('CSV has a line per seed plus mean and sd lines; point learners leave NLL empty', () => {
    const lines = toCsv(rows, [200, 1000]).trim().split('\n');
    expect(lines[0]).toBe(
      'preset,learner,seed,bayesian,before,after_shift,success_at_200,success_at_1000,nll,cover90,rmse,update_ms,bytes',
    );
    expect(lines).toHaveLength(1 + 3 + 2 * 2);
    expect(lines[3]).toBe('weak-motor,frozen,1,false,1,0,0,0.1,,,0.1,2,4096');
    expect(lines[4].startsWith('weak-motor,kbt,mean,true,1,0,0.6,0.7,-1.5,0.9')).toBe(true);
  });

  it('tables show "no uncertainty" for point learners', () => {
    expect(textTable(summarize(rows), [200, 1000])).toMatch(/frozen .*no uncertainty/);
    expect(markdownTable(summarize(rows), [200, 1000]).split('\n')).toHaveLength(4);
  });

  it('flags are checked with clear messages', () => {
    const layers = ['head'];
    expect(planFromFlags({ preset: 'nope' }, layers)).toEqual({ error: 'unknown preset nope' });
    expect(planFromFlags({ budgets: '200,100' }, layers)).toMatchObject({ error: /increasing/ });
    expect(planFromFlags({ learners: 'kbt,adam' }, layers)).toMatchObject({
      error: /unknown learner/,
    });
    expect(planFromFlags({ seeds: '0' }, layers)).toMatchObject({ error: /--seeds/ });
    const ok = planFromFlags(
      { preset: 'weak-motor', seeds: '3', seed: '4', learners: 'kbt,sgd:M=10' },
      layers,
    );
    expect(ok).toMatchObject({
      plan: {
        presets: ['weak-motor'],
        seeds: [4, 5, 6],
        learners: ['kbt', 'sgd:M=10'],
        budgets: [200, 1000, 4000],
      },
    });
  });
});
