import { STAGE_DEADLINES } from '../src/reminders/reminders.service';
import type { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { IncidentStatus } from '../src/workflow/workflow';

/**
 * Synthetic incidents for benchmarks: deterministic for a seed, shaped like real monitoring
 * data, and with a Zipf-like vocabulary so that full-text search meets both extremes:
 * very common words (COMMON_TERM in roughly 40% of rows) and rare ones (RARE_TERM, about
 * 3 in 10,000 rows), plus a long tail of vessel, company and place names.
 */

/** Made-up vessel name inserted with RARE_TERM_RATE; about 30 incidents in 100,000. */
export const RARE_TERM = 'Zephyrine';
const RARE_TERM_RATE = 0.0003;
/** A word in a large share of titles and summaries. */
export const COMMON_TERM = 'workers';
/**
 * A word of a few percent of incidents that all lie in 2020-2022: common by count but far
 * from the newest rows, the worst case for walking the date index.
 */
export const PAST_TERM = 'pandemic';
/**
 * Two words of different categories, each in thousands of incidents but never in the same
 * one: the planner multiplies their frequencies, expects a few thousand matches, and walks
 * the date index looking for them.
 */
export const UNRELATED_TERMS = 'ammunition freelancers';

export const BENCH_PASSWORD = 'bench-password-0001';

export interface BenchUser {
  email: string;
  displayName: string;
  roles: string[];
}

export const BENCH_USERS: BenchUser[] = [
  { email: 'bench-admin@bench.example', displayName: 'Bench Admin', roles: ['admin'] },
  ...Array.from({ length: 24 }, (_, i) => ({
    email: `bench-monitor-${i + 1}@bench.example`,
    displayName: `Bench Monitor ${i + 1}`,
    roles: ['monitor'],
  })),
  ...Array.from({ length: 8 }, (_, i) => ({
    email: `bench-verifier-${i + 1}@bench.example`,
    displayName: `Bench Verifier ${i + 1}`,
    roles: ['verifier'],
  })),
  ...Array.from({ length: 4 }, (_, i) => ({
    email: `bench-writer-${i + 1}@bench.example`,
    displayName: `Bench Writer ${i + 1}`,
    roles: ['writer'],
  })),
];

export interface Reference {
  regimes: string[];
  categories: string[];
  /** Provision codes by regime code. */
  provisions: Map<string, string[]>;
}

export interface SyntheticUsers {
  monitors: string[];
  verifiers: string[];
  writers: string[];
}

/** One generated incident as COPY text lines of incidents, sources and evidence. */
export interface SyntheticRows {
  incident: string;
  /** The reference is INC-<year>-<number>. */
  year: number;
  number: number;
  sources: string[];
  evidence: string[];
}

export const INCIDENT_COLUMNS = [
  'id',
  'reference',
  'status',
  'version',
  'title',
  'summary',
  'public_summary',
  'regime',
  'category',
  'provisions',
  'occurred_from',
  'occurred_to',
  'date_precision',
  'locations',
  'actors',
  'quantities',
  'tags',
  'confidence',
  'assignee_id',
  'created_by',
  'created_at',
  'updated_at',
  'submitted_at',
  'verified_at',
  'published_at',
  'stage_entered_at',
];

export const SOURCE_COLUMNS = [
  'id',
  'incident_id',
  'kind',
  'confidential',
  'pseudonym',
  'reliability',
  'credibility',
  'independence_group',
  'published_at',
  'name',
  'url',
  'notes',
  'created_by',
  'created_at',
  'updated_at',
];

export const EVIDENCE_COLUMNS = [
  'id',
  'incident_id',
  'source_id',
  'kind',
  'description',
  'url',
  'text',
  'captured_at',
  'status',
  'review_note',
  'reviewed_by',
  'reviewed_at',
  'created_by',
  'created_at',
];

/** mulberry32: small, fast and good enough for synthetic data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Weighted<T> = readonly (readonly [T, number])[];

/** Picks from a fixed list by weight, in O(log n). */
class Picker<T> {
  private readonly items: T[];
  private readonly cumulative: number[];

  constructor(entries: Weighted<T>) {
    this.items = entries.map(([item]) => item);
    let sum = 0;
    this.cumulative = entries.map(([, weight]) => (sum += weight));
  }

  /** Zipf: the k-th item has weight 1/k^s. */
  static zipf<T>(items: readonly T[], s = 1): Picker<T> {
    return new Picker(items.map((item, k) => [item, 1 / Math.pow(k + 1, s)] as const));
  }

  pick(random: () => number): T {
    const target = random() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return this.items[low];
  }
}

// ---- word lists -------------------------------------------------------------------------

const KP_PLACES: Weighted<[string, string]> = [
  [['Pyongyang', 'Pyongyang'], 10],
  [['Nampo', 'South Pyongan'], 8],
  [['Chongjin', 'North Hamgyong'], 5],
  [['Rason', 'Rason'], 6],
  [['Wonsan', 'Kangwon'], 4],
  [['Sinuiju', 'North Pyongan'], 5],
  [['Musan', 'North Hamgyong'], 2],
  [['Hamhung', 'South Hamgyong'], 2],
  [['Haeju', 'South Hwanghae'], 2],
  [['Songrim', 'North Hwanghae'], 1],
  [['Kimchaek', 'North Hamgyong'], 1],
  [['Hyesan', 'Ryanggang'], 2],
];

/** Countries where DPRK-related activity is reported, with a few of their places. */
const FOREIGN: Weighted<[string, string[]]> = [
  [['CN', ['Dandong', 'Shenyang', 'Hunchun', 'Yanji', 'Dalian', 'Qingdao', 'Longkou']], 25],
  [['RU', ['Vladivostok', 'Nakhodka', 'Khabarovsk', 'Moscow', 'Ussuriysk', 'Novosibirsk']], 20],
  [['AE', ['Dubai', 'Sharjah', 'Abu Dhabi']], 6],
  [['HK', ['Hong Kong']], 4],
  [['LA', ['Vientiane']], 3],
  [['VN', ['Hanoi', 'Haiphong']], 3],
  [['KH', ['Phnom Penh']], 2],
  [['MY', ['Kuala Lumpur', 'Port Klang']], 3],
  [['SG', ['Singapore']], 3],
  [['TW', ['Kaohsiung', 'Taipei']], 2],
  [['ID', ['Jakarta', 'Batam']], 2],
  [['PH', ['Manila', 'Subic']], 2],
  [['MN', ['Ulaanbaatar']], 2],
  [['TH', ['Bangkok', 'Laem Chabang']], 2],
  [['IR', ['Tehran', 'Bandar Abbas']], 2],
  [['SY', ['Damascus', 'Latakia']], 1],
  [['NG', ['Lagos']], 1],
  [['TZ', ['Dar es Salaam']], 1],
  [['AO', ['Luanda']], 1],
  [['KW', ['Kuwait City']], 1],
  [['QA', ['Doha']], 1],
  [['MM', ['Yangon']], 1],
  [['PL', ['Gdansk']], 0.5],
  [['MT', ['Valletta']], 0.5],
];

/** Countries of the other regimes. */
const REGIME_COUNTRIES: Record<string, string[]> = {
  'UN-1267': ['SY', 'IQ', 'AF', 'SO', 'TR'],
  'UN-1518': ['IQ', 'JO'],
  'UN-1533': ['CD', 'RW', 'UG', 'BI'],
  'UN-1591': ['SD', 'TD', 'LY'],
  'UN-1636': ['LB', 'SY'],
  'UN-1970': ['LY', 'TR', 'AE', 'EG'],
  'UN-1988': ['AF', 'PK'],
  'UN-2048': ['GW', 'SN'],
  'UN-2127': ['CF', 'CM', 'TD'],
  'UN-2140': ['YE', 'IR', 'OM'],
  'UN-2206': ['SS', 'UG', 'KE'],
  'UN-2653': ['HT', 'DO', 'US'],
  'UN-2713': ['SO', 'KE', 'YE'],
};

const SYLLABLES = [
  'ka', 'ro', 'mi', 'tan', 'sol', 've', 'dor', 'lin', 'qua', 'bar', 'nek', 'os', 'ul', 'ri',
  'zan', 'pe', 'hol', 'ma', 'tis', 'gra', 'vel', 'mun', 'ost', 'dra',
]; // prettier-ignore

/** Invented names (places, companies, people) for the long tail of the vocabulary. */
function inventNames(count: number, random: () => number): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const parts = 2 + Math.floor(random() * 2);
    let name = '';
    for (let i = 0; i < parts; i++) name += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    names.add(name[0].toUpperCase() + name.slice(1));
  }
  return [...names];
}

