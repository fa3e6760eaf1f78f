// One platform per test file: database, deps, the Fastify app (inject() or a real port), the job handlers.
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import { jobHandlers } from '../../src/jobs/handlers';
import { drainJobs, type JobHandlers, startWorker } from '../../src/jobs/worker';
import { createMailTransport } from '../../src/mail/transport';
import type { Clock, Deps } from '../../src/platform/deps';
import { testDatabase } from './database';

export const TEST_KEY_ENCRYPTION_KEY = new Uint8Array(32).fill(7);

export interface TestPlatform {
  app: FastifyInstance;
  deps: Deps;
  database: Database;
  handlers: JobHandlers;
  /** Runs every queued job now (mails included). */
  drain(): Promise<number>;
  close(): Promise<void>;
}

export async function testPlatform(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    database?: Database;
    /** Run the job worker in the background, as `npm start` does (browser journeys). */
    worker?: boolean;
  } = {},
): Promise<TestPlatform> {
  const config = loadConfig({ BASE_URL: 'http://localhost:3000', LOG_LEVEL: 'silent', ...options.env });
  const database = options.database ?? (await testDatabase());
  const deps: Deps = {
    db: database.db,
    config,
    clock: options.clock ?? { now: () => new Date() },
    log: pino({ level: config.logLevel }),
    keyEncryptionKey: TEST_KEY_ENCRYPTION_KEY,
  };
  const mail = createMailTransport(config);
  const handlers = jobHandlers({ mail });
  const worker = options.worker ? startWorker(deps, handlers, { concurrency: 1, pollMs: 100 }) : null;
  const app = await buildApp(deps, worker ? { afterWrite: worker.poke } : {});
  await app.ready();
  return {
    app,
    deps,
    database,
    handlers,
    drain: () => drainJobs(deps, handlers),
    async close() {
      await app.close();
      await worker?.stop();
      mail.close();
      await database.close();
    },
  };
}
