// Enqueueing: a job row inserted with the transaction that causes it, so that a rolled-back
// change sends nothing and a committed one is never lost.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface EnqueueOptions {
  runAt?: Date;
  /** A job with the same key is enqueued once only (later calls do nothing). */
  dedupeKey?: string;
  maxAttempts?: number;
}

export async function enqueue(db: Kysely<DB>, name: string, payload: object, options: EnqueueOptions = {}): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      name,
      payload: JSON.stringify(payload),
      ...(options.runAt ? { run_at: options.runAt } : {}),
      ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
      dedupe_key: options.dedupeKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}
