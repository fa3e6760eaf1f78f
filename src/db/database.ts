// Opens the database: embedded PGlite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set.
// Both speak the same SQL; the rest of the code sees only Kysely<DB>.
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './lock';
import type { DB } from './schema';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  /** Runs a script of several statements (migrations) on one connection; a failure rolls back an open transaction. */
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** int8 and numeric come back as strings on both engines (ids are bigint). */
const PGLITE_PARSERS = { 20: (v: string) => v, 1700: (v: string) => v };

export type DatabaseOptions =
  | { databaseUrl: string; poolSize?: number }
  | { dataDir: string }
  | { pglite: PGlite };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  if ('pglite' in options) return wrapPglite(options.pglite, () => {});
  const release = lockDataDir(options.dataDir);
  try {
    const pglite = await (await loadPglite()).create({ dataDir: path.join(options.dataDir, 'pgdata'), parsers: PGLITE_PARSERS });
    return wrapPglite(pglite, release);
  } catch (error) {
    release();
    throw error;
  }
}

/** A PGlite in memory, optionally restored from a dump (tests use a migrated snapshot). */
export async function openMemoryPglite(dump?: Blob): Promise<PGlite> {
  return (await loadPglite()).create({ parsers: PGLITE_PARSERS, ...(dump ? { loadDataDir: dump } : {}) });
}

/** PGlite's module, loaded only when used: it weighs ~40 MB of memory that a PostgreSQL deployment does not need. */
async function loadPglite(): Promise<typeof PGlite> {
  return (await import('@electric-sql/pglite')).PGlite;
}

function wrapPglite(pglite: PGlite, release: () => void): Database {
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    engine: 'pglite',
    async execScript(sql) {
      // Hold Kysely's single connection so that nothing else runs in between.
      await db.connection().execute(async () => {
        try {
          await pglite.exec(sql);
        } catch (error) {
          await pglite.exec('ROLLBACK').catch(() => {});
          throw error;
        }
      });
    },
    async close() {
      try {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        release();
      }
    },
  };
}

function openPostgres(connectionString: string, max: number): Database {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    async execScript(sql) {
      const client = await pool.connect();
      try {
        await client.query(sql);
      } catch (error) {
        // A failed statement inside BEGIN … COMMIT leaves the connection in an aborted transaction.
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
