/**
 * End to end for issue 4's views: pin a weight in the posterior inspector and watch its trace
 * grow; run two learners side by side; export every history as CSV and parse the download.
 * Screenshots of the posterior, calibration and compare tabs are attached.
 */
import { readFile } from 'node:fs/promises';
import type { Page, TestInfo } from '@playwright/test';
import { csvParse } from 'd3';
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
    const cells = mean.locator('.click-layer');
    const box = (await cells.boundingBox())!;
    await cells.click({ position: { x: (3.5 * box.width) / 33, y: Math.min(4, box.height / 2) } });
    await expect(page.getByTestId('pinned-trace').locator('button.chip')).toHaveText([
      'head[0,3] ✕',
    ]);

    await play(page);
    await expect.poll(() => pointsOf(page, 'pinned-trace'), { timeout: 60_000 }).toBeGreaterThan(1);
    const first = await pointsOf(page, 'pinned-trace');
    await expect
      .poll(() => pointsOf(page, 'pinned-trace'), { timeout: 60_000 })
      .toBeGreaterThan(first + 2);
    // Pause from the live tab: the inspector's seven charts are heavy to repaint under
    // software rendering, and the paused tab is then drawn once for its screenshot.
    await page.getByTestId('tab-live').click();
    await pause(page);
    await page.getByTestId('tab-posterior').click();
    await expect.poll(() => pointsOf(page, 'chart-innovation')).toBeGreaterThan(0);
    expect(await pointsOf(page, 'chart-nis')).toBe(await pointsOf(page, 'chart-innovation'));
    await expect.poll(() => pointsOf(page, 'pinned-trace')).toBeGreaterThan(first);

    await shot(page, testInfo, 'posterior-tab');
  });

  test('run a third learner side by side and see its series', async ({
    page,
    problems,
  }, testInfo) => {
    await openLab(page, problems, START);
    const select = page.getByTestId('learner-select');
    await expect(select.getByRole('checkbox', { name: 'frozen' })).toBeChecked();
    await select.getByRole('checkbox', { name: 'bll' }).check();
    await expect(select.getByRole('checkbox', { name: 'bll' })).toBeChecked();
    await expect(select).not.toContainText('restarting', { timeout: 60_000 });

    // The first evaluation (at the start, about 50 ticks) gives every learner a point.
    await page.getByTestId('tab-compare').click();
    await play(page);
    const series = page.getByTestId('chart-compare').getByTestId('compare-series');
    await expect(series).toHaveCount(3, { timeout: 120_000 });
    await expect(page.getByTestId('learner-costs')).toContainText('bll');
    await pause(page);
    await shot(page, testInfo, 'compare-tab');

    // The calibration tab scores kbt and bll and names frozen as having no uncertainty.
    await page.getByTestId('tab-calibration').click();
    await expect.poll(() => pointsOf(page, 'chart-calibration')).toBeGreaterThan(9);
    await expect(page.getByTestId('chart-calibration')).toContainText('no uncertainty');
    await shot(page, testInfo, 'calibration-tab');
  });

  test('export every history as CSV: the download happens, parses and has rows', async ({
    page,
    problems,
  }) => {
    await openLab(page, problems, START);
    await play(page);
    await expect.poll(() => pointsOf(page, 'chart-action'), { timeout: 60_000 }).toBeGreaterThan(5);
    await pause(page);

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const rows = csvParse(await readFile((await file.path())!, 'utf8'));
    expect(rows.columns).toEqual(['series', 'key', 'row', 'column', 'value']);
    expect(rows.length).toBeGreaterThan(0);
    const series = new Set(rows.map((r) => r.series));
    expect(series).toContain('actions');
    expect(series).toContain('calib');
  });
});

/** A full-page screenshot attached to the report. */
async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