const VESSEL_FIRST = [
  'Sea', 'Ocean', 'Golden', 'Pacific', 'Grand', 'Blue', 'Morning', 'Orient', 'Jin', 'Hae',
  'Kum', 'Ryong', 'Chon', 'Paek', 'Asia', 'Lucky', 'New', 'Great', 'Silver', 'Rich',
]; // prettier-ignore
const VESSEL_SECOND = [
  'Star', 'Glory', 'Dragon', 'Bright', 'Pioneer', 'Fortune', 'Wind', 'Hope', 'Harmony',
  'Phoenix', 'Trader', 'Spirit', 'Sun', 'Rise', 'Peace', 'Unity', 'Crown', 'Pearl',
]; // prettier-ignore

const COMPANY_SUFFIX = [
  'Trading Co', 'Shipping Ltd', 'General Trading', 'Corporation', 'Logistics', 'Industrial Group',
  'Maritime', 'Holdings', 'International',
]; // prettier-ignore

const PLATFORMS = ['Upwork', 'Freelancer', 'Fiverr', 'GitHub', 'LinkedIn', 'Telegram'];
const CARGO = ['refined petroleum', 'coal', 'iron ore', 'diesel', 'crude oil', 'sand', 'seafood'];
const SECTORS = [
  'construction',
  'logging',
  'fishing',
  'textile',
  'restaurant',
  'shipyard',
  'mining',
];
const SEAS = ['the East China Sea', 'the Yellow Sea', 'the Gulf of Tonkin', 'the Sea of Japan'];
const DUAL_USE = ['machine tools', 'carbon fibre', 'electronic components', 'aluminium alloy'];
const LUXURY = ['vehicles', 'watches', 'spirits', 'cosmetics', 'pianos'];
const EXCHANGES = ['a crypto-asset exchange', 'a bridge protocol', 'a gaming network'];

