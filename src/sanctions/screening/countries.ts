import { nameKey } from '../name-keys';

/**
 * Country names as the Consolidated List and monitors write them → ISO 3166 alpha-2. Only the
 * countries that DPRK sanctions cases involve (workers, ships' flags, banks' seats); a country
 * not here is compared by its name.
 */
const NAMES: Record<string, string> = {
  'democratic peoples republic of korea': 'KP',
  'korea democratic peoples republic of': 'KP',
  'north korea': 'KP',
  dprk: 'KP',
  'republic of korea': 'KR',
  'korea republic of': 'KR',
  'south korea': 'KR',
  russia: 'RU',
  'russian federation': 'RU',
  china: 'CN',
  'peoples republic of china': 'CN',
  'hong kong': 'HK',
  'china hong kong special administrative region': 'HK',
  'hong kong sar': 'HK',
  macao: 'MO',
  macau: 'MO',
  taiwan: 'TW',
  japan: 'JP',
  mongolia: 'MN',
  singapore: 'SG',
  malaysia: 'MY',
  thailand: 'TH',
  'viet nam': 'VN',
  vietnam: 'VN',
  cambodia: 'KH',
  'lao peoples democratic republic': 'LA',
  laos: 'LA',
  indonesia: 'ID',
  philippines: 'PH',
  myanmar: 'MM',
  burma: 'MM',
  'united arab emirates': 'AE',
  iran: 'IR',
  'iran islamic republic of': 'IR',
  'islamic republic of iran': 'IR',
  syria: 'SY',
  'syrian arab republic': 'SY',
  egypt: 'EG',
  uganda: 'UG',
  angola: 'AO',
  namibia: 'NA',
  'united states': 'US',
  'united states of america': 'US',
  'united kingdom': 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  ukraine: 'UA',
  belarus: 'BY',
  kazakhstan: 'KZ',
  uzbekistan: 'UZ',
  kyrgyzstan: 'KG',
  tajikistan: 'TJ',
  turkmenistan: 'TM',
  panama: 'PA',
  'sierra leone': 'SL',
  togo: 'TG',
  belize: 'BZ',
  'marshall islands': 'MH',
  palau: 'PW',
  comoros: 'KM',
  'saint kitts and nevis': 'KN',
  'saint vincent and the grenadines': 'VC',
  tanzania: 'TZ',
  'united republic of tanzania': 'TZ',
  malta: 'MT',
  cyprus: 'CY',
};

export interface Country {
  code: string | null;
  text: string;
}

/** An alpha-2 code or a country name, as a code where the table knows it. */
export function countryOf(value: string): Country {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return { code: trimmed.toUpperCase(), text: trimmed };
  const key = nameKey(trimmed)
    .replace(/^the /, '')
    .replace(/\bpeople s\b/g, 'peoples');
  return { code: NAMES[key] ?? null, text: key };
}

/** Whether two countries are one: true, false, or null when they cannot be told apart. */
export function sameCountry(a: Country, b: Country): boolean | null {
  if (a.code !== null && b.code !== null) return a.code === b.code;
  if (a.text !== '' && a.text === b.text) return true;
  return null;
}
