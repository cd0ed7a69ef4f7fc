import type { components } from '../../api/schema';

type CreateExport = components['schemas']['CreateExportDto'];
export type ExportFormat = CreateExport['format'];
export type ExportScope = CreateExport['scope'];
export type CsvField = NonNullable<CreateExport['fields']>[number];
export type ExportItem = components['schemas']['ExportDto'];
export type ExportStatus = ExportItem['status'];
type Role = components['schemas']['MeDto']['roles'][number];

export const FORMATS: readonly ExportFormat[] = [
  'csv',
  'json',
  'ndjson',
  'markdown',
  'html',
  'ftm',
];
/** The formats that are reports in words, with a title and an introduction (SPEC 10). */
export const REPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'html'];
/** The API's limits on a report's title and introduction (CreateExportDto). */
export const TITLE_MAX = 200;
export const INTRODUCTION_MAX = 5000;

/** SPEC 10: who may make which scope; internal first, as a verifier's work comes first. */
export const SCOPE_ROLES: Record<ExportScope, readonly Role[]> = {
  internal: ['verifier', 'admin'],
  public: ['writer', 'admin'],
};
const SCOPES: readonly ExportScope[] = ['internal', 'public'];

/** The scopes the user's roles allow, and those they do not (each said why on screen). */
export function scopesFor(roles: readonly Role[]): {
  allowed: ExportScope[];
  missing: ExportScope[];
} {
  const allows = (scope: ExportScope) => SCOPE_ROLES[scope].some((role) => roles.includes(role));
  return {
    allowed: SCOPES.filter(allows),
    missing: SCOPES.filter((scope) => !allows(scope)),
  };
}

export const mayExport = (roles: readonly Role[]): boolean => scopesFor(roles).allowed.length > 0;

/**
 * The formats made in one scope only: FollowTheMoney entities are the actors, which only an
 * internal export carries (the service answers 400 otherwise).
 */
const FORMAT_SCOPES: Partial<Record<ExportFormat, readonly ExportScope[]>> = { ftm: ['internal'] };

export const formatAllows = (format: ExportFormat, scope: ExportScope): boolean =>
  (FORMAT_SCOPES[format] ?? SCOPES).includes(scope);

/** The formats that at least one of these scopes can be made in. */
export const formatsFor = (scopes: readonly ExportScope[]): ExportFormat[] =>
  FORMATS.filter((format) => scopes.some((scope) => formatAllows(format, scope)));

/**
 * The CSV columns of each scope, in the API's default order (the service's CSV_FIELDS_OF; the
 * generated types name every field but not which scope allows it).
 */
const PUBLIC_FIELDS = [
  'reference',
  'title',
  'publicSummary',
  'regime',
  'category',
  'provisions',
  'occurredFrom',
  'occurredTo',
  'datePrecision',
  'countries',
  'confidence',
  'publishedAt',
] as const satisfies readonly CsvField[];
export const CSV_FIELDS: Record<ExportScope, readonly CsvField[]> = {
  public: PUBLIC_FIELDS,
  internal: [
    'id',
    ...PUBLIC_FIELDS,
    'status',
    'summary',
    'tags',
    'assigneeId',
    'createdBy',
    'createdAt',
    'updatedAt',
    'submittedAt',
    'verifiedAt',
    'designations',
  ],
};

/** Columns are chosen for a CSV only; the other formats carry every field of their scope. */
export const takesFields = (format: ExportFormat): boolean => format === 'csv';
/** A title and an introduction belong to the reports in words. */
export const takesTitle = (format: ExportFormat): boolean => REPORT_FORMATS.includes(format);

/** A public export prints its filters: it may not filter by staff (the service refuses). */
export const hasStaffFilters = (filters: { assigneeId?: string; createdBy?: string }): boolean =>
  Boolean(filters.assigneeId || filters.createdBy);

/** Whether the job is still being made: the only time its progress is polled. */
export const isActive = (status: ExportStatus): boolean =>
  status === 'queued' || status === 'running';

/**
 * What the user can do with the export now: a completed one whose expiry has passed is expired
 * even before the nightly job marks it so.
 */
export function effectiveStatus(
  item: Pick<ExportItem, 'status' | 'expiresAt'>,
  now: Date = new Date(),
): ExportStatus {
  if (item.status === 'completed' && item.expiresAt && new Date(item.expiresAt) <= now) {
    return 'expired';
  }
  return item.status;
}

/** Bytes in the unit a person reads: "812 kB", "1.4 MB". */
export function formatBytes(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export interface ReportDraft {
  format: ExportFormat;
  scope: ExportScope | undefined;
  fields: readonly CsvField[];
  title: string;
  introduction: string;
}

export type DraftProblem =
  | { field: 'scope'; key: 'noScope' }
  | { field: 'format'; key: 'internalOnly' }
  | { field: 'fields'; key: 'noFieldChosen' }
  | { field: 'title'; key: 'titleTooLong'; max: number; count: number }
  | { field: 'introduction'; key: 'introductionTooLong'; max: number; count: number };

/** What the service would refuse in the draft, found before asking it. */
export function draftProblems(draft: ReportDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (!draft.scope) problems.push({ field: 'scope', key: 'noScope' });
  else if (!formatAllows(draft.format, draft.scope)) {
    problems.push({ field: 'format', key: 'internalOnly' });
  }
  if (takesFields(draft.format) && draft.fields.length === 0) {
    problems.push({ field: 'fields', key: 'noFieldChosen' });
  }
  if (takesTitle(draft.format)) {
    const title = draft.title.trim();
    if (title.length > TITLE_MAX) {
      problems.push({ field: 'title', key: 'titleTooLong', max: TITLE_MAX, count: title.length });
    }
    if (draft.introduction.length > INTRODUCTION_MAX) {
      problems.push({
        field: 'introduction',
        key: 'introductionTooLong',
        max: INTRODUCTION_MAX,
        count: draft.introduction.length,
      });
    }
  }
  return problems;
}

/**
 * The request body of the draft: fields only for a CSV (in the scope's order), title and
 * introduction only for a report, and left out when empty (the service's defaults apply).
 */
export function exportRequest(
  draft: ReportDraft & { scope: ExportScope },
  filters: CreateExport['filters'],
): CreateExport {
  const body: CreateExport = { format: draft.format, scope: draft.scope, filters };
  if (takesFields(draft.format)) {
    body.fields = CSV_FIELDS[draft.scope].filter((field) => draft.fields.includes(field));
  }
  if (takesTitle(draft.format)) {
    const title = draft.title.trim();
    const introduction = draft.introduction.trim();
    if (title) body.title = title;
    if (introduction) body.introduction = introduction;
  }
  return body;
}
