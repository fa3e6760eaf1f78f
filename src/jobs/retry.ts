// Retry policy of jobs: exponential backoff from 5 s, capped at one hour.
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** When a failed attempt is retried, or null when the job has used all its attempts. */
export function nextRunAt(now: Date, attempts: number, maxAttempts: number): Date | null {
  return attempts >= maxAttempts ? null : new Date(now.getTime() + retryDelayMs(attempts));
}
