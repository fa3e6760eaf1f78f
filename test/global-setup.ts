// Once per run: a migrated PGlite snapshot (restored per test file instead of a cold start with
// migrations), and on PostgreSQL a migrated template database that each test file copies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, openMemoryPglite } from '../src/db/database';
import { migrate } from '../src/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string;
  }
}

// Runs once per Vitest project: the pglite project makes the snapshot, the postgres one the
// template; the CLI's projects (`<engine>-cli`) make their own data folders and databases.
export async function setup(project: TestProject) {
  if (project.name.endsWith('-cli')) return;
  if (project.config.env?.BLASON_TEST_ENGINE === 'postgres') return setupPostgres(project);
  const pglite = await openMemoryPglite();
  const database = await openDatabase({ pglite });
  await migrate(database);
  const dump = await pglite.dumpDataDir('none');
  const file = path.join(os.tmpdir(), `blason-test-snapshot-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteSnapshot', file);
  project.provide('pgTemplate', '');
  return () => fs.rmSync(file, { force: true });
}

async function setupPostgres(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  let template = '';
  if (url) {
    template = `blason_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await dropTestDatabases(admin, (pid) => !alive(pid));
    await admin.query(`CREATE DATABASE ${template}`);
    const db = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 1 });
    await migrate(db);
    await db.close();
    await admin.end();
  }
  project.provide('pgTemplate', template);

  project.provide('pgliteSnapshot', '');
  return async () => {
    if (url) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await dropTestDatabases(admin, (pid) => pid === process.pid);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Test databases are named blason_tpl_<pid> and blason_t_<pid>_<n>: drop those of the runs chosen. */
async function dropTestDatabases(admin: pg.Client, select: (pid: number) => boolean): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname ~ '^blason_(tpl|t)_[0-9]+'",
  );
  for (const { datname } of rows) {
    const pid = Number(/^blason_(?:tpl|t)_(\d+)/.exec(datname)?.[1]);
    if (select(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}