/** Everyday words of reports with Zipf weights: the body of the vocabulary. */
const FILLER = Picker.zipf(
  [
    'reported', 'according', 'payment', 'cargo', 'company', 'contract', 'port', 'local',
    'authorities', 'documents', 'shipment', 'records', 'agents', 'sources', 'satellite',
    'imagery', 'invoices', 'registration', 'crew', 'flag', 'owner', 'manager', 'broker',
    'transfer', 'network', 'customs', 'declaration', 'border', 'warehouse', 'delivery',
    'intermediary', 'accounts', 'proceeds', 'earnings', 'remittance', 'employer', 'dormitory',
    'supervisor', 'visa', 'permit', 'tourist', 'student', 'trainee', 'facility', 'railway',
    'truck', 'convoy', 'container', 'tanker', 'bulk', 'carrier', 'anchorage', 'terminal',
    'loading', 'discharge', 'tonnes', 'barrels', 'value', 'estimated', 'observed', 'photographs',
    'witness', 'interview', 'leaked', 'spreadsheet', 'ledger', 'bank', 'wire', 'cash',
    'courier', 'diplomat', 'embassy', 'trade', 'office', 'representative', 'designated',
    'entity', 'individual', 'alias', 'passport', 'nationality', 'fishing', 'licence', 'quota',
    'auction', 'laundering', 'wallet', 'mixer', 'hackers', 'malware', 'phishing', 'dormant',
    'refinery', 'smuggling', 'night', 'coastline', 'inspection', 'seized', 'detained',
    'arrested', 'fined', 'investigation', 'panel', 'experts', 'committee', 'resolution',
  ],
  0.9,
); // prettier-ignore

interface Words {
  foreignPlaces: Picker<[string, string[]]>;
  kpPlaces: Picker<[string, string]>;
  vessels: Picker<string>;
  companies: Picker<string>;
  people: Picker<string>;
  invented: Picker<string>;
}

