import { describe, expect, it } from 'vitest';
import { parseSpec, parseSpecs } from './registry';

const LAYERS = ['head', 'block1.fc2', 'block2.fc2'];

describe('learner specs', () => {
  it('parses names and knobs', () => {
    expect(parseSpec('kbt')).toEqual({ ok: true, value: { kind: 'kbt', id: 'kbt', knobs: {} } });
    expect(parseSpec('frozen')).toEqual({ ok: true, value: { kind: 'frozen', id: 'frozen' } });
    expect(parseSpec('sgd:M=100')).toEqual({
      ok: true,
      value: { kind: 'sgd', id: 'sgd:M=100', knobs: { M: 100 } },
    });
    const r = parseSpec('sgd:M=1000:lr=0.001:k=2:batch=16:head=1');
    expect(r.ok && r.value.kind === 'sgd' && r.value.knobs).toEqual({
      M: 1000,
      lr: 0.001,
      k: 2,
      batch: 16,
      head: true,
    });
    const k = parseSpec(' kbt:sigma0=0.1:layers=head+block2.fc2:cov=diag ', LAYERS);
    expect(k.ok && k.value.kind === 'kbt' && k.value.knobs).toEqual({
      sigma0: 0.1,
      layers: ['head', 'block2.fc2'],
      cov: 'diag',
    });
    expect(parseSpec('bll:sigma0=0.5:R=0.01')).toMatchObject({
      ok: true,
      value: { id: 'bll:sigma0=0.5:R=0.01' },
    });
  });

  it('rejects bad specs with a message naming the problem', () => {
    const error = (s: string) => {
      const r = parseSpec(s, LAYERS);
      return r.ok ? '' : r.error;
    };
    expect(error('adam')).toMatch(/unknown learner "adam"/);
    expect(error('sgd:N=3')).toMatch(/no knob "N"/);
    expect(error('sgd:M=0')).toMatch(/M must be an integer in \[1, 100000\]/);
    expect(error('sgd:M=2.5')).toMatch(/integer/);
    expect(error('sgd:lr=abc')).toMatch(/lr must be a number/);
    expect(error('sgd:M')).toMatch(/needs a value/);
    expect(error('sgd:M=1:M=2')).toMatch(/twice/);
    expect(error('frozen:x=1')).toMatch(/no knobs/);
    expect(error('kbt:layers=head+nope')).toMatch(/unknown layer nope/);
    expect(error('kbt:cov=block')).toMatch(/full or diag/);
    expect(error('sgd:head=yes')).toMatch(/0 or 1/);
    expect(error('')).toMatch(/unknown learner/);
  });

  it('a set needs at least one learner, distinct ids and text', () => {
    expect(parseSpecs(['kbt', 'frozen']).ok).toBe(true);
    expect(parseSpecs([])).toMatchObject({ ok: false, error: 'at least one learner is needed' });
    expect(parseSpecs(['kbt', 'kbt'])).toMatchObject({ ok: false });
    expect(parseSpecs(['kbt', 3])).toMatchObject({
      ok: false,
      error: 'a learner spec must be text',
    });
    expect(parseSpecs('kbt' as unknown as string[])).toMatchObject({ ok: false });
    expect(parseSpecs(Array.from({ length: 9 }, (_, i) => `sgd:M=${i + 1}`))).toMatchObject({
      ok: false,
    });
  });
});
