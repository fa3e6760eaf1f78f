// SQL of the job queue: claim with a lease (FOR UPDATE SKIP LOCKED), keep the lease, finish,
// retry; and what the administration reads and does.
//
// A claim is identified by (locked_by, attempts): attempts grows by one at every claim, so a
// worker whose lease ran out and whose job was claimed again can no longer finish or fail it.
import { type Kysely, sql } from 'kysely';
import type { DB, JobRow, JobStatus } from '../db/schema';

export interface Claim {
  id: string;
  workerId: string;
  attempts: number;
}

/**
 * Claims the next due job: a queued one whose time has come, or a running one whose worker
 * stopped renewing its lease (it died) and that has attempts left.
 *
 * A job enqueued to run at once (run_at defaulted to the database's now() on insert, equal to
 * created_at) is due whatever the application clock says, so that a clock that differs from
 * the database's (skew, or a test clock) never holds back fresh jobs.
 */
export async function claimJob(db: Kysely<DB>, workerId: string, now: Date, leaseMs: number): Promise<JobRow | undefined> {
  const result = await sql<JobRow>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = ${new Date(now.getTime() + leaseMs)}
    WHERE id = (
      SELECT id FROM jobs
      WHERE (status = 'queued' AND (run_at <= ${now} OR (attempts = 0 AND run_at <= created_at)))
         OR (status = 'running' AND locked_until < ${now} AND attempts < max_attempts)
      ORDER BY run_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return result.rows[0];
}

/** Jobs whose worker died during their last allowed attempt are failed rather than run again. */
export async function failAbandonedJobs(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: 'failed',
      finished_at: now,
      locked_by: null,
      locked_until: null,
      last_error: 'The worker running the last attempt stopped before finishing it (lease expired).',
    })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .whereRef('attempts', '>=', 'max_attempts')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Extends the lease of a running job; false when the claim was lost (the job was claimed again). */
export async function renewLease(db: Kysely<DB>, claim: Claim, until: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: until })
    .where('id', '=', claim.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', claim.workerId)
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks the job done; false when the claim was lost. */
export async function completeJob(db: Kysely<DB>, claim: Claim, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', claim.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', claim.workerId)
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records a failed attempt: queued again at retryAt, or 'failed' for good when retryAt is null. */
export async function failJob(db: Kysely<DB>, claim: Claim, now: Date, error: string, retryAt: Date | null): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set(
      retryAt
        ? { status: 'queued', run_at: retryAt, locked_by: null, locked_until: null, last_error: error }
        : { status: 'failed', finished_at: now, locked_by: null, locked_until: null, last_error: error },
    )
    .where('id', '=', claim.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', claim.workerId)
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findJobById(db: Kysely<DB>, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Jobs in the given statuses, failed first, then by when they run; with the total count. */
export async function listJobs(
  db: Kysely<DB>,
  filter: { statuses: readonly JobStatus[]; limit: number; offset: number },
): Promise<{ rows: JobRow[]; total: number }> {
  if (filter.statuses.length === 0) return { rows: [], total: 0 };
  const base = db.selectFrom('jobs').where('status', 'in', filter.statuses);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(sql`CASE status WHEN 'failed' THEN 0 WHEN 'running' THEN 1 WHEN 'queued' THEN 2 ELSE 3 END`)
      .orderBy('run_at')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function countJobsByStatus(db: Kysely<DB>): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** Puts a failed job back in the queue with its attempts reset; undefined when it is not failed. */
export async function requeueFailedJob(db: Kysely<DB>, id: string, now: Date): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set({ status: 'queued', attempts: 0, run_at: now, finished_at: null, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
}
