// Planner statistics. PostgreSQL's autovacuum refreshes them after enough rows change, but only
// eventually, and embedded PGlite runs no autovacuum at all: with statistics from when a table was
// small, the planner scans instead of using an index, and the fan-out of an application to a badge
// that just gained 10,000 holders took 90 s instead of under one. So statistics are refreshed
// after every bulk load (a finished batch) and by the hourly `db.analyze` job.
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema';
import { enqueue, startOfNextHour } from '../jobs/queue';
import type { JobHandler } from '../jobs/worker';

export const ANALYZE_JOB = 'db.analyze';

/** `ANALYZE` of the given tables (every table when none is given). */
export async function refreshStatistics(db: Kysely<DB>, tables: readonly (keyof DB & string)[] = []): Promise<void> {
  await (tables.length ? sql`ANALYZE ${sql.join(tables.map((t) => sql.table(t)))}` : sql`ANALYZE`).execute(db);
}

/** Enqueues the run of the hour `at` starts, once (several processes may call this). */
export async function scheduleAnalyze(db: Kysely<DB>, at: Date): Promise<void> {
  await enqueue(db, ANALYZE_JOB, { at: at.toISOString() }, { runAt: at, dedupeKey: `${ANALYZE_JOB}:${at.toISOString()}` });
}

/** `db.analyze`: refreshes every table's statistics, then schedules the next hour's run. */
export function analyzeJobHandler(): JobHandler {
  return async (deps) => {
    await refreshStatistics(deps.db);
    await scheduleAnalyze(deps.db, startOfNextHour(deps.clock.now()));
  };
}
