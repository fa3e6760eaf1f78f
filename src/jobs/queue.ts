// Enqueueing: a job row inserted with the transaction that causes it (pass the transaction as
// `db`), so that a rolled-back change runs nothing and a committed one is never lost: the job
// waits in the table until a worker runs it, even if the process dies right after the commit.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface EnqueueOptions {
  /** Not before this time (default: at once). */
  runAt?: Date;
  /** A job with the same key is enqueued once only, ever: later calls do nothing. */
  dedupeKey?: string;
  /** Attempts before the job is 'failed' for good (default 8, see retry.ts). */
  maxAttempts?: number;
}

/** Enqueues a named job; returns its id, or null when a job with the same dedupe key exists. */
export async function enqueue(
  db: Kysely<DB>,
  name: string,
  payload: object,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const row = await db
    .insertInto('jobs')
    .values({
      name,
      payload: JSON.stringify(payload),
      ...(options.runAt ? { run_at: options.runAt } : {}),
      ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
      dedupe_key: options.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The start of the hour after `now` (UTC): when hourly jobs run. */
export function startOfNextHour(now: Date): Date {
  return new Date((Math.floor(now.getTime() / 3_600_000) + 1) * 3_600_000);
}
