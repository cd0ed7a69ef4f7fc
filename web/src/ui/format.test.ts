import { describe, expect, it } from 'vitest';
import { countryName, formatPeriod } from './format';

describe('dates as their precision says', () => {
  it('writes a range of days within a month once', () => {
    expect(formatPeriod('2025-01-12', '2025-01-29', 'day', 'en')).toBe('12–29 January 2025');
  });
  it('writes a single day without a range', () => {
    expect(formatPeriod('2025-01-12', '2025-01-12', 'day', 'en')).toBe('12 January 2025');
    expect(formatPeriod('2025-01-12', null, 'day', 'en')).toBe('12 January 2025');
  });
  it('writes a month, and a year, without days', () => {
    expect(formatPeriod('2024-03-01', '2024-03-31', 'month', 'en')).toBe('March 2024');
    expect(formatPeriod('2024-01-01', '2024-12-31', 'year', 'en')).toBe('2024');
  });
  it('writes ranges across months and years', () => {
    expect(formatPeriod('2025-01-28', '2025-02-03', 'day', 'en')).toBe(
      '28 January – 3 February 2025',
    );
    expect(formatPeriod('2023-11-01', '2024-02-29', 'month', 'en')).toBe(
      'November 2023 – February 2024',
    );
  });
  it('writes them in Korean and Russian', () => {
    expect(formatPeriod('2025-01-12', '2025-01-29', 'day', 'ko')).toBe('2025년 1월 12일~29일');
    expect(formatPeriod('2024-03-01', '2024-03-31', 'month', 'ru')).toBe('март 2024 г.');
  });
});

describe('country names', () => {
  it('come from Intl in the user’s language', () => {
    expect(countryName('KP', 'en')).toBe('North Korea');
    expect(countryName('ru', 'ko')).toBe('러시아');
    expect(countryName('RU', 'ru')).toBe('Россия');
  });
});
