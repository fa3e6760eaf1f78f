// Planner statistics: the hourly `db.analyze` job refreshes them (PGlite runs no autovacuum) and
// schedules its next run once, however many processes start.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZE_JOB } from '../../src/db/maintenance';
import { startOfNextHour } from '../../src/jobs/queue';
import { scheduleRecurringJobs } from '../../src/jobs/handlers';
import { drainJobs } from '../../src/jobs/worker';
import { type TestPlatform, testPlatform } from '../helpers/platform';
import { createTestUser } from '../helpers/users';

describe('database maintenance', () => {
  let p: TestPlatform;
  // Ahead of the database's clock, so that jobs scheduled for later are not due yet.
  let now = new Date('2030-05-04T10:20:00Z');

  beforeAll(async () => {
    p = await testPlatform({ clock: { now: () => now } });
  });
  afterAll(async () => {
    await p.close();
  });

  const scheduled = () => p.deps.db.selectFrom('jobs').select(['run_at', 'status']).where('name', '=', ANALYZE_JOB).orderBy('run_at').execute();
  const reltuples = async (table: string) => Number((await sql<{ n: number }>`SELECT reltuples AS n FROM pg_class WHERE relname = ${table}`.execute(p.deps.db)).rows[0]!.n);

  it('runs at the start of each hour', () => {
    expect(startOfNextHour(new Date('2030-05-04T10:20:00Z')).toISOString()).toBe('2030-05-04T11:00:00.000Z');
    expect(startOfNextHour(new Date('2030-05-04T11:00:00Z')).toISOString()).toBe('2030-05-04T12:00:00.000Z');
    expect(startOfNextHour(new Date('2026-12-31T23:59:59Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('is scheduled once however many processes start, refreshes the statistics, then schedules the next hour', async () => {
    await scheduleRecurringJobs(p.deps);
    await scheduleRecurringJobs(p.deps);
    expect(await scheduled()).toEqual([{ run_at: new Date('2030-05-04T11:00:00Z'), status: 'queued' }]);

    for (let i = 0; i < 40; i++) await createTestUser(p, { email: `u${i}@stats.example` });
    now = new Date('2030-05-04T11:00:01Z');
    await drainJobs(p.deps, { [ANALYZE_JOB]: p.handlers[ANALYZE_JOB]! });
    expect(await reltuples('users')).toBeGreaterThanOrEqual(40);
    expect(await scheduled()).toEqual([
      { run_at: new Date('2030-05-04T11:00:00Z'), status: 'done' },
      { run_at: new Date('2030-05-04T12:00:00Z'), status: 'queued' },
    ]);
  });
});
