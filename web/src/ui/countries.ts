import codes from 'i18n-iso-countries/codes.json';
import { countryName } from './format';

/** ISO 3166-1: alpha-2 (what the API speaks) and numeric (what world-atlas's shapes carry). */
const TABLE = codes.map(([alpha2, , numeric]) => ({ alpha2, numeric }));

export const COUNTRY_CODES: readonly string[] = TABLE.map((row) => row.alpha2);

const byNumeric = new Map(TABLE.map((row) => [row.numeric, row.alpha2]));

/** The alpha-2 code of a world-atlas shape id ("408" → "KP"); undefined for an unknown id. */
export const alpha2OfNumeric = (numeric: string | number): string | undefined =>
  byNumeric.get(String(numeric).padStart(3, '0'));

/** Every country as a picker option, named and sorted in the user's language. */
export function countryOptions(language: string): { value: string; label: string }[] {
  const collator = new Intl.Collator(language);
  return COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code, language) })).sort(
    (a, b) => collator.compare(a.label, b.label),
  );
}
