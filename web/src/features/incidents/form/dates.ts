import type { DatePrecision } from '../../../ui/format';

const SHAPE: Record<DatePrecision, RegExp> = {
  day: /^\d{4}-\d{2}-\d{2}$/,
  month: /^\d{4}-\d{2}$/,
  year: /^\d{4}$/,
};

/** The input a precision is typed in: a day, a month or a year, never a day for a month. */
export const INPUT_TYPE: Record<DatePrecision, 'date' | 'month' | 'number'> = {
  day: 'date',
  month: 'month',
  year: 'number',
};

/** A stored date (YYYY-MM-DD) as the form shows it at a precision: 2025-01-01 → 2025-01. */
export function toPrecision(value: string, precision: DatePrecision): string {
  if (!value) return '';
  if (precision === 'year') return value.slice(0, 4);
  if (precision === 'month') return value.length >= 7 ? value.slice(0, 7) : `${value}-01`;
  if (value.length === 4) return `${value}-01-01`;
  if (value.length === 7) return `${value}-01`;
  return value;
}

function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** The first and last day of the period a form value names, or null when it names none. */
export function periodOf(
  value: string,
  precision: DatePrecision,
): { first: string; last: string } | null {
  if (!SHAPE[precision].test(value)) return null;
  if (precision === 'year') return { first: `${value}-01-01`, last: `${value}-12-31` };
  if (precision === 'month') {
    if (!isCalendarDate(`${value}-01`)) return null;
    const [year, month] = value.split('-').map(Number);
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    return { first: `${value}-01`, last };
  }
  return isCalendarDate(value) ? { first: value, last: value } : null;
}

export type DateProblem = 'required' | 'invalid' | 'future' | 'beforeStart';

/**
 * What is wrong with the dates as the API would judge them (spec 6): each a real period of the
 * precision, not starting in the future, the end not before the start. The end may be empty.
 */
export function dateProblems(
  from: string,
  to: string,
  precision: DatePrecision,
  today = new Date(),
): { occurredFrom?: DateProblem; occurredTo?: DateProblem } {
  const todayText = today.toISOString().slice(0, 10);
  const problems: { occurredFrom?: DateProblem; occurredTo?: DateProblem } = {};
  const start = from ? periodOf(from, precision) : null;
  if (!from) problems.occurredFrom = 'required';
  else if (!start) problems.occurredFrom = 'invalid';
  else if (start.first > todayText) problems.occurredFrom = 'future';
  if (to) {
    const end = periodOf(to, precision);
    if (!end) problems.occurredTo = 'invalid';
    else if (end.first > todayText) problems.occurredTo = 'future';
    else if (start && end.last < start.first) problems.occurredTo = 'beforeStart';
  }
  return problems;
}
