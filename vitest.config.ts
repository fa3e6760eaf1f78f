import { defineConfig } from 'vitest/config';

// The suite runs once on PGlite and, when TEST_DATABASE_URL is set, once more on PostgreSQL.
// Pure unit tests (test/unit) run on the first project only.
const engines = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/count-reporter.ts'],
    projects: engines.map((engine, index) => ({
      extends: true,
      test: {
        name: engine,
        include: index === 0 ? ['test/**/*.test.{ts,tsx}'] : ['test/integration/**/*.test.{ts,tsx}', 'test/browser/**/*.test.{ts,tsx}'],
        env: { BLASON_TEST_ENGINE: engine },
      },
    })),
  },
});
