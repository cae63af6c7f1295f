import '@tensorflow/tfjs';
import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { initParams, disposeParams } from '../model/params';
import { randomWindows, TINY_CONFIG, UNIT_STATS } from '../testing/fixtures';
import { BllLearner } from './bll';
import { SgdLearner } from './sgd';

describe('SGD warm start', () => {
  it('with the memory covering every sample and many steps it reaches the least-squares head', async () => {
    const params = initParams(TINY_CONFIG, 5);
    const windows = randomWindows(30, 3, 9);
    const y = windows.map((_, i) => 0.5 * Math.cos(i));
    const sgd = new SgdLearner(params, TINY_CONFIG, UNIT_STATS, {
      memory: 100,
      lr: 0.05,
      steps: 1,
      batch: 64,
      headOnly: true,
      seed: 1,
    });
    for (let i = 0; i < windows.length; i++) await sgd.observe(windows[i], y[i]);
    expect(sgd.memorySize).toBe(30);
    await sgd.train(400);

    // Batch least squares on the frozen body's features [φ, 1] (normal equations, float64).
    const bll = new BllLearner(params, TINY_CONFIG, UNIT_STATS, { sigma0: 1, obsNoise: 1 });
    const Phi = new Matrix((await bll.features(windows)).map((f) => Array.from(f)));
    // LayerNorm features sum to ~0 (one direction is degenerate up to float32 rounding), so
    // the fit is the minimum-norm one: singular values below 1e-4 of the largest are dropped.
    const svd = new SingularValueDecomposition(Phi);
    const s = svd.diagonal;
    const uy = svd.leftSingularVectors.transpose().mmul(Matrix.columnVector(y));
    const coef = Matrix.columnVector(s.map((sv, i) => (sv > 1e-4 * s[0] ? uy.get(i, 0) / sv : 0)));
    const ls = svd.rightSingularVectors.mmul(coef);
    const fitLs = Phi.mmul(ls).to1DArray();
    const fitSgd = (await sgd.predict(windows)).mean;
    const sse = (f: number[]) => f.reduce((s, v, i) => s + (v - y[i]) ** 2, 0);

    // Full-batch Adam with lr 0.05 for 400 steps: the residual is within 1% of the optimum,
    // and every fitted value within 0.01 of the least-squares fit (actions are O(0.5)).
    expect(sse(fitSgd)).toBeLessThan(sse(fitLs) * 1.01);
    const gap = Math.max(...fitSgd.map((v, i) => Math.abs(v - fitLs[i])));
    expect(gap).toBeLessThan(0.01);

    // Reset restores the pretrained weights and empties the memory.
    sgd.reset();
    expect(sgd.memorySize).toBe(0);
    const w0 = params['head.w'].dataSync();
    const w1 = sgd.weights['head.w'].dataSync();
    expect(Array.from(w1)).toEqual(Array.from(w0));
    sgd.dispose();
    disposeParams(params);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('the FIFO memory keeps the last M samples and counts its bytes', async () => {
    const params = initParams(TINY_CONFIG, 5);
    const sgd = new SgdLearner(params, TINY_CONFIG, UNIT_STATS, {
      memory: 4,
      lr: 1e-3,
      steps: 1,
      batch: 2,
      headOnly: false,
      seed: 2,
    });
    const before = sgd.bytes();
    for (const w of randomWindows(7, 3, 4)) await sgd.observe(w, 0.1);
    expect(sgd.memorySize).toBe(4);
    // Per sample: K·(obsDim + 3) + 1 floats.
    expect(sgd.bytes() - before).toBe(4 * 4 * (3 * 7 + 1));
    sgd.dispose();
    disposeParams(params);
  });
});
