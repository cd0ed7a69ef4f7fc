import { DomainError } from '../common/errors';
import { assertIncidentRules, isCalendarDate, isImoNumber, normaliseDates } from './incident-rules';

describe('incident rules', () => {
  const today = new Date('2026-06-15T12:00:00Z');

  it('accepts real dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
  });

  it('checks the IMO check digit', () => {
    expect(isImoNumber('9074729')).toBe(true);
    expect(isImoNumber('9074728')).toBe(false);
    expect(isImoNumber('907472')).toBe(false);
  });

  const details = (fn: () => void): unknown => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).details;
    }
    throw new Error('expected a DomainError');
  };

  it('refuses future dates, reversed ranges and bad IMO numbers with field details', () => {
    expect(
      details(() =>
        assertIncidentRules({ occurredFrom: '2026-06-16', occurredTo: '2026-06-16' }, today),
      ),
    ).toEqual([
      { field: 'occurredFrom', errors: ['occurredFrom must not be in the future'] },
      { field: 'occurredTo', errors: ['occurredTo must not be in the future'] },
    ]);
    expect(
      details(() =>
        assertIncidentRules({ occurredFrom: '2025-02-01', occurredTo: '2025-01-31' }, today),
      ),
    ).toEqual([{ field: 'occurredTo', errors: ['occurredTo must not be before occurredFrom'] }]);
    expect(
      details(() =>
        assertIncidentRules(
          {
            occurredFrom: '2025-01-01',
            occurredTo: '2025-01-01',
            actors: [{ name: 'X', type: 'company', imoNumber: '9074728' }],
          },
          today,
        ),
      ),
    ).toEqual([
      { field: 'actors.0.imoNumber', errors: ['imoNumber check digit does not match'] },
      { field: 'actors.0.imoNumber', errors: ['only a vessel has an imoNumber'] },
    ]);
  });

  it('accepts today and a one-day range', () => {
    expect(() =>
      assertIncidentRules({ occurredFrom: '2026-06-15', occurredTo: '2026-06-15' }, today),
    ).not.toThrow();
  });
});

describe('month and year dates (spec 6)', () => {
  const today = new Date('2025-03-15T12:00:00Z');

  it('expands YYYY-MM with month precision to the first and the last day of the month', () => {
    expect(normaliseDates({ occurredFrom: '2025-01', datePrecision: 'month' }, today)).toEqual({
      occurredFrom: '2025-01-01',
      occurredTo: '2025-01-31',
    });
    expect(
      normaliseDates(
        { occurredFrom: '2024-02', occurredTo: '2024-02', datePrecision: 'month' },
        today,
      ),
    ).toEqual({ occurredFrom: '2024-02-01', occurredTo: '2024-02-29' });
  });

  it('expands YYYY with year precision, and stops an end in the current period at today', () => {
    expect(normaliseDates({ occurredFrom: '2023', datePrecision: 'year' }, today)).toEqual({
      occurredFrom: '2023-01-01',
      occurredTo: '2023-12-31',
    });
    expect(normaliseDates({ occurredFrom: '2025-03', datePrecision: 'month' }, today)).toEqual({
      occurredFrom: '2025-03-01',
      occurredTo: '2025-03-15',
    });
  });

  it('defaults occurredTo to occurredFrom for a day, and keeps full dates whatever the precision', () => {
    expect(normaliseDates({ occurredFrom: '2025-01-12' }, today)).toEqual({
      occurredFrom: '2025-01-12',
      occurredTo: '2025-01-12',
    });
    expect(
      normaliseDates(
        { occurredFrom: '2025-01-12', occurredTo: '2025-02-03', datePrecision: 'month' },
        today,
      ),
    ).toEqual({ occurredFrom: '2025-01-12', occurredTo: '2025-02-03' });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a month with day precision', { occurredFrom: '2025-01' }, 'occurredFrom'],
    [
      'a year with month precision',
      { occurredFrom: '2024', datePrecision: 'month' },
      'occurredFrom',
    ],
    ['month 13', { occurredFrom: '2025-13', datePrecision: 'month' }, 'occurredFrom'],
    [
      'a month occurredTo with year precision',
      { occurredFrom: '2024', occurredTo: '2024-05', datePrecision: 'year' },
      'occurredTo',
    ],
  ])('refuses %s, naming the field', (_case, input, field) => {
    expect(() => normaliseDates(input as never, today)).toThrow('Validation failed');
    try {
      normaliseDates(input as never, today);
    } catch (error) {
      expect((error as { details: { field: string }[] }).details.map((d) => d.field)).toEqual([
        field,
      ]);
    }
  });
});
