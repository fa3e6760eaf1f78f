import { defineConfig } from 'vitest/config';

// The suite runs once on PGlite and, when TEST_DATABASE_URL is set, once more on PostgreSQL.
// Pure unit tests (test/unit) run on the first project only; browser journeys on the last one
// only (PostgreSQL when set): they exercise the pages, and the engines are covered by the
// integration tests on both — running them twice cost ~4 minutes of a ~12-minute suite.
const engines = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
const unit = 'test/unit/**/*.test.{ts,tsx}';
const integration = 'test/integration/**/*.test.{ts,tsx}';
const browser = 'test/browser/**/*.test.{ts,tsx}';

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
        include: [...(index === 0 ? [unit] : []), integration, ...(index === engines.length - 1 ? [browser] : [])],
        env: { BLASON_TEST_ENGINE: engine },
      },
    })),
  },
});
