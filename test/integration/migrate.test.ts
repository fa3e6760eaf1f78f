import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, PGLITE_SHARED_BUFFERS, type Database } from '../../src/db/database';
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

  // That initdb runs in a process of its own (so its memory is not kept) shows in memory, which the
  // bulk benchmark measures; here: the folder is made, then opened with small shared buffers.
  it.runIf(engine === 'pglite')('is created on first start, then opened with small shared buffers; its data stays', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-create-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      expect(fs.existsSync(path.join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);
      const buffers = await sql<{ shared_buffers: string }>`SHOW shared_buffers`.execute(first.db);
      expect(buffers.rows[0]?.shared_buffers).toBe(PGLITE_SHARED_BUFFERS);
      await sql`CREATE TABLE kept (v text)`.execute(first.db);
      await sql`INSERT INTO kept VALUES ('still here')`.execute(first.db);
      await first.close();
      // The second start opens the folder as it is (no initdb over it).
      const second = await openDatabase({ dataDir: dir });
      const rows = await sql<{ v: string }>`SELECT v FROM kept`.execute(second.db);
      expect(rows.rows).toEqual([{ v: 'still here' }]);
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(engine === 'pglite')('that cannot be created stops the start with a clear error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blason-create-'));
    try {
      // A file where the folder should be: initdb cannot create it.
      fs.writeFileSync(path.join(dir, 'pgdata'), 'not a folder');
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/Creating the PGlite data folder/);
      // The lock was released: the folder can be opened once fixed.
      fs.rmSync(path.join(dir, 'pgdata'));
      const database = await openDatabase({ dataDir: dir });
      await database.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
