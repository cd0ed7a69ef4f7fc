export type DatePrecision = 'day' | 'month' | 'year';

const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** English dates the way reports write them: "12 January 2025", not "January 12, 2025". */
const locale = (language: string): string => (language === 'en' ? 'en-GB' : language);

/** Thin spaces become spaces, and a range of two numbers closes up: "12–29 January 2025". */
const tidy = (text: string): string =>
  text.replace(/[\u2009\u202f]/g, ' ').replace(/(\d) – (\d)/g, '$1–$2');

/**
 * Formatters are kept, one per language and style: building an Intl.DateTimeFormat costs far
 * more than using one, and a list page formats two dates on each of its rows.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function cached(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formatters.get(key);
  if (!format) {
    format = make();
    formatters.set(key, format);
  }
  return format;
}

function formatter(language: string, precision: DatePrecision): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions =
    precision === 'day'
      ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
      : precision === 'month'
        ? { month: 'long', year: 'numeric', timeZone: 'UTC' }
        : { year: 'numeric', timeZone: 'UTC' };
  return cached(
    `${language}|${precision}`,
    () => new Intl.DateTimeFormat(locale(language), options),
  );
}

/**
 * An incident's dates as their precision says, in the user's language: "12–29 January 2025",
 * "March 2024", "2024"; a single date when from and to fall in the same period.
 */
export function formatPeriod(
  from: string,
  to: string | null | undefined,
  precision: DatePrecision,
  language: string,
): string {
  const format = formatter(language, precision);
  const start = utc(from);
  const end = utc(to ?? from);
  const same =
    precision === 'year'
      ? start.getUTCFullYear() === end.getUTCFullYear()
      : precision === 'month'
        ? start.getUTCFullYear() === end.getUTCFullYear() &&
          start.getUTCMonth() === end.getUTCMonth()
        : from === (to ?? from);
  return tidy(same ? format.format(start) : format.formatRange(start, end));
}

/** A timestamp for people: date and time in the user's language and time zone. */
export function formatTimestamp(iso: string, language: string): string {
  const format = cached(
    `${language}|timestamp`,
    () => new Intl.DateTimeFormat(locale(language), { dateStyle: 'medium', timeStyle: 'short' }),
  );
  return tidy(format.format(new Date(iso)));
}

const countryNames = new Map<string, Intl.DisplayNames>();

/** A country's name in the user's language from its ISO 3166-1 alpha-2 code. */
export function countryName(code: string, language: string): string {
  let names = countryNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
    countryNames.set(language, names);
  }
  return names.of(code.toUpperCase()) ?? code;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** Counts in the user's language ("1,234", "1 234"), with one formatter kept per language. */
export function formatCount(value: number, language: string): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language);
    numberFormats.set(language, format);
  }
  return format.format(value);
}
