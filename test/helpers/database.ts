// A fresh, migrated database for one test file, on the engine of the current Vitest project.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase, openMemoryPglite } from '../../src/db/database';
import { withDatabase } from '../global-setup';

export const engine: 'pglite' | 'postgres' = process.env.BLASON_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

export async function testDatabase(): Promise<Database> {
  if (engine === 'pglite') {
    const snapshot = fs.readFileSync(inject('pgliteSnapshot'));
    const pglite = await openMemoryPglite(new Blob([snapshot]));
    return openDatabase({ pglite });
  }
  const url = process.env.TEST_DATABASE_URL;
  const template = inject('pgTemplate');
  if (!url || !template) throw new Error('TEST_DATABASE_URL is not set for the postgres project');
  const runPid = template.slice('blason_tpl_'.length);
  const name = `blason_t_${runPid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 20 });
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
