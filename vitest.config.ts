import { defineConfig } from 'vitest/config';

// The suite runs once on PGlite and, when TEST_DATABASE_URL is set, once more on PostgreSQL.
// Pure unit tests (test/unit) run on the first engine only; browser journeys on the last one
// only (PostgreSQL when set): they exercise the pages, and the engines are covered by the
// integration tests on both — running them twice cost ~4 minutes of a ~12-minute suite.
// Test files share their worker's modules (isolate: false): each file still opens its own
// database and app, and loading the app's modules once per worker instead of once per file
// measured 60 s → 16 s of import time on 14 files. The CLI's test files change process.env
// and the data folder of the process, so they keep a worker of their own (`<engine>-cli`).
const engines = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
const unit = 'test/unit/**/*.test.{ts,tsx}';
const integration = 'test/integration/**/*.test.{ts,tsx}';
const browser = 'test/browser/**/*.test.{ts,tsx}';
const cli = 'test/integration/**/*cli.test.{ts,tsx}';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/count-reporter.ts'],
    projects: engines.flatMap((engine, index) => [
      {
        extends: true,
        test: {
          name: engine,
          isolate: false,
          include: [...(index === 0 ? [unit] : []), integration, ...(index === engines.length - 1 ? [browser] : [])],
          exclude: [cli],
          env: { BLASON_TEST_ENGINE: engine },
        },
      },
      {
        extends: true,
        test: { name: `${engine}-cli`, include: [cli], env: { BLASON_TEST_ENGINE: engine } },
      },
    ]),
  },
});
