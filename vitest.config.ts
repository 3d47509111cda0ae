import { defineConfig } from 'vitest/config';

// One runner for unit, integration, reliability, e2e (Chromium) and real-upstream suites.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
