// Opens the database: embedded PGlite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set.
// Both speak the same SQL; the rest of the code sees only Kysely<DB>.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './lock';
import type { DB } from './schema';

export type Engine = 'pglite' | 'postgres';

/** The engine the settings select: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export function configuredEngine(config: { databaseUrl?: string | undefined }): Engine {
  return config.databaseUrl ? 'postgres' : 'pglite';
}

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
    const dataDir = path.join(options.dataDir, 'pgdata');
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await createPgliteDataDir(dataDir);
    const PGlite = await loadPglite();
    const pglite = await PGlite.create({ dataDir, parsers: PGLITE_PARSERS, startParams: pgliteStartParams(PGlite) });
    return wrapPglite(pglite, release);
  } catch (error) {
    release();
    throw error;
  }
}

/** A PGlite in memory, optionally restored from a dump (tests use a migrated snapshot). */
export async function openMemoryPglite(dump?: Blob): Promise<PGlite> {
  const PGlite = await loadPglite();
  return PGlite.create({ parsers: PGLITE_PARSERS, startParams: pgliteStartParams(PGlite), ...(dump ? { loadDataDir: dump } : {}) });
}

/**
 * PGlite runs in this process and touches all of its shared buffers when it starts: the 128 MB
 * initdb writes in postgresql.conf were 128 MB of the process's memory from the first second.
 * 32 MB measured: ~95 MB less at start and under a 100,000-row bulk award, at the same rate (the
 * data folder's files stay in the operating system's cache). PostgreSQL proper keeps its own.
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

function pgliteStartParams(PGlite: typeof import('@electric-sql/pglite').PGlite): string[] {
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams;
  if (!Array.isArray(defaults)) throw new Error('This PGlite has no defaultStartParams: check pgliteStartParams against it.');
  return [...defaults, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`];
}

/**
 * PGlite's module, loaded only when used: it weighs ~40 MB of memory that a PostgreSQL deployment
 * does not need. Its WebAssembly (PostgreSQL) runs as compiled by V8's baseline compiler, Liftoff,
 * without tiering hot functions up to TurboFan: TurboFan's compilations of PostgreSQL's large
 * functions took ~60 MB more of the process's memory, held while the platform ran. Measured on
 * 20,000 rows of bulk issue (2 cores, 1 signing thread), four runs each: peak RSS 383–420 MB
 * instead of 431–470 MB, at 359–427/s instead of 358–450/s (the VM's load varied). The flag is
 * the process's: any other WebAssembly here (undici's HTTP parser) also stays on Liftoff.
 * Query-heavy work is somewhat slower, short queries faster (no tier-up pauses): the reviews
 * benchmark on PGlite, two runs each, gave its 10,000-job fan-out in 388–508 ms instead of 340–350,
 * mails 69–70/s instead of 76–85, a holder's review list in 15–17 ms instead of 46.
 */
async function loadPglite(): Promise<typeof PGlite> {
  v8.setFlagsFromString('--liftoff-only');
  return (await import('@electric-sql/pglite')).PGlite;
}

/** Runs initdb for a new data folder in a process that exits afterwards (see pglite-create.mjs). */
async function createPgliteDataDir(dataDir: string): Promise<void> {
  const script = fileURLToPath(new URL('./pglite-create.mjs', import.meta.url));
  try {
    await promisify(execFile)(process.execPath, [script, dataDir], { timeout: 120_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`Creating the PGlite data folder ${dataDir} failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
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
