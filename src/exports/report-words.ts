/**
 * Codes, dates and counts in the words a reader of a published report expects (spec 10):
 * "12–29 January 2025", "North Korea", "Likely". English only, dates in UTC.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Between two parts of a range: an en dash, spaced when either side has spaces of its own. */
const TIGHT = '\u2013';
const SPACED = ` ${TIGHT} `;

interface Day {
  year: number;
  month: number;
  day: number;
}

/** A calendar date 'YYYY-MM-DD' (or 'YYYY-MM', 'YYYY'), read without any time zone. */
function parseDay(text: string): Day {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text);
  if (!match) throw new Error(`not a calendar date: ${text}`);
  return { year: Number(match[1]), month: Number(match[2] ?? 1), day: Number(match[3] ?? 1) };
}

const monthName = (day: Day): string => MONTHS[day.month - 1];

/** "7 December 2026": the day of a timestamp, in UTC. */
export function dayInWords(at: Date): string {
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`;
}

/** "12 January 2025" from '2025-01-12'. */
export function dateInWords(date: string): string {
  const day = parseDay(date);
  return `${day.day} ${monthName(day)} ${day.year}`;
}

/** "January 2025" from '2025-01' (or any date in that month). */
export function monthInWords(month: string): string {
  const day = parseDay(month);
  return `${monthName(day)} ${day.year}`;
}

/**
 * An incident's dates as their precision says, the shared parts written once:
 * day: "12 January 2025", "12–29 January 2025", "28 January – 3 February 2025",
 * "28 December 2024 – 3 January 2025"; month: "March 2024", "January–March 2024",
 * "December 2024 – February 2025"; year: "2024", "2023–2024".
 */
export function datesInWords(from: string, to: string, precision: string): string {
  const start = parseDay(from);
  const end = parseDay(to < from ? from : to);
  const sameYear = start.year === end.year;
  const sameMonth = sameYear && start.month === end.month;
  switch (precision) {
    case 'year':
      return sameYear ? `${start.year}` : `${start.year}${TIGHT}${end.year}`;
    case 'month':
      if (sameMonth) return `${monthName(start)} ${start.year}`;
      if (sameYear) return `${monthName(start)}${TIGHT}${monthName(end)} ${end.year}`;
      return `${monthName(start)} ${start.year}${SPACED}${monthName(end)} ${end.year}`;
    default:
      if (sameMonth && start.day === end.day) return dateInWords(from);
      if (sameMonth) return `${start.day}${TIGHT}${end.day} ${monthName(end)} ${end.year}`;
      if (sameYear) {
        return `${start.day} ${monthName(start)}${SPACED}${end.day} ${monthName(end)} ${end.year}`;
      }
      return `${dateInWords(from)}${SPACED}${end.day} ${monthName(end)} ${end.year}`;
  }
}

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** "North Korea" for KP, as ICU's English names have it; an unknown code stays a code. */
export function countryName(code: string): string {
  try {
    return REGIONS.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "1 incident", "2 incidents". */
export const incidentCount = (count: number): string =>
  `${count} incident${count === 1 ? '' : 's'}`;

/** A code's word from a table, or the code itself with its underscores as spaces. */
export const wordOf = (words: Readonly<Record<string, string>>, code: string): string =>
  words[code] ?? code.replace(/_/g, ' ');

export const STATUS_WORDS: Readonly<Record<string, string>> = {
  intake: 'Intake',
  in_verification: 'In verification',
  verified: 'Verified',
  published: 'Published',
  rejected: 'Rejected',
  retracted: 'Retracted',
};

export const CONFIDENCE_WORDS: Readonly<Record<string, string>> = {
  confirmed: 'Confirmed',
  likely: 'Likely',
  possible: 'Possible',
};

export const SOURCE_KIND_WORDS: Readonly<Record<string, string>> = {
  media: 'Media',
  ngo: 'NGO',
  informant: 'Informant',
  official: 'Official',
  satellite_imagery: 'Satellite imagery',
  shipping_data: 'Shipping data',
  social_media: 'Social media',
  court_record: 'Court record',
  other: 'Other',
};

export const PLACE_ROLE_WORDS: Readonly<Record<string, string>> = {
  origin: 'origin',
  transit: 'transit',
  destination: 'destination',
  occurrence: 'where it happened',
};

export const ACTOR_TYPE_WORDS: Readonly<Record<string, string>> = {
  person: 'person',
  organization: 'organisation',
  company: 'company',
  vessel: 'vessel',
  state: 'state',
};
