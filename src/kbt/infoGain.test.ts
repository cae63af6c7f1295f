import { tf } from '../testing/tfCpu';
import { describe, expect, it } from 'vitest';
import { Matrix, determinant } from 'ml-matrix';
import { makeRng } from '../core/rng';
import { applyPseudoObservations, type PseudoObs, type UpdateExtras } from './update';
import type { LayerPosterior } from './posterior';

const DOUT = 3;
const D1 = 4;
const TOKENS = 3;

/** A random SPD block per neuron, a random mean, and pseudo-observations of 3 tokens. */
function fixture(mode: 'full' | 'diag', seed: number) {
  const rng = makeRng(seed);
  const blocks = Array.from({ length: DOUT }, () => {
    const a = Matrix.rand(D1, D1, { random: () => rng.uniform() });
    return a.mmul(a.transpose()).add(Matrix.eye(D1).mul(0.2));
  });
  const mu = tf.tensor2d(Array.from({ length: DOUT * D1 }, () => rng.normal()), [DOUT, D1]);
  const diagValues = blocks.map((b) => b.diag());
  const post: LayerPosterior = {
    name: 'test',
    mu,
    cov: mode === 'full' ? tf.tensor3d(blocks.map((b) => b.to2DArray())) : null,
    diag: mode === 'diag' ? tf.tensor2d(diagValues) : null,
    prior: tf.ones([DOUT, D1]),
  };
  const xm = Array.from({ length: TOKENS }, () => [
    ...Array.from({ length: D1 - 1 }, () => rng.normal()),
    1,
  ]);
  // Token 1 leaves neuron 2 alone, so the mask is exercised.
  const use = [
    [1, 1, 1],
    [1, 1, 0],
    [1, 1, 1],
  ];
  const obs: PseudoObs = {
    xm: tf.tensor2d(xm),
    xv: tf.zeros([TOKENS, D1]),
    y: tf.tensor2d(Array.from({ length: TOKENS * DOUT }, () => rng.normal()), [TOKENS, DOUT]),
    r: tf.tensor2d(Array.from({ length: TOKENS * DOUT }, () => 0.1 + rng.uniform()), [
      TOKENS,
      DOUT,
    ]),
    use: tf.tensor2d(use),
    rejected: tf.scalar(0),
    anyUse: tf.ones([TOKENS]),
  };
  return { post, obs, blocks, diagValues };
}

function disposeAll(...xs: (tf.Tensor | null)[]) {
  tf.dispose(xs.filter((x): x is tf.Tensor => x !== null));
}

describe('information gained by an update', () => {
  it('full mode: equals ½ log det(C_before / C_after) of every block (float32 precision)', () => {
    const { post, obs, blocks } = fixture('full', 5);
    const extras: UpdateExtras = {};
    const next = applyPseudoObservations(post, obs, [0, 1, 2], undefined, extras);
    const after = next.cov!.arraySync();
    let exact = 0;
    for (let n = 0; n < DOUT; n++) {
      exact += 0.5 * Math.log(determinant(blocks[n]) / determinant(new Matrix(after[n])));
    }
    const got = extras.info!.dataSync()[0];
    expect(exact).toBeGreaterThan(0.5);
    // float32 rank-1 steps on blocks with condition numbers ~1e2: 1e-3 relative is ample.
    expect(Math.abs(got - exact)).toBeLessThan(1e-3 * exact);
    disposeAll(post.mu, post.cov, post.prior, next.mu, next.cov, extras.info!);
    disposeAll(obs.xm, obs.xv, obs.y, obs.r, obs.use, obs.rejected, obs.anyUse);
  });

  it('diag mode: equals ½ Σ log(v_before / v_after) of the kept diagonal', () => {
    const { post, obs, diagValues } = fixture('diag', 9);
    const extras: UpdateExtras = {};
    const next = applyPseudoObservations(post, obs, [0, 1, 2], undefined, extras);
    const after = next.diag!.arraySync();
    let exact = 0;
    for (let n = 0; n < DOUT; n++)
      for (let j = 0; j < D1; j++) exact += 0.5 * Math.log(diagValues[n][j] / after[n][j]);
    const got = extras.info!.dataSync()[0];
    expect(exact).toBeGreaterThan(0.1);
    expect(Math.abs(got - exact)).toBeLessThan(1e-3 * exact);
    disposeAll(post.mu, post.diag, post.prior, next.mu, next.diag, extras.info!);
    disposeAll(obs.xm, obs.xv, obs.y, obs.r, obs.use, obs.rejected, obs.anyUse);
  });

  it('no tokens: no information, and no tensor is left behind without extras', () => {
    const { post, obs } = fixture('full', 2);
    const before = tf.memory().numTensors;
    const next = applyPseudoObservations(post, obs, []);
    // Without tokens the mean is passed through; the symmetrized cov is the one new tensor.
    expect(next.mu).toBe(post.mu);
    expect(tf.memory().numTensors - before).toBe(1);
    const extras: UpdateExtras = {};
    const again = applyPseudoObservations(post, obs, [], undefined, extras);
    expect(extras.info!.dataSync()[0]).toBe(0);
    disposeAll(post.mu, post.cov, post.prior, next.mu, next.cov, again.mu, again.cov);
    disposeAll(extras.info!, obs.xm, obs.xv, obs.y, obs.r, obs.use, obs.rejected, obs.anyUse);
  });
});
