import { describe, expect, it } from 'vitest';
import {
  CSV_FIELDS,
  draftProblems,
  effectiveStatus,
  ExportFormat,
  exportRequest,
  ExportScope,
  formatAllows,
  formatBytes,
  formatsFor,
  mayExport,
  ReportDraft,
  scopesFor,
  takesFields,
  takesTitle,
} from './rules';

const draft = (overrides: Partial<ReportDraft> = {}): ReportDraft & { scope: ExportScope } => ({
  format: 'markdown',
  fields: [],
  title: '',
  introduction: '',
  ...overrides,
  scope: overrides.scope ?? 'public',
});

describe('export rules', () => {
  it('offers each scope the roles allow (SPEC 10) and names the ones they do not', () => {
    expect(scopesFor(['writer'])).toEqual({ allowed: ['public'], missing: ['internal'] });
    expect(scopesFor(['verifier'])).toEqual({ allowed: ['internal'], missing: ['public'] });
    expect(scopesFor(['verifier', 'writer'])).toEqual({
      allowed: ['internal', 'public'],
      missing: [],
    });
    expect(scopesFor(['admin'])).toEqual({ allowed: ['internal', 'public'], missing: [] });
    expect(scopesFor(['monitor'])).toEqual({ allowed: [], missing: ['internal', 'public'] });
    expect(mayExport(['monitor'])).toBe(false);
    expect(mayExport(['monitor', 'writer'])).toBe(true);
  });

  const ALL_FORMATS: ExportFormat[] = ['csv', 'json', 'ndjson', 'markdown', 'html', 'ftm'];

  it('offers FollowTheMoney entities to internal exports only, as the service makes them', () => {
    expect(ALL_FORMATS.filter((format) => !formatAllows(format, 'public'))).toEqual(['ftm']);
    expect(ALL_FORMATS.every((format) => formatAllows(format, 'internal'))).toBe(true);
    expect(formatsFor(['public'])).toEqual(['csv', 'json', 'ndjson', 'markdown', 'html']);
    expect(formatsFor(['internal', 'public'])).toEqual(ALL_FORMATS);
    expect(draftProblems(draft({ format: 'ftm', scope: 'public' }))).toEqual([
      { field: 'format', key: 'internalOnly' },
    ]);
    expect(draftProblems(draft({ format: 'ftm', scope: 'internal' }))).toEqual([]);
    expect(exportRequest(draft({ format: 'ftm', scope: 'internal', title: 'T' }), {})).toEqual({
      format: 'ftm',
      scope: 'internal',
      filters: {},
    });
  });

  it('offers the actors’ UN designations as an internal column only', () => {
    expect(CSV_FIELDS.internal).toContain('designations');
    expect(CSV_FIELDS.public).not.toContain('designations');
  });

  it('takes columns for a CSV only, and a title and an introduction for the reports only', () => {
    expect(ALL_FORMATS.filter(takesFields)).toEqual(['csv']);
    expect(ALL_FORMATS.filter(takesTitle)).toEqual(['markdown', 'html']);
  });

  it('keeps the public columns a subset of the internal ones, without internal fields', () => {
    expect(CSV_FIELDS.public.every((field) => CSV_FIELDS.internal.includes(field))).toBe(true);
    for (const internal of ['id', 'status', 'summary', 'tags', 'assigneeId', 'createdBy']) {
      expect(CSV_FIELDS.public).not.toContain(internal);
    }
  });

  it('refuses a CSV without a column and a title or introduction over the API limits', () => {
    expect(draftProblems(draft({ format: 'csv', scope: 'internal' }))).toEqual([
      { field: 'fields', key: 'noFieldChosen' },
    ]);
    expect(draftProblems(draft({ format: 'csv', fields: ['reference'] }))).toEqual([]);
    expect(
      draftProblems(draft({ title: ` ${'T'.repeat(201)} `, introduction: 'I'.repeat(5001) })),
    ).toEqual([
      { field: 'title', key: 'titleTooLong', max: 200, count: 201 },
      { field: 'introduction', key: 'introductionTooLong', max: 5000, count: 5001 },
    ]);
    // Exactly at the limits is fine; a long title on a CSV is not sent, so not a problem.
    expect(
      draftProblems(draft({ title: 'T'.repeat(200), introduction: 'I'.repeat(5000) })),
    ).toEqual([]);
    expect(
      draftProblems(draft({ format: 'csv', fields: ['reference'], title: 'T'.repeat(300) })),
    ).toEqual([]);
    expect(draftProblems({ ...draft(), scope: undefined })).toEqual([
      { field: 'scope', key: 'noScope' },
    ]);
  });

  it('sends columns in the scope’s order for a CSV, and a title only with a report', () => {
    expect(
      exportRequest(
        draft({
          format: 'csv',
          scope: 'internal',
          fields: ['status', 'reference', 'id'],
          title: 'Ignored',
        }),
        { q: 'Musan' },
      ),
    ).toEqual({
      format: 'csv',
      scope: 'internal',
      filters: { q: 'Musan' },
      fields: ['id', 'reference', 'status'],
    });
    expect(exportRequest(draft({ title: '  Labour exports  ', introduction: '\n' }), {})).toEqual({
      format: 'markdown',
      scope: 'public',
      filters: {},
      title: 'Labour exports',
    });
    expect(exportRequest(draft({ format: 'json', fields: ['reference'] }), {})).toEqual({
      format: 'json',
      scope: 'public',
      filters: {},
    });
  });

  it('counts a completed export past its expiry as expired', () => {
    const now = new Date('2026-01-10T00:00:00Z');
    expect(effectiveStatus({ status: 'completed', expiresAt: '2026-01-09T23:59:59Z' }, now)).toBe(
      'expired',
    );
    expect(effectiveStatus({ status: 'completed', expiresAt: '2026-01-17T00:00:00Z' }, now)).toBe(
      'completed',
    );
    expect(effectiveStatus({ status: 'running', expiresAt: null }, now)).toBe('running');
  });

  it('gives sizes in the units a person reads, in their language', () => {
    expect(formatBytes(812, 'en')).toBe('812 bytes');
    expect(formatBytes(1_400_000, 'en')).toBe('1.4 MB');
    expect(formatBytes(1_400_000, 'ru')).toBe('1,4 МБ');
    expect(formatBytes(2_500, 'ko')).toBe('2.5kB');
  });
});
