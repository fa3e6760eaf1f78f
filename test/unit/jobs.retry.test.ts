import { describe, expect, it } from 'vitest';
import { describeJobError, PermanentJobError } from '../../src/jobs/jobs';
import { nextRunAt, retryDelayMs } from '../../src/jobs/retry';

describe('job retry policy', () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [8, 640_000],
    [10, 2_560_000],
    [11, 3_600_000],
    [50, 3_600_000],
  ])('after attempt %i waits %i ms', (attempts, delay) => {
    expect(retryDelayMs(attempts)).toBe(delay);
  });

  it('schedules the next attempt from now, and none once the attempts are used up', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(nextRunAt(now, 1, 3)).toEqual(new Date('2030-01-01T00:00:05Z'));
    expect(nextRunAt(now, 2, 3)).toEqual(new Date('2030-01-01T00:00:10Z'));
    expect(nextRunAt(now, 3, 3)).toBeNull();
    expect(nextRunAt(now, 4, 3)).toBeNull();
  });

  it('keeps an error’s message (not its stack) for the administration', () => {
    expect(describeJobError(new Error('connect ECONNREFUSED'))).toBe('connect ECONNREFUSED');
    expect(describeJobError(new PermanentJobError('bad payload'))).toBe('PermanentJobError: bad payload');
    expect(describeJobError(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(describeJobError('plain')).toBe('plain');
    expect(describeJobError(new Error(''))).toBe('Unknown error');
    expect(describeJobError(new Error('x'.repeat(5000)))).toHaveLength(2000);
  });
});
