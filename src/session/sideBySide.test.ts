import '@tensorflow/tfjs';
import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { initParams } from '../model/params';
import { Session } from './session';
import { defaultSessionOptions } from './defaults';
import { TINY_CONFIG, UNIT_STATS } from '../testing/fixtures';

describe('learners side by side', () => {
  it('every learner gets the same samples, a calibration point before each, costs and evaluations', async () => {
    const params = initParams(TINY_CONFIG, 2);
    const base = defaultSessionOptions(3);
    const learners = ['kbt', 'frozen', 'bll', 'sgd:M=20:batch=4'];
    const session = new Session(
      { params, cfg: TINY_CONFIG, stats: UNIT_STATS },
      { ...base, evalEvery: 10, evalEpisodes: 2, learners },
    );
    expect(session.learnerSpecs).toEqual(learners);
    for (let i = 0; i < 30; i++) await session.step({ agent: false });
    const fresh = session.drain();

    // One calibration point per learner per sample, on the same labels.
    for (const id of learners) {
      const pts = fresh.calib.filter((p) => p.learner === id);
      expect(pts.map((p) => p.samples)).toEqual([...Array(30).keys()]);
      expect(pts.every((p) => Number.isFinite(p.mean))).toBe(true);
    }
    const ys = (id: string) => fresh.calib.filter((p) => p.learner === id).map((p) => p.y);
    expect(ys('sgd:M=20:batch=4')).toEqual(ys('kbt'));
    // Bayesian learners carry std ≥ √R; point learners none.
    const R = base.settings.obsNoise;
    for (const p of fresh.calib) {
      if (p.learner === 'kbt' || p.learner === 'bll')
        expect(p.std!).toBeGreaterThanOrEqual(Math.sqrt(R) * 0.999);
      else expect(p.std).toBeNull();
    }
    // KBT with the head only is the Bayesian last layer (same prior, same R): same predictions.
    const kbt = fresh.calib.filter((p) => p.learner === 'kbt');
    const bll = fresh.calib.filter((p) => p.learner === 'bll');
    kbt.forEach((p, i) => expect(Math.abs(p.mean - bll[i].mean)).toBeLessThan(1e-4));

    const stats = session.learnerStats();
    expect(stats.map((s) => s.learner)).toEqual(learners);
    expect(stats.find((s) => s.learner === 'frozen')!.bytes).toBe(0);
    expect(stats.find((s) => s.learner === 'sgd:M=20:batch=4')!.bytes).toBeGreaterThan(0);
    expect(stats.find((s) => s.learner === 'bll')!.updateMs).toBeGreaterThan(0);
    expect(new Set(fresh.evals.map((e) => e.learner))).toEqual(new Set(learners));
    expect(fresh.evals.every((e) => e.samples % 10 === 0)).toBe(true);

    // A bad set changes nothing; a good one restarts with kbt added in front.
    expect(session.setLearners(['kbt', 'adam'])).toMatch(/unknown learner "adam"/);
    expect(session.learnerSpecs).toEqual(learners);
    expect(session.setLearners(['frozen'])).toBeNull();
    expect(session.learnerSpecs).toEqual(['kbt', 'frozen']);
    expect(session.samplesSeen).toBe(0);
    expect(session.warnings.join()).toMatch(/kbt was added/);
    session.dispose();
    tf.dispose(Object.values(params));
    expect(tf.memory().numTensors).toBe(0);
  });
});
