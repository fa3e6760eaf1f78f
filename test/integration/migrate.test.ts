import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { DataDirLockedError, lockDataDir } from '../../src/db/lock';
import { migrate, readMigrations } from '../../src/db/migrate';
import { engine, testDatabase } from '../helpers/database';

describe('migrations', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('are numbered SQL files, each applied once and recorded', async () => {
    const all = await readMigrations();
    expect(all.length).toBeGreaterThan(0);
    expect(all.map((m) => m.name)).toEqual([...all.map((m) => m.name)].sort());
    expect(await migrate(database)).toEqual([]); // the test database is already migrated
    const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(database.db);
    expect(rows.rows.map((r) => r.name)).toEqual(all.map((m) => m.name));
  });

  it('rolls back a failing migration whole and records nothing', async () => {
    const bad = [{ name: '900_bad', sql: 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;' }];
    await expect(migrate(database, bad)).rejects.toThrow(/900_bad/);
    const t = await sql<{ t: string | null }>`SELECT to_regclass('half_done')::text AS t`.execute(database.db);
    expect(t.rows[0]?.t).toBeNull();
    const recorded = await sql`SELECT 1 FROM schema_migrations WHERE name = '900_bad'`.execute(database.db);
    expect(recorded.rows).toHaveLength(0);
    // The connection is usable afterwards (no transaction left aborted).
    await expect(sql`SELECT 1`.execute(database.db)).resolves.toBeTruthy();
  });

  it.runIf(engine === 'postgres')('applies a new migration once when several processes migrate at the same time', async () => {
    const extra = [{ name: '901_concurrent', sql: 'CREATE TABLE concurrent_probe (id int);' }];
    const results = await Promise.all([migrate(database, extra), migrate(database, extra), migrate(database, extra)]);
    expect(results.flat()).toEqual(['901_concurrent']);
  });
});

describe('the PGlite data folder', () => {
  it('is held by one process: a second opener is told clearly', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-lock-'));
    const release = lockDataDir(dir);
    // Pretend another live process holds it: our parent process.
    fs.writeFileSync(path.join(dir, 'blason.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    // A lock left by a dead process is taken over.
    fs.writeFileSync(path.join(dir, 'blason.lock'), '999999999');
    const again = lockDataDir(dir);
    again();
    release();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
