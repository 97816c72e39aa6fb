import { describe, expect, it } from 'vitest';
import { formatDuration, formatSessionDate, isSessionDate, parseDuration, stamp, today } from './time';

describe('stamp', () => {
  it('formats hours, minutes and seconds like the core', () => {
    expect(stamp(0)).toBe('00:00:00');
    expect(stamp(999)).toBe('00:00:00');
    expect(stamp(2_052_000)).toBe('00:34:12');
    expect(stamp(3_600_000 * 3 + 61_000)).toBe('03:01:01');
    expect(stamp(-5)).toBe('00:00:00');
    expect(stamp(null)).toBe('00:00:00');
    expect(stamp(100 * 3_600_000)).toBe('100:00:00');
  });
});

describe('durations', () => {
  it('reads what a consultant types', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('90m')).toBe(90);
    expect(parseDuration('90 min')).toBe(90);
    expect(parseDuration('3h')).toBe(180);
    expect(parseDuration('3 hours')).toBe(180);
    expect(parseDuration('2.5h')).toBe(150);
    expect(parseDuration('2,5 h')).toBe(150);
    expect(parseDuration('1h30')).toBe(90);
    expect(parseDuration('1 h 30 min')).toBe(90);
    expect(parseDuration('1:30')).toBe(90);
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('soon')).toBeNull();
    expect(parseDuration('1:75')).toBeNull();
    expect(parseDuration('1h75')).toBeNull();
  });

  it('writes hours and minutes', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(180)).toBe('3 h');
    expect(formatDuration(90)).toBe('1 h 30');
    expect(formatDuration(125)).toBe('2 h 05');
  });
});

describe('dates', () => {
  it('accepts what the core accepts', () => {
    expect(isSessionDate('')).toBe(true);
    expect(isSessionDate('2026-11-26')).toBe(true);
    expect(isSessionDate('2026-11-26 14:00')).toBe(true);
    expect(isSessionDate('2026-13-01')).toBe(false);
    expect(isSessionDate('2026-11-26 25:00')).toBe(false);
    expect(isSessionDate('26/11/2026')).toBe(false);
  });

  it('formats a session date and today', () => {
    expect(formatSessionDate('2026-11-26 14:00')).toBe('Thu 26 Nov 2026, 14:00');
    expect(formatSessionDate('')).toBe('No date yet');
    expect(today(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
