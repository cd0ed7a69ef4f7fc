import { describe, expect, it } from 'vitest';
import { alpha2OfNumeric, COUNTRY_CODES, countryOptions } from './countries';

describe('countries', () => {
  it('knows every ISO 3166-1 country, North Korea and Russia among them', () => {
    expect(COUNTRY_CODES.length).toBeGreaterThanOrEqual(249);
    expect(COUNTRY_CODES).toEqual(expect.arrayContaining(['KP', 'RU', 'CN', 'KR']));
  });

  it("maps world-atlas's numeric ids to alpha-2, padded or not", () => {
    expect(alpha2OfNumeric('408')).toBe('KP');
    expect(alpha2OfNumeric(643)).toBe('RU');
    expect(alpha2OfNumeric(4)).toBe('AF');
    expect(alpha2OfNumeric('999')).toBeUndefined();
  });

  it('names and sorts the options in the user language', () => {
    const korean = countryOptions('ko');
    expect(korean.find((option) => option.value === 'RU')?.label).toBe('러시아');
    const labels = korean.map((option) => option.label);
    expect(labels).toEqual([...labels].sort(new Intl.Collator('ko').compare));
  });
});
