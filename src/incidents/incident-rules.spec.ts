import { DomainError } from '../common/errors';
import { assertIncidentRules, isCalendarDate, isImoNumber } from './incident-rules';

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
