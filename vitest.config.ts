import { defineConfig } from 'vitest/config';

/** Unit tests run in Node on the tfjs cpu backend; e2e specs belong to Playwright. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts'],
    environment: 'node',
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
