import { describe, expect, it } from 'vitest';
import { dateProblems, INPUT_TYPE, periodOf, toPrecision } from './dates';

const today = new Date('2026-03-15T12:00:00Z');

describe('the dates of an incident by precision', () => {
  it('is typed as a day, a month or a year: a month is never entered as a day', () => {
    expect(INPUT_TYPE).toEqual({ day: 'date', month: 'month', year: 'number' });
  });

  it('shows a stored date at its precision, and keeps what it said when the precision changes', () => {
    expect(toPrecision('2025-01-01', 'month')).toBe('2025-01');
    expect(toPrecision('2025-01-12', 'year')).toBe('2025');
    expect(toPrecision('2025-01', 'day')).toBe('2025-01-01');
    expect(toPrecision('2025', 'month')).toBe('2025-01');
    expect(toPrecision('', 'day')).toBe('');
  });

  it('knows the first and last day of each period', () => {
    expect(periodOf('2024-02', 'month')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(periodOf('2025', 'year')).toEqual({ first: '2025-01-01', last: '2025-12-31' });
    expect(periodOf('2025-02-30', 'day')).toBeNull();
    expect(periodOf('2025-01-12', 'month')).toBeNull();
    expect(periodOf('2025-13', 'month')).toBeNull();
  });

  it('judges them as the API does', () => {
    expect(dateProblems('2025-01', '', 'month', today)).toEqual({});
    expect(dateProblems('2025-01', '2025-03', 'month', today)).toEqual({});
    expect(dateProblems('', '', 'day', today)).toEqual({ occurredFrom: 'required' });
    expect(dateProblems('2025-01-12', '', 'month', today)).toEqual({ occurredFrom: 'invalid' });
    expect(dateProblems('2026-04', '', 'month', today)).toEqual({ occurredFrom: 'future' });
    // The current month has begun: it is not in the future.
    expect(dateProblems('2026-03', '', 'month', today)).toEqual({});
    expect(dateProblems('2025-03-01', '2025-02-28', 'day', today)).toEqual({
      occurredTo: 'beforeStart',
    });
    // The same month as the start is not before it, though its first day is.
    expect(dateProblems('2025-01', '2025-01', 'month', today)).toEqual({});
    expect(dateProblems('2024', '2023', 'year', today)).toEqual({ occurredTo: 'beforeStart' });
  });
});
