import { beforeEach, describe, expect, it } from 'vitest';
import { labBase, meanBounds, useSoftmaxLab } from './softmaxLabStore';
import { MAX_LOGITS, SCALE_RANGE, rhoRange } from '../lab/labCase';

const initial = useSoftmaxLab.getState();
const lab = () => useSoftmaxLab.getState();

describe('softmax lab store', () => {
  beforeEach(() => useSoftmaxLab.setState(initial, true));

  it('clamps bad input to a safe value and says so', () => {
    lab().setVar(0, -3);
    expect(lab().custom.vars[0]).toBe(0);
    expect(lab().note).toMatch(/variance of z1: -3 is below 0/);

    lab().setRho(-0.9); // 4 logits: PSD needs ρ ≥ −1/3
    expect(lab().custom.rho).toBe(rhoRange(4)[0]);
    expect(lab().note).toMatch(/ρ/);

    lab().setScale(Number.NaN);
    expect(lab().scale).toBe(initial.scale);
    expect(lab().note).toMatch(/not a number/);

    lab().setScale(1e6);
    expect(lab().scale).toBe(SCALE_RANGE[1]);

    lab().setCount(20);
    expect(lab().custom.means).toHaveLength(MAX_LOGITS);

    lab().setSamples(7);
    expect(lab().samples).toBe(initial.samples);
    expect(lab().note).toMatch(/not offered/);

    lab().setMean(0, 2.5);
    expect(lab().custom.means[0]).toBe(2.5);
    expect(lab().note).toBeNull();
  });

  it('a loaded row supplies the covariance; its means can be dragged; back to custom restores', () => {
    const cov = [
      [2, 0.5 + 1e-12],
      [0.5, 1],
    ];
    lab().loadRow({
      labels: ['R1', 'o1'],
      mean: [12, -1],
      cov,
      source: 'layer 0 · head 0 · query o1',
    });
    expect(lab().loaded?.cov[0][1]).toBe(lab().loaded?.cov[1][0]);
    expect(meanBounds(lab())).toEqual([-8, 12]);
    lab().setMean(1, 3);
    expect(labBase(lab()).mean).toEqual([12, 3]);
    expect(labBase(lab()).cov[0][0]).toBe(2);

    lab().backToCustom();
    expect(lab().loaded).toBeNull();
    expect(labBase(lab()).mean).toEqual(initial.custom.means);
  });

  it('refuses a row that is not a covariance case and keeps the current one', () => {
    lab().loadRow({
      labels: ['a', 'b'],
      mean: [0, 1],
      cov: [
        [1, 0],
        [0, -1],
      ],
      source: 'row X',
    });
    expect(lab().loaded).toBeNull();
    expect(lab().note).toMatch(/row X was not loaded: .*negative variance/);
  });

  it('keeps the newest table and sweep, and the worker error', () => {
    const id = lab().nextRequest();
    expect(lab().requested).toBe(id);
    lab().receive({ type: 'error', id, message: 'boom' });
    expect(lab().error).toBe('boom');
  });
});
