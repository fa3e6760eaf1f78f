// Domain types of the job queue, the one place where a job row becomes a Job, and the error
// a handler throws when retrying cannot help.
import type { JobRow, JobStatus } from '../db/schema';

export type { JobStatus };
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const satisfies readonly JobStatus[];

/** A job as the administration sees it (the payload stays inside the queue: it may hold personal data). */
export interface Job {
  id: string;
  name: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export function jobRowToJob(row: JobRow): Job {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Thrown by a handler when running the job again cannot succeed (a malformed payload, an unknown
 * template, a recipient the mail server refuses for good): the job fails at once, without retries.
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** What is kept of an error in jobs.last_error: its message, not its stack (that goes to the log). */
export function describeJobError(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.slice(0, 2000) || 'Unknown error';
}
