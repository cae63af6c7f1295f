/**
 * End to end, with a real Chromium, the production build and the real session worker: the
 * page loads cleanly, the webgl backend is used when asked for, play fills the charts, a
 * shift preset marks the time axis and changes the world, and pause stops the run.
 */
import {
  canvasPixels,
  expect,
  hasWebGl2,
  openLab,
  pause,
  play,
  pointsOf,
  test,
  tickOf,
} from './fixtures';

/** The longest wait for an evaluation's success points, ms (the worker's pace varies 5×). */
const EVALUATION_MS = 300_000;

test.describe('KBT Lab', () => {
  test('loads with every control and chart, and no console errors', async ({ page, problems }) => {
    const badge = await openLab(page, problems);

    for (const id of [
      'run-toggle',
      'step',
      'reset',
      'backend-badge',
      'preset-select',
      'inject-shift',
      'world-canvas',
      'chart-success',
      'chart-action',
      'chart-posterior',
      'chart-attention',
    ]) {
      await expect(page.getByTestId(id), id).toBeVisible();
    }
    for (const chart of ['chart-success', 'chart-action', 'chart-posterior', 'chart-attention']) {
      await expect(page.getByTestId(chart), chart).toHaveAttribute('data-points', /^\d+$/);
    }
    await expect(badge).toContainText(/float(16|32)/);
  });

  test('names webgl when it is chosen in the header and WebGL 2 is available', async ({
    page,
    problems,
  }) => {
    const badge = await openLab(page, problems);
    test.skip(!(await hasWebGl2(page)), 'this browser offers no WebGL 2');

    await page.getByTestId('backend-select').selectOption('webgl');
    await expect(badge.locator('strong')).toHaveText('webgl', { timeout: 120_000 });
    await expect(badge).not.toContainText('cpu');
    test.info().annotations.push({ type: 'backend', description: await badge.innerText() });
  });

  test('names webgl when the link asks for ?backend=webgl', async ({ page, problems }) => {
    const badge = await openLab(page, problems, '/?backend=webgl');
    test.skip(!(await hasWebGl2(page)), 'this browser offers no WebGL 2');

    await expect(badge.locator('strong')).toHaveText('webgl');
    await expect(badge).toContainText('float32');
    await expect(page.getByTestId('backend-select')).toHaveValue('webgl');
  });

  test('play fills the success and action charts; pause stops the counters', async ({
    page,
    problems,
  }, testInfo) => {
    test.setTimeout(2 * EVALUATION_MS + 180_000);
    await openLab(page, problems);
    const action0 = await pointsOf(page, 'chart-action');
    const success0 = await pointsOf(page, 'chart-success');
    const tick0 = await tickOf(page);

    await play(page);

    // The action chart gains a point per tick (up to its 600-tick window). The success chart
    // gains one per learner per evaluation: at the start, then every 400 demonstration
    // samples, each evaluation taking some 50 ticks. Two rounds show it growing.
    await expect
      .poll(() => pointsOf(page, 'chart-action'), { timeout: 60_000 })
      .toBeGreaterThan(action0);
    const evaluation = { timeout: EVALUATION_MS, intervals: [2_000] };
    await expect.poll(() => pointsOf(page, 'chart-success'), evaluation).toBeGreaterThan(success0);
    const success1 = await pointsOf(page, 'chart-success');
    await expect.poll(() => pointsOf(page, 'chart-success'), evaluation).toBeGreaterThan(success1);
    expect(await tickOf(page)).toBeGreaterThan(tick0);

    // Paused, the worker runs no ticks: the counters hold still. Asserting that nothing
    // changes needs a wait of fixed length.
    await pause(page);
    const counters = page.getByTestId('counters');
    const held = { tick: await tickOf(page), text: await counters.innerText() };
    await page.waitForTimeout(2_000);
    expect(await tickOf(page)).toBe(held.tick);
    expect(await counters.innerText()).toBe(held.text);

    // The artifact: the lab after a run, charts filled.
    const path = testInfo.outputPath('lab-after-run.png');
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach('lab after a run', { path, contentType: 'image/png' });
  });

  test('injecting a preset adds a shift marker and changes the world', async ({
    page,
    problems,
  }, testInfo) => {
    await openLab(page, problems, '/?backend=wasm&seed=7');
    await play(page);
    await expect.poll(() => tickOf(page), { timeout: 60_000 }).toBeGreaterThan(20);
    await pause(page);

    // Choose the preset: the sliders show its target, which differs from the live world.
    const markers = page.getByTestId('chart-success').getByTestId('shift-marker');
    const markers0 = await markers.count();
    const pole = page.getByTestId('param-halfPoleLength');
    await page.getByTestId('preset-select').selectOption('long-heavy-pole');
    await expect(pole).toHaveClass(/\bchanges\b/);
    await expect(pole).toContainText('now 0.5');
    const before = await canvasPixels(page);

    // Inject it: the live world takes the target values and the time axis gets a marker.
    await page.getByTestId('inject-shift').click();
    await expect(markers).toHaveCount(markers0 + 1);
    await expect(markers.last()).toContainText('Long heavy pole');
    await expect(pole).not.toHaveClass(/\bchanges\b/);
    await expect(page.getByTestId('param-poleMass')).not.toHaveClass(/\bchanges\b/);

    // The world view draws the new, four-times-longer pole.
    await expect.poll(() => canvasPixels(page)).not.toBe(before);

    // Running on, the action chart's recent window reaches the shift and marks it too.
    await play(page);
    await expect(page.getByTestId('chart-action').getByTestId('shift-marker')).toHaveCount(1, {
      timeout: 60_000,
    });
    await pause(page);

    const path = testInfo.outputPath('lab-after-shift.png');
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach('lab after a shift', { path, contentType: 'image/png' });
  });
});
