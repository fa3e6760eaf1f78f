// Opening the platform: database (migrated), mail transport, job handlers. Used by the server,
// the worker process and the CLI, so that all three start the same way.
import pino, { type Logger } from 'pino';
import type { Config } from '../config';
import { type Database, openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { jobHandlers } from '../jobs/handlers';
import type { JobHandlers } from '../jobs/worker';
import { createMailTransport, type MailTransport } from '../mail/transport';
import { type Clock, type Deps, systemClock } from './deps';
import { resolveKeyEncryptionKey } from './secrets';

export interface Platform {
  deps: Deps;
  database: Database;
  handlers: JobHandlers;
  mail: MailTransport;
  close(): Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { app: 'blason', pid: process.pid } });
}

export async function openPlatform(
  config: Config,
  options: { log?: Logger; clock?: Clock; database?: Database } = {},
): Promise<Platform> {
  const log = options.log ?? createLogger(config);
  const database =
    options.database ??
    (config.databaseUrl
      ? await openDatabase({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize })
      : await openDatabase({ dataDir: config.dataDir }));
  try {
    const ran = await migrate(database);
    if (ran.length) log.info({ migrations: ran }, 'database migrated');
  } catch (error) {
    await database.close();
    throw error;
  }
  const mail = createMailTransport(config);
  const deps: Deps = {
    db: database.db,
    config,
    clock: options.clock ?? systemClock,
    log,
    keyEncryptionKey: resolveKeyEncryptionKey(config),
  };
  return {
    deps,
    database,
    handlers: jobHandlers({ mail }),
    mail,
    async close() {
      mail.close();
      await database.close();
    },
  };
}
