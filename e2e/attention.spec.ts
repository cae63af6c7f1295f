/**
 * End to end: the attention panel's Monte Carlo runs in the worker with a progress bar that
 * reaches 100% and fills the error map, while the run controls in the header keep responding.
 */
import { expect, openLab, play, test, tickOf } from './fixtures';

test('attention Monte Carlo: progress reaches 100%, the error map fills, run controls respond', async ({
  page,
  problems,
}) => {
  await openLab(page, problems, '/?backend=wasm');

  // A few ticks so the agent has a context, then the attention tab.
  await play(page);
  await expect.poll(() => tickOf(page), { timeout: 60_000 }).toBeGreaterThan(5);
  await page.getByTestId('tab-attention').click();
  const mean = page.getByTestId('attention-heatmap-mean').first();
  await expect(mean).toHaveAttribute('data-filled', 'true');
  expect(Number(await mean.getAttribute('data-cells'))).toBeGreaterThan(10);

  // Default: only the head is Bayesian, attention deterministic; make Q, K, V Bayesian.
  await page.getByTestId('attention-make-bayesian').click();
  await expect(page.getByTestId('attention-deterministic')).toHaveCount(0);

  // During a long run the header's pause and play respond, then the run is cancelled at
  // once. (A short run can finish before the first click lands on a fast machine.)
  const progress = page.getByTestId('mc-progress');
  const error = page.getByTestId('attention-heatmap-error').first();
  await expect(error).toHaveAttribute('data-filled', 'false');
  await page.getByTestId('mc-samples').selectOption('10000');
  await page.getByTestId('mc-run').click();
  await expect(progress).toHaveAttribute('data-running', 'true');
  const toggle = page.getByTestId('run-toggle');
  await toggle.click();
  await expect(toggle).toHaveText(/Play$/);
  await toggle.click();
  await expect(toggle).toHaveText(/Pause$/);
  await expect(progress).toHaveAttribute('data-running', 'true');
  expect(Number(await progress.getAttribute('aria-valuenow'))).toBeLessThan(100);
  await page.getByTestId('mc-cancel').click();
  await expect(progress).toContainText('cancelled', { timeout: 5_000 });
  await expect(progress).toHaveAttribute('data-running', 'false');

  // A run of 300 samples goes to 100% and fills the error map.
  await page.getByTestId('mc-samples').selectOption('300');
  await page.getByTestId('mc-run').click();
  await expect(progress).toHaveAttribute('aria-valuenow', '100', { timeout: 90_000 });
  await expect(progress).toContainText('100%');
  await expect(error).toHaveAttribute('data-filled', 'true');
  expect(Number(await error.getAttribute('data-cells'))).toBeGreaterThan(10);
  await expect(page.getByTestId('action-uncertainty')).toContainText('Monte Carlo');

  // The session kept ticking through the run.
  const before = await tickOf(page);
  await expect.poll(() => tickOf(page), { timeout: 30_000 }).toBeGreaterThan(before);
  await page
    .getByTestId('attention-panel')
    .screenshot({ path: 'test-results/attention-panel.png' });

  // Hover shows a cell's values with the MC standard error; a row click opens the softmax lab.
  const [left, top, cell] = [24, 2, 12]; // the map's margins and cell size (Heatmap.tsx)
  const position = { x: left + 1.5 * cell, y: top + 4.5 * cell }; // query 4, key 1
  await mean.hover({ position });
  const readout = page.getByTestId('attention-readout').first();
  await expect(readout).toContainText('MC mean (SE)');
  await page.screenshot({ path: 'test-results/attention-hover.png' });
  await mean.click({ position });
  await expect(page.getByTestId('tab-softmax')).toHaveAttribute('aria-selected', 'true');
});