function buildWords(random: () => number): Words {
  const invented = inventNames(3000, random);
  const vessels: string[] = [];
  for (const first of VESSEL_FIRST)
    for (const second of VESSEL_SECOND)
      vessels.push(`${first} ${second}`, `${first} ${second} ${1 + Math.floor(random() * 9)}`);
  const companies = invented
    .slice(0, 1200)
    .map((name, i) => `${name} ${COMPANY_SUFFIX[i % COMPANY_SUFFIX.length]}`);
  const people = invented
    .slice(1200, 2000)
    .map((name, i) => `${['Kim', 'Ri', 'Pak', 'Choe', 'Jang', 'Han'][i % 6]} ${name}`);
  shuffle(vessels, random);
  return {
    foreignPlaces: new Picker(FOREIGN),
    kpPlaces: new Picker(KP_PLACES),
    vessels: Picker.zipf(vessels, 0.8),
    companies: Picker.zipf(companies, 0.9),
    people: Picker.zipf(people, 0.9),
    invented: Picker.zipf(invented.slice(2000), 1.1),
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

// ---- COPY text format -------------------------------------------------------------------

const NULL = '\\N';

function text(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function json(value: unknown): string {
  return text(JSON.stringify(value));
}

/** Array literal of simple words (codes, slugs): no quoting needed. */
function array(values: string[]): string {
  return `{${values.join(',')}}`;
}

function nullable(value: string | null): string {
  return value === null ? NULL : text(value);
}

// ---- the generator ----------------------------------------------------------------------

const DAY = 86_400_000;

const STATUSES = new Picker<IncidentStatus>([
  ['published', 40],
  ['intake', 14],
  ['in_verification', 16],
  ['verified', 12],
  ['rejected', 12],
  ['retracted', 6],
]);

const DPRK_CATEGORIES: Weighted<string> = [
  ['overseas_labor', 22],
  ['it_workers', 8],
  ['ship_to_ship_transfer', 12],
  ['maritime_deception', 8],
  ['crew_and_vessel_services', 5],
  ['coal_export', 6],
  ['mineral_export', 3],
  ['textile_export', 3],
  ['seafood_export', 4],
  ['petroleum_import', 6],
  ['arms_embargo', 4],
  ['wmd_procurement', 3],
  ['luxury_goods', 3],
  ['joint_venture', 3],
  ['financial_services', 4],
  ['asset_freeze_evasion', 3],
  ['cyber_theft', 4],
  ['travel_ban_violation', 2],
  ['other', 2],
];

const OTHER_CATEGORIES: Weighted<string> = [
  ['arms_embargo', 40],
  ['asset_freeze_evasion', 20],
  ['travel_ban_violation', 12],
  ['financial_services', 10],
  ['mineral_export', 8],
  ['petroleum_import', 4],
  ['other', 6],
];

/** Provisions that fit a DPRK category, when the reference table has them. */
const CATEGORY_PROVISIONS: Record<string, string[]> = {
  overseas_labor: ['UNSCR-2397-OP8', 'UNSCR-2375-OP17', 'UNSCR-2371'],
  it_workers: ['UNSCR-2397-OP8', 'UNSCR-2375-OP17'],
  ship_to_ship_transfer: ['UNSCR-2375', 'UNSCR-2397'],
  maritime_deception: ['UNSCR-2270', 'UNSCR-2397'],
  crew_and_vessel_services: ['UNSCR-2321', 'UNSCR-2270'],
  coal_export: ['UNSCR-2371', 'UNSCR-2321'],
  mineral_export: ['UNSCR-2371'],
  textile_export: ['UNSCR-2375'],
  seafood_export: ['UNSCR-2371'],
  petroleum_import: ['UNSCR-2397', 'UNSCR-2375'],
  arms_embargo: ['UNSCR-1718'],
  wmd_procurement: ['UNSCR-1718', 'UNSCR-2270'],
  luxury_goods: ['UNSCR-1718', 'UNSCR-2270'],
  joint_venture: ['UNSCR-2375'],
  financial_services: ['UNSCR-2270', 'UNSCR-2321'],
  asset_freeze_evasion: ['UNSCR-1718'],
  cyber_theft: ['UNSCR-2270'],
  travel_ban_violation: ['UNSCR-1718'],
};

const CATEGORY_TAGS: Record<string, string[]> = {
  overseas_labor: ['labor-export', 'construction', 'forced-labor', 'remittances'],
  it_workers: ['it-workers', 'remote-work', 'false-identity'],
  ship_to_ship_transfer: ['sts', 'petroleum', 'tanker', 'night-transfer'],
  maritime_deception: ['ais-off', 'false-flag', 'imo-laundering', 'spoofing'],
  crew_and_vessel_services: ['crew', 'chartering', 'flag-registry'],
  coal_export: ['coal', 'bulk-carrier', 'transshipment'],
  mineral_export: ['iron-ore', 'minerals'],
  textile_export: ['textiles', 'garments'],
  seafood_export: ['seafood', 'fishing-rights'],
  petroleum_import: ['petroleum', 'cap', 'tanker'],
  arms_embargo: ['arms', 'ammunition', 'military-cooperation'],
  wmd_procurement: ['procurement', 'dual-use', 'missiles'],
  luxury_goods: ['luxury-goods', 'vehicles'],
  joint_venture: ['joint-venture', 'cooperative-entity'],
  financial_services: ['banking', 'bulk-cash', 'front-company'],
  asset_freeze_evasion: ['front-company', 'asset-freeze'],
  cyber_theft: ['crypto', 'hacking', 'laundering'],
  travel_ban_violation: ['travel-ban', 'designated-person'],
  other: ['misc'],
};

type OneOf = <T>(items: readonly T[]) => T;

/**
 * Generates incidents one by one. References continue the per-year counters found in the
 * database; `counters` holds the last number per year when done.
 */
export class IncidentGenerator {
  readonly counters: Map<number, number>;
  private readonly random: () => number;
  private readonly words: Words;
  private readonly regimes: Picker<string>;
  private readonly dprkCategories: Picker<string>;
  private readonly otherCategories: Picker<string>;
  private readonly monitors: Picker<string>;
  private readonly now = Date.now();
  private readonly start: number;
  private readonly one: OneOf = (items) => items[Math.floor(this.random() * items.length)];

  constructor(
    seed: number,
    private readonly reference: Reference,
    private readonly users: SyntheticUsers,
    counters: Map<number, number>,
  ) {
    this.random = createRandom(seed);
    this.words = buildWords(this.random);
    this.counters = new Map(counters);
    const known = new Set(reference.categories);
    const usable = (list: Weighted<string>): Weighted<string> =>
      list.filter(([code]) => known.has(code));
    this.dprkCategories = new Picker(usable(DPRK_CATEGORIES));
    this.otherCategories = new Picker(usable(OTHER_CATEGORIES));
    // Most monitoring is about the DPRK regime; the others share the rest.
    this.regimes = new Picker(
      reference.regimes.map((code) => [code, code === 'UN-1718' ? 70 : 30 / 13] as const),
    );
    this.monitors = Picker.zipf(users.monitors, 0.7);
    this.start = this.now - 10 * 365 * DAY;
  }

  next(): SyntheticRows {
    const r = this.random;
    const id = randomUUID();
    const regime = this.regimes.pick(r);
    const dprk = regime === 'UN-1718';
    const category = (dprk ? this.dprkCategories : this.otherCategories).pick(r);
    const status = STATUSES.pick(r);

    // Dates over ten years, a little more recent activity than old.
    const from = this.start + Math.sqrt(r()) * (this.now - this.start - 2 * DAY);
    const precisionRoll = r();
    const precision = precisionRoll < 0.75 ? 'day' : precisionRoll < 0.93 ? 'month' : 'year';
    let occurredFrom = new Date(from);
    let occurredTo = new Date(from + (r() < 0.5 ? 0 : Math.floor(r() * 120) * DAY));
    if (precision === 'month') {
      occurredFrom = new Date(
        Date.UTC(occurredFrom.getUTCFullYear(), occurredFrom.getUTCMonth(), 1),
      );
      occurredTo = new Date(
        Date.UTC(occurredFrom.getUTCFullYear(), occurredFrom.getUTCMonth() + 1, 0),
      );
    } else if (precision === 'year') {
      occurredFrom = new Date(Date.UTC(occurredFrom.getUTCFullYear(), 0, 1));
      occurredTo = new Date(Date.UTC(occurredFrom.getUTCFullYear(), 11, 31));
    }
    if (occurredTo.getTime() > this.now - DAY) occurredTo = new Date(this.now - DAY);

    const context = this.describe(category, dprk, regime, occurredFrom);
    const createdAt = Math.min(
      this.now - 60_000,
      occurredTo.getTime() + Math.floor(r() * 120 * DAY) + Math.floor(r() * DAY),
    );
    const year = new Date(createdAt).getUTCFullYear();
    const number = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, number);

    const createdBy = this.monitors.pick(r);
    const step = (after: number): number =>
      Math.min(this.now - 1000, after + Math.floor(r() * 20 * DAY) + 3_600_000);
    const submitted = status === 'intake' ? null : step(createdAt);
    const verified =
      submitted !== null && ['verified', 'published', 'retracted'].includes(status)
        ? step(submitted)
        : null;
    const published =
      verified !== null && (status === 'published' || status === 'retracted')
        ? step(verified)
        : null;
    const retracted = status === 'retracted' && published !== null ? step(published) : null;
    const rejected = status === 'rejected' && submitted !== null ? step(submitted) : null;
    const updatedAt = Math.max(
      createdAt,
      submitted ?? 0,
      verified ?? 0,
      published ?? 0,
      retracted ?? 0,
      rejected ?? 0,
    );
    const assignee =
      status === 'intake' || (status === 'in_verification' && r() < 0.3)
        ? null
        : this.one(this.users.verifiers);
    const confidence =
      verified === null ? null : r() < 0.3 ? 'confirmed' : r() < 0.7 ? 'likely' : 'possible';
    const publicSummary =
      published !== null || (verified !== null && r() < 0.6) ? context.publicSummary : '';
    const provisions = this.provisionsFor(regime, category);
    const tags = this.tagsFor(category, context.tags);
    // Transitions past intake each bump the version.
    const version =
      1 +
      [submitted, verified, published, retracted, rejected].filter((t) => t !== null).length +
      Math.floor(r() * 3);

    const iso = (time: number | null): string =>
      time === null ? NULL : new Date(time).toISOString();
    const date = (value: Date): string => value.toISOString().slice(0, 10);
    const incident = [
      id,
      `INC-${year}-${String(number).padStart(4, '0')}`,
      status,
      String(version),
      text(context.title),
      text(context.summary),
      text(publicSummary),
      regime,
      category,
      array(provisions),
      date(occurredFrom),
      date(occurredTo),
      precision,
      json(context.locations),
      json(context.actors.map((actor) => ({ ...actor, id: randomUUID() }))),
      json(context.quantities),
      array(tags),
      nullable(confidence),
      nullable(assignee),
      createdBy,
      iso(createdAt),
      iso(updatedAt),
      iso(submitted),
      iso(verified),
      iso(published),
      // The last transition is what updatedAt records here: the current stay began then.
      iso(updatedAt),
    ].join('\t');

    const { sources, evidence } = this.attachments(id, status, createdBy, createdAt, assignee);
    return { incident, year, number, sources, evidence };
  }

  private provisionsFor(regime: string, category: string): string[] {
    const available = this.reference.provisions.get(regime) ?? [];
    if (available.length === 0) return [];
    const fitting = (CATEGORY_PROVISIONS[category] ?? []).filter((code) =>
      available.includes(code),
    );
    const chosen = new Set<string>();
    for (const code of fitting) if (this.random() < 0.7) chosen.add(code);
    if (chosen.size === 0) chosen.add(this.one(fitting.length > 0 ? fitting : available));
    return [...chosen].sort();
  }

  private tagsFor(category: string, extra: string[]): string[] {
    const tags = new Set(extra);
    for (const tag of CATEGORY_TAGS[category] ?? []) if (this.random() < 0.45) tags.add(tag);
    return [...tags].slice(0, 30);
  }

  /** Title, summaries, places, actors and quantities that fit the category. */
  private describe(
    category: string,
    dprk: boolean,
    regime: string,
    occurredFrom: Date,
  ): {
    title: string;
    summary: string;
    publicSummary: string;
    locations: Record<string, unknown>[];
    actors: Record<string, unknown>[];
    quantities: Record<string, unknown>[];
    tags: string[];
  } {
    const r = this.random;
    const w = this.words;
    const one = this.one;
    const [country, cities] = dprk
      ? w.foreignPlaces.pick(r)
      : [one(REGIME_COUNTRIES[regime] ?? ['XX']), [] as string[]];
    const city = cities.length > 0 ? one(cities) : w.invented.pick(r);
    const [kpPlace, kpArea] = w.kpPlaces.pick(r);
    const vessel = w.vessels.pick(r);
    const otherVessel = w.vessels.pick(r);
    const company = w.companies.pick(r);
    const person = w.people.pick(r);
    const count = 10 + Math.floor(Math.pow(r(), 2) * 490);
    const tonnes = 500 + Math.floor(r() * 12000);

    const locations: Record<string, unknown>[] = [];
    const actors: Record<string, unknown>[] = [];
    const quantities: Record<string, unknown>[] = [];
    const tags: string[] = [];
    const destination = (placeName = city): void => {
      locations.push({ role: 'destination', countryCode: country, placeName });
    };
    const origin = (): void => {
      locations.push({ role: 'origin', countryCode: 'KP', adminArea: kpArea, placeName: kpPlace });
    };
    const ship = (name: string, role: string): void => {
      actors.push({
        name,
        type: 'vessel',
        role,
        imoNumber: String(8_000_000 + Math.floor(r() * 1_999_999)),
      });
    };

    let title: string;
    const sentences: string[] = [];
    switch (category) {
      case 'overseas_labor': {
        const sector = one(SECTORS);
        title = one([
          `${count} North Korean workers sent to ${city} for ${sector} work`,
          `DPRK ${sector} workers employed in ${city}`,
          `Workers from ${kpPlace} dispatched to ${country === 'RU' ? 'Russia' : city}`,
          `North Korean workers at a ${sector} site near ${city}`,
        ]);
        sentences.push(
          `About ${count} workers left ${kpPlace} in groups and arrived in ${city}.`,
          `The workers were employed by ${company} on ${sector} contracts; their earnings were collected by a supervisor.`,
        );
        if (r() < 0.4) sentences.push('They travelled by train and then by ship.');
        origin();
        destination();
        actors.push({ name: company, type: 'company', role: 'employer' });
        quantities.push({ value: count, unit: 'workers', approximate: r() < 0.7 });
        tags.push('labor-export');
        break;
      }
      case 'it_workers':
        title = one([
          `DPRK IT workers posing as freelancers on ${one(PLATFORMS)}`,
          `IT workers earning income for ${company} through remote contracts`,
          `Remote developers linked to ${company} paid via ${city}`,
        ]);
        sentences.push(
          `A group of IT workers used false identities to win contracts on ${one(PLATFORMS)}.`,
          `Payments were routed through accounts in ${city} controlled by ${person}.`,
        );
        origin();
        locations.push({ role: 'occurrence', countryCode: country, placeName: city });
        actors.push({ name: company, type: 'company', role: 'front company' });
        actors.push({ name: person, type: 'person', role: 'facilitator' });
        quantities.push({ value: 5 + Math.floor(r() * 40), unit: 'workers', approximate: true });
        break;
      case 'ship_to_ship_transfer': {
        const cargo = one(CARGO);
        title = one([
          `Ship-to-ship transfer of ${cargo} between ${vessel} and ${otherVessel}`,
          `${vessel} received ${cargo} from another ship off ${city}`,
          `Suspected ship-to-ship transfer in ${one(SEAS)}`,
        ]);
        sentences.push(
          `Satellite imagery shows the ${vessel} alongside the ${otherVessel} in ${one(SEAS)}.`,
          `The ship then sailed to ${kpPlace} with its AIS transponder off.`,
        );
        ship(vessel, 'receiving vessel');
        ship(otherVessel, 'supplying vessel');
        locations.push({ role: 'occurrence', countryCode: country, placeName: city });
        locations.push({ role: 'destination', countryCode: 'KP', placeName: kpPlace });
        quantities.push({ value: tonnes, unit: 'tonnes', approximate: true });
        break;
      }
      case 'maritime_deception':
        title = one([
          `${vessel} switched off AIS near ${city}`,
          `Vessel ${vessel} broadcast a false identity in ${one(SEAS)}`,
          `IMO number of ${vessel} used by another ship`,
        ]);
        sentences.push(
          `The ship ${vessel} disappeared from AIS for ${2 + Math.floor(r() * 20)} days.`,
          `Its registered owner ${company} is a shell company in ${city}.`,
        );
        ship(vessel, 'vessel');
        actors.push({ name: company, type: 'company', role: 'registered owner' });
        locations.push({ role: 'occurrence', countryCode: country, placeName: city });
        break;
      case 'crew_and_vessel_services':
        title = `Crew services provided to ${vessel} at ${city}`;
        sentences.push(
          `North Korean crew workers served aboard the ship ${vessel}, chartered by ${company}.`,
        );
        ship(vessel, 'vessel');
        actors.push({ name: company, type: 'company', role: 'charterer' });
        destination();
        quantities.push({ value: 10 + Math.floor(r() * 30), unit: 'workers', approximate: true });
        break;
      case 'coal_export':
      case 'mineral_export':
      case 'textile_export':
      case 'seafood_export': {
        const good = {
          coal_export: 'coal',
          mineral_export: 'iron ore',
          textile_export: 'textiles',
          seafood_export: 'seafood',
        }[category];
        title = one([
          `${good[0].toUpperCase()}${good.slice(1)} from ${kpPlace} delivered to ${city} aboard ${vessel}`,
          `Shipment of ${good} by ship from ${kpPlace} to ${city}`,
          `${company} bought DPRK ${good} through ${city}`,
        ]);
        sentences.push(
          `The ship ${vessel} loaded about ${tonnes} tonnes of ${good} at ${kpPlace}.`,
          `Documents gave a false origin; the buyer was ${company}.`,
        );
        ship(vessel, 'carrier');
        actors.push({ name: company, type: 'company', role: 'buyer' });
        origin();
        destination();
        quantities.push({ value: tonnes, unit: 'tonnes', approximate: true });
        break;
      }
      case 'petroleum_import':
        title = dprk
          ? `Refined petroleum delivered to ${kpPlace} by ${vessel}`
          : `Fuel smuggled to ${city} aboard ${vessel}`;
        sentences.push(
          `The tanker ${vessel} discharged about ${tonnes * 7} barrels.`,
          `Payment went through ${company}.`,
        );
        ship(vessel, 'tanker');
        actors.push({ name: company, type: 'company', role: 'supplier' });
        if (dprk) locations.push({ role: 'destination', countryCode: 'KP', placeName: kpPlace });
        else destination();
        quantities.push({ value: tonnes * 7, unit: 'barrels', approximate: true });
        break;
      case 'arms_embargo':
        title = one([
          `Arms shipment to ${dprk ? city : w.invented.pick(r)} intercepted`,
          `Ammunition transferred by ${company}`,
          `Military equipment seen at ${city}`,
        ]);
        sentences.push(
          `Crates of ammunition were moved by ship and truck; ${company} arranged the transport.`,
        );
        actors.push({ name: company, type: 'company', role: 'broker' });
        destination();
        break;
      case 'wmd_procurement':
        title = `Procurement of ${one(DUAL_USE)} through ${company}`;
        sentences.push(
          `${company} in ${city} ordered ${one(DUAL_USE)} on behalf of a designated entity.`,
        );
        actors.push({ name: company, type: 'company', role: 'procurement agent' });
        destination();
        break;
      case 'luxury_goods':
        title = `Luxury ${one(LUXURY)} shipped to Pyongyang via ${city}`;
        sentences.push(`${company} declared the ${one(LUXURY)} as machinery parts.`);
        actors.push({ name: company, type: 'company', role: 'exporter' });
        locations.push({ role: 'transit', countryCode: country, placeName: city });
        locations.push({ role: 'destination', countryCode: 'KP', placeName: 'Pyongyang' });
        break;
      case 'joint_venture':
        title = `Joint venture between ${company} and a DPRK entity in ${city}`;
        sentences.push(`The venture employs DPRK workers and shares profits with ${person}.`);
        actors.push({ name: company, type: 'company', role: 'partner' });
        destination();
        break;
      case 'financial_services':
        title = one([
          `Bank accounts in ${city} used by ${company}`,
          `Bulk cash carried to ${city} by ${person}`,
        ]);
        sentences.push(
          `${person} opened accounts for ${company} and moved funds through correspondent banks.`,
        );
        actors.push({ name: company, type: 'company', role: 'account holder' });
        actors.push({ name: person, type: 'person', role: 'banker' });
        destination();
        break;
      case 'asset_freeze_evasion':
        title = `Front company ${company} used to evade the asset freeze`;
        sentences.push(`${company} in ${city} held assets for a designated entity.`);
        actors.push({ name: company, type: 'company', role: 'front company' });
        destination();
        break;
      case 'cyber_theft': {
        const stolen = 1 + Math.floor(r() * 300);
        title = `Crypto-asset theft of USD ${stolen} million from ${one(EXCHANGES)}`;
        sentences.push(
          `Hackers stole about USD ${stolen} million; the proceeds were laundered through mixers and brokers in ${city}.`,
        );
        actors.push({ name: company, type: 'organization', role: 'hacking group' });
        locations.push({ role: 'occurrence', countryCode: country, placeName: city });
        quantities.push({ value: stolen * 1_000_000, unit: 'USD', approximate: true });
        break;
      }
      case 'travel_ban_violation':
        title = `Designated individual ${person} travelled to ${city}`;
        sentences.push(`${person} arrived in ${city} on a passport under an alias.`);
        actors.push({ name: person, type: 'person', role: 'designated individual' });
        destination();
        break;
      default:
        title = `Reported activity of ${company} in ${city}`;
        sentences.push(`${company} was reported in ${city}.`);
        actors.push({ name: company, type: 'company' });
        destination();
    }

    // The shared vocabulary: workers and ships come up in many reports, filler words follow
    // a Zipf curve, and a long tail of invented names makes most words rare.
    if (r() < 0.15)
      sentences.push(
        `Local workers at the ${one(['port', 'site', 'depot'])} described the activity.`,
      );
    if (r() < 0.2)
      sentences.push(
        `Goods were later moved by ship to ${one(cities.length > 0 ? cities : [city])}.`,
      );
    const fillerCount = 6 + Math.floor(r() * 30);
    const filler: string[] = [];
    for (let i = 0; i < fillerCount; i++) filler.push(FILLER.pick(r));
    sentences.push(`${filler.join(' ')}.`);
    if (r() < 0.3) sentences.push(`A contact named ${w.invented.pick(r)} was mentioned.`);
    const year = occurredFrom.getUTCFullYear();
    const month = occurredFrom.getUTCMonth();
    if ((year === 2020 && month >= 2) || year === 2021 || (year === 2022 && month < 6)) {
      if (r() < 0.25) {
        sentences.push('Pandemic border closures delayed the movement.');
        tags.push('covid-19');
      }
    }
    if (r() < RARE_TERM_RATE) {
      const rare = `${RARE_TERM} ${one(VESSEL_SECOND)}`;
      sentences.push(`The ship ${rare} was seen nearby.`);
      ship(rare, 'associated vessel');
    }
    if (dprk && r() < 0.4 && !locations.some((l) => l.countryCode === 'KP')) {
      locations.push({ role: 'origin', countryCode: 'KP', placeName: kpPlace });
    }
    const summary = sentences.join(' ');
    return {
      title: title.slice(0, 200),
      summary,
      publicSummary: sentences.slice(0, 2).join(' '),
      locations,
      actors,
      quantities,
      tags,
    };
  }

  /** Sources and evidence as the workflow would have left them for the status. */
  private attachments(
    incidentId: string,
    status: IncidentStatus,
    createdBy: string,
    createdAt: number,
    reviewer: string | null,
  ): { sources: string[]; evidence: string[] } {
    const r = this.random;
    const sources: string[] = [];
    const evidence: string[] = [];
    // Everything past intake was submitted, which needs a source or evidence.
    const sourceCount =
      status === 'intake' ? (r() < 0.4 ? 1 + Math.floor(r() * 2) : 0) : 1 + Math.floor(r() * 3);
    const at = new Date(createdAt + 60_000).toISOString();
    const kinds = ['media', 'ngo', 'informant', 'official', 'satellite_imagery', 'shipping_data'];
    const sourceIds: string[] = [];
    for (let s = 0; s < sourceCount; s++) {
      const id = randomUUID();
      sourceIds.push(id);
      const kind = this.one(kinds);
      const name = `${this.words.invented.pick(r)} ${kind === 'media' ? 'News' : 'Monitor'}`;
      sources.push(
        [
          id,
          incidentId,
          kind,
          'f',
          `SRC-${id.slice(0, 4).toUpperCase()}`,
          this.one(['A', 'B', 'B', 'C', 'C', 'D', 'F']),
          String(1 + Math.floor(r() * 6)),
          // Two sources of one incident share a group now and then (not independent).
          s > 0 && r() < 0.2 ? sourceIds[0] : id,
          at.slice(0, 10),
          text(name),
          kind === 'media' ? `https://news.example/${id.slice(0, 8)}` : NULL,
          NULL,
          createdBy,
          at,
          at,
        ].join('\t'),
      );
    }
    const reviewed = ['verified', 'published', 'retracted', 'rejected'].includes(status);
    for (const [index, sourceId] of sourceIds.entries()) {
      // Verified incidents had at least one approved item; the first source always has one.
      if (index > 0 && r() < 0.3) continue;
      const decided =
        reviewer !== null && (reviewed || (status === 'in_verification' && r() < 0.5));
      const verdict = !decided
        ? 'pending'
        : status === 'rejected' && r() < 0.5
          ? 'rejected'
          : 'approved';
      const url = r() < 0.6;
      evidence.push(
        [
          randomUUID(),
          incidentId,
          sourceId,
          url ? 'url' : 'testimony',
          'Synthetic evidence item',
          url ? `https://archive.example/${sourceId.slice(0, 8)}` : NULL,
          url ? NULL : 'Synthetic testimony text.',
          at,
          verdict,
          verdict === 'rejected' ? 'Could not be corroborated.' : NULL,
          decided ? (reviewer ?? NULL) : NULL,
          decided ? at : NULL,
          createdBy,
          at,
        ].join('\t'),
      );
    }
    return { sources, evidence };
  }
}

/**
 * The loaded history stands for a live database whose reminders went out long ago: every
 * reminder type's sweep starts from now, so starting the service on it does not send a
 * reminder for each of the (many) old incidents still in a stage.
 */
export async function markRemindersSent(client: Client): Promise<void> {
  await client.query(
    `INSERT INTO reminder_sweeps (type, swept_until)
     SELECT type, now() FROM unnest($1::text[]) AS type
     ON CONFLICT (type) DO UPDATE SET swept_until = GREATEST(reminder_sweeps.swept_until, now())`,
    [STAGE_DEADLINES.flatMap((stage) => [stage.reminder, stage.escalation])],
  );
}
