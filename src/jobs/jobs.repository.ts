// SQL of the job queue: claim with a lease (FOR UPDATE SKIP LOCKED), finish, retry.
import { type Kysely, sql } from 'kysely';
import type { DB, JobRow } from '../db/schema';

export async function claimJob(db: Kysely<DB>, workerId: string, now: Date, leaseMs: number): Promise<JobRow | undefined> {
  const result = await sql<JobRow>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = ${new Date(now.getTime() + leaseMs)}
    WHERE id = (
      SELECT id FROM jobs
      WHERE (status = 'queued' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now})
      ORDER BY run_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return result.rows[0];
}

export async function completeJob(db: Kysely<DB>, id: string, workerId: string, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function failJob(
  db: Kysely<DB>,
  job: JobRow,
  workerId: string,
  now: Date,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set(
      retryAt
        ? { status: 'queued', run_at: retryAt, locked_by: null, locked_until: null, last_error: error }
        : { status: 'failed', finished_at: now, locked_by: null, locked_until: null, last_error: error },
    )
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
}
