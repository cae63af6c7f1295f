/**
 * End to end, the hostile user of the attention panel: a mode change or a reset during a
 * Monte Carlo run stops it with the reason (never a result of the old mode or session shown as
 * the new one), the caption says the maps are the old session's, and the first query row (one
 * visible key) opens in the softmax lab instead of doing nothing.
 */
import { expect, openLab, play, test, tickOf } from './fixtures';

test('attention MC: mode change and reset stop a run with the reason; the first row opens', async ({
  page,
  problems,
}) => {
  await openLab(page, problems, '/?backend=wasm');
  // Before the first tick there is no context: the panel says so, a run ends with the reason.
  await page.getByTestId('tab-attention').click();
  await expect(page.getByTestId('attention-waiting')).toContainText('no context yet');
  await page.getByTestId('mc-run').click();
  await expect(page.getByTestId('mc-stop-reason')).toContainText('no context yet');
  await page.getByTestId('tab-live').click();
  await play(page);
  await expect.poll(() => tickOf(page), { timeout: 60_000 }).toBeGreaterThan(5);
  await page.getByTestId('tab-attention').click();
  const mean = page.getByTestId('attention-heatmap-mean').first();
  await expect(mean).toHaveAttribute('data-filled', 'true');

  // Toggling the softmax order during a run stops it: its closed form is of the old order.
  const progress = page.getByTestId('mc-progress');
  await page.getByTestId('mc-samples').selectOption('10000');
  await page.getByTestId('mc-run').click();
  await expect(progress).toHaveAttribute('data-running', 'true');
  await page.locator('input[name=attention-order]').first().check();
  await expect(progress).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('mc-stop-reason')).toContainText('order');
  await expect(page.getByTestId('attention-context')).toContainText('Softmax order 1');

  // A reset during a run stops it in the worker, and the maps are labelled the old session's.
  await page.getByTestId('mc-run').click();
  await expect(progress).toHaveAttribute('data-running', 'true');
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('mc-stop-reason')).toContainText('reset', { timeout: 15_000 });
  await expect(page.getByTestId('attention-context')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('attention-context')).toContainText('reset since');
  await expect(page.getByTestId('attention-heatmap-mc').first()).toHaveAttribute(
    'data-filled',
    'false',
  );

  // The first query row sees one key: a click opens it in the softmax lab.
  await mean.click({ position: { x: 24 + 6, y: 2 + 6 } });
  await expect(page.getByTestId('tab-softmax')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('query R1')).toBeVisible();
});
