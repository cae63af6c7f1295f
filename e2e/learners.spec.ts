/**
 * End to end, in the real session worker: the 'learners' command runs four learners side by
 * side, including SGD (its gradients must be registered in the worker's tfjs-core) and the
 * Bayesian last layer; snapshots carry every learner's calibration points and costs.
 */
import { expect, openLab, test } from './fixtures';

/** What the hook in the worker gathers from its outgoing snapshots. */
interface Gathered {
  learners: string[];
  samplesSeen: number;
  calib: Record<string, number>;
  stats: { learner: string; updateMs: number; bytes: number }[];
  warnings: string[];
}

test('four learners run side by side in the worker, SGD included', async ({ page, problems }) => {
  await openLab(page, problems, '/?backend=wasm');
  const worker = page.workers()[0];

  // Gather every outgoing snapshot's new fields, then send the commands as the store would.
  await worker.evaluate(() => {
    const g = { learners: [], samplesSeen: 0, calib: {}, stats: [], warnings: [] } as Gathered;
    (globalThis as unknown as { gathered: Gathered }).gathered = g;
    const post = self.postMessage.bind(self);
    self.postMessage = (m: { type: string; snapshot?: Record<string, never> }) => {
      const s = m.snapshot as unknown as {
        learners: string[];
        samplesSeen: number;
        learnerStats: Gathered['stats'];
        fresh: { calib: { learner: string }[] };
        warnings: string[];
      };
      if (m.type === 'snapshot' && s) {
        g.learners = s.learners;
        g.samplesSeen = s.samplesSeen;
        g.stats = s.learnerStats;
        g.warnings.push(...s.warnings);
        for (const p of s.fresh.calib) g.calib[p.learner] = (g.calib[p.learner] ?? 0) + 1;
      }
      post(m);
    };
    const send = (data: unknown) => self.dispatchEvent(new MessageEvent('message', { data }));
    send({ type: 'learners', specs: ['frozen', 'kbt', 'adam'] });
    send({ type: 'learners', specs: ['frozen', 'kbt', 'bll', 'sgd:M=50:batch=4'] });
    send({ type: 'step', ticks: 30 });
  });

  const read = () =>
    worker.evaluate(() => (globalThis as unknown as { gathered: Gathered }).gathered);
  await expect.poll(async () => (await read()).samplesSeen, { timeout: 120_000 }).toBe(30);
  const g = await read();
  expect(g.learners).toEqual(['frozen', 'kbt', 'bll', 'sgd:M=50:batch=4']);
  expect(g.warnings.join(' ')).toMatch(/unknown learner "adam"/);
  for (const id of g.learners) expect(g.calib[id], id).toBe(30);
  const sgd = g.stats.find((s) => s.learner === 'sgd:M=50:batch=4')!;
  expect(sgd.updateMs).toBeGreaterThan(0);
  expect(sgd.bytes).toBeGreaterThan(0);
});
