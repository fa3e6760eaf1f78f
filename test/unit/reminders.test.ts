import { describe, expect, it } from 'vitest';
import { reminderThreshold } from '../../src/awards/reminders';

const DAY = 86_400_000;
const until = new Date('2031-06-30T00:00:00Z');
const daysBefore = (d: number) => new Date(until.getTime() - d * DAY);

describe('which expiry reminder is due (90, 30 and 7 days)', () => {
  const days = [90, 30, 7];
  const issuedLongAgo = new Date('2028-06-30T00:00:00Z');
  it.each([
    ['120 days left', 120, null],
    ['exactly 90 days left', 90, 90],
    ['60 days left', 60, 90],
    ['30 days left', 30, 30],
    ['10 days left', 10, 30],
    ['7 days left', 7, 7],
    ['one hour left', 1 / 24, 7],
    ['expired', 0, null],
    ['expired a day ago', -1, null],
  ] as const)('%s', (_, left, expected) => {
    expect(reminderThreshold(days, issuedLongAgo, until, daysBefore(left))).toBe(expected);
  });

  it('does not remind of a threshold crossed before the credential existed', () => {
    // Issued 60 days before its end: no 90-day reminder, the 30-day one when it comes.
    const issued = daysBefore(60);
    expect(reminderThreshold(days, issued, until, daysBefore(59))).toBeNull();
    expect(reminderThreshold(days, issued, until, daysBefore(30))).toBe(30);
    // Issued 5 days before its end: never reminded.
    expect(reminderThreshold(days, daysBefore(5), until, daysBefore(2))).toBeNull();
  });

  it('reminds of nothing when no days are set', () => {
    expect(reminderThreshold([], issuedLongAgo, until, daysBefore(1))).toBeNull();
  });
});
