/**
 * Shared e2e fixtures and helpers: a page that records every console error, page error and
 * failed request from the moment it opens (each test fails if any were recorded), and readers
 * for the app's stable `data-testid` hooks.
 */
import { expect, test as base, type Locator, type Page } from '@playwright/test';

/** How long the worker may take to load the weights and measure the backends, ms. */
export const STARTUP_MS = 150_000;

/** Fixtures added to Playwright's: the problems recorded on the page so far. */
interface LabFixtures {
  problems: string[];
}

/** Playwright's `test` with a page whose console errors fail the test at its end. */
export const test = base.extend<LabFixtures>({
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    page.on('worker', (worker) => {
      worker.on('close', () => problems.push(`worker closed: ${worker.url()}`));
    });

    await use(problems);

    // Errors the app itself caught and shows (worker errors, bad URL parameters).
    await expect(page.getByTestId('messages')).not.toContainText('✕ error');
    expect(problems, 'console errors, page errors or failed requests').toEqual([]);
  },
});

export { expect };

/**
 * Opens the app at `path` and waits until the worker has loaded the weights, chosen its
 * backend and sent its first snapshot (the badge then names a backend). Returns the badge.
 */
export async function openLab(page: Page, problems: string[], path = '/'): Promise<Locator> {
  // Touch the fixture so that its listeners are attached before the page navigates.
  expect(problems).toEqual([]);
  await page.goto(path);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toContainText(/webgl|wasm|cpu/, { timeout: STARTUP_MS });
  await expect(page.getByTestId('run-toggle')).toBeEnabled();
  return badge;
}

/** The integer in a locator's text, e.g. the tick counter's "1,234" → 1234. */
export async function integerIn(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? '';
  const digits = text.replace(/[^0-9]/g, '');
  return digits === '' ? Number.NaN : Number(digits);
}

/** The current tick, from the counters panel. */
export function tickOf(page: Page): Promise<number> {
  return integerIn(page.getByTestId('counter-tick').locator('dd'));
}

/** The number of data points a chart currently draws (its `data-points`). */
export async function pointsOf(page: Page, chart: string): Promise<number> {
  const value = await page.getByTestId(chart).getAttribute('data-points');
  return value === null ? Number.NaN : Number(value);
}

/** Whether the browser offers WebGL 2 to the page. */
export function hasWebGl2(page: Page): Promise<boolean> {
  return page.evaluate(() => document.createElement('canvas').getContext('webgl2') !== null);
}

/**
 * Presses play and waits until the worker confirms that it runs: the toggle then offers
 * "Pause" (while the click is pending it may say "Starting…").
 */
export async function play(page: Page): Promise<void> {
  const toggle = page.getByTestId('run-toggle');
  await expect(toggle).toHaveText(/Play$/);
  await toggle.click();
  await expect(toggle).toHaveText(/Pause$/);
}

/**
 * Presses pause and waits until the run has stopped: the toggle offers "Play" and the tick
 * counter reads the same twice, half a second apart (a tick takes far less on every backend,
 * and a label alone may show the click before the worker has handled it).
 */
export async function pause(page: Page): Promise<void> {
  const toggle = page.getByTestId('run-toggle');
  await expect(toggle).toHaveText(/Pause$/);
  await toggle.click();
  await expect(toggle).toHaveText(/Play$/);
  let previous = Number.NaN;
  await expect
    .poll(
      async () => {
        const tick = await tickOf(page);
        const settled = tick === previous;
        previous = tick;
        return settled;
      },
      { intervals: [500], timeout: 30_000, message: 'the tick counter keeps moving after pause' },
    )
    .toBe(true);
}

/** A PNG of the world canvas as a data URL (to compare what it draws). */
export function canvasPixels(page: Page): Promise<string> {
  return page
    .getByTestId('world-canvas')
    .evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL('image/png'));
}
