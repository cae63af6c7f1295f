import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * Playwright: Chromium only, driving the production build served by `vite preview`.
 *
 * The browser is `CHROMIUM_PATH` when set, else Debian's `/usr/bin/chromium` when it exists,
 * else Playwright's own download. SwiftShader gives the headless browser a software WebGL 2,
 * so the webgl backend can be tested without a GPU; it is slow, hence the generous timeouts.
 */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const executablePath =
  process.env.CHROMIUM_PATH || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);

/** The preview's port; E2E_PORT lets two checkouts run their specs at once. */
const PORT = Number(process.env.E2E_PORT) || 4173;
const CI = Boolean(process.env.CI);
/**
 * Vite refuses a second preview of the same project. Set E2E_BYPASS_VITE_LOCK=1 to run the
 * specs while someone else's preview of this checkout is running (on another port).
 */
const BYPASS_LOCK = process.env.E2E_BYPASS_VITE_LOCK ? ' --bypass-lock' : '';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: CI,
  retries: 0,
  // One test starts the worker, measures backends (webgl shaders compile slowly under
  // SwiftShader on two slow cores) and runs the session for a while.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    headless: true,
    viewport: { width: 1440, height: 900 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox',
            '--enable-unsafe-swiftshader',
            '--use-angle=swiftshader',
            '--enable-webgl',
            '--ignore-gpu-blocklist',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-dev-shm-usage',
          ],
        },
      },
    },
  ],
  // `vite preview` refuses a second instance, so Playwright owns the only one. The build is
  // made beforehand by `npm run test:e2e`.
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort${BYPASS_LOCK}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !CI,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
