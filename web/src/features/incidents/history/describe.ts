import type { TFunction } from 'i18next';
import type { components } from '../../../api/schema';
import { countryName, formatPeriod } from '../../../ui/format';

export type HistoryEntry = components['schemas']['HistoryEntryDto'];

export interface Namers {
  regime: (code: string) => string;
  category: (code: string) => string;
  provision: (code: string) => string;
  user: (id: string | null | undefined) => string;
}

export interface FieldChange {
  field: string;
  label: string;
  old: string;
  new: string;
}

/** The fields whose change the timeline can name (anything else is named by its key). */
const FIELDS = [
  'title',
  'summary',
  'publicTitle',
  'publicSummary',
  'regime',
  'category',
  'provisions',
  'occurredFrom',
  'occurredTo',
  'datePrecision',
  'locations',
  'actors',
  'quantities',
  'tags',
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A field's value in words: names not codes, dates and countries in the user's language. */
export function valueInWords(
  field: string,
  value: unknown,
  t: TFunction,
  language: string,
  names: Namers,
): string {
  const empty = t('history.empty');
  if (value === null || value === undefined || value === '') return empty;
  const list = (items: unknown, say: (item: Record<string, unknown>) => string) =>
    Array.isArray(items) && items.length > 0 ? items.filter(isRecord).map(say).join('; ') : empty;
  switch (field) {
    case 'regime':
      return names.regime(str(value));
    case 'category':
      return names.category(str(value));
    case 'provisions':
      return Array.isArray(value) && value.length > 0
        ? value.map((code) => names.provision(String(code))).join(', ')
        : empty;
    case 'occurredFrom':
    case 'occurredTo':
      if (/^\d{4}-\d{2}-\d{2}$/.test(str(value)))
        return formatPeriod(str(value), str(value), 'day', language);
      // The form's own values at month or year precision (a user's pending change).
      if (/^\d{4}-\d{2}$/.test(str(value)))
        return formatPeriod(`${str(value)}-01`, null, 'month', language);
      if (/^\d{4}$/.test(str(value)))
        return formatPeriod(`${str(value)}-01-01`, null, 'year', language);
      return str(value);
    case 'datePrecision':
      return t(`incidentForm.precision.${str(value)}`, { defaultValue: str(value) });
    case 'locations':
      return list(
        value,
        (place) =>
          `${t(`locationRole.${str(place.role)}`, { defaultValue: str(place.role) })}: ${[
            str(place.placeName),
            str(place.adminArea),
            place.countryCode ? countryName(str(place.countryCode), language) : '',
          ]
            .filter(Boolean)
            .join(', ')}`,
      );
    case 'actors':
      return list(value, (actor) => {
        const details = [
          t(`actorType.${str(actor.type)}`, { defaultValue: str(actor.type) }),
          str(actor.role),
          actor.imoNumber ? `IMO ${str(actor.imoNumber)}` : '',
        ].filter(Boolean);
        return `${str(actor.name)} (${details.join(', ')})`;
      });
    case 'quantities':
      return list(value, (quantity) =>
        t(quantity.approximate ? 'detail.approximate' : 'detail.exact', {
          value: new Intl.NumberFormat(language).format(Number(quantity.value)),
          unit: str(quantity.unit),
        }),
      );
    case 'tags':
      return Array.isArray(value) && value.length > 0 ? value.join(', ') : empty;
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

export function fieldLabel(field: string, t: TFunction): string {
  return FIELDS.includes(field) ? t(`history.fields.${field}`) : field;
}

/** The changes of an `edited` entry, field by field, old → new, in words. */
export function changesInWords(
  changes: unknown,
  t: TFunction,
  language: string,
  names: Namers,
): FieldChange[] {
  if (!isRecord(changes)) return [];
  return Object.entries(changes).map(([field, change]) => {
    const pair = isRecord(change) ? change : {};
    return {
      field,
      label: fieldLabel(field, t),
      old: valueInWords(field, pair.old, t, language, names),
      new: valueInWords(field, pair.new, t, language, names),
    };
  });
}

const screeningDecision = (value: unknown): 'confirmed' | 'dismissed' | 'unsure' =>
  value === 'confirmed' || value === 'dismissed' ? value : 'unsure';

/** One entry of the timeline as a sentence: who did what. */
export function describeEntry(
  entry: HistoryEntry,
  t: TFunction,
  language: string,
  names: Namers,
): { text: string; changes: FieldChange[]; note: string | null } {
  const who = entry.actorId ? names.user(entry.actorId) : t('history.someone');
  const data = entry.data;
  const note = typeof data.note === 'string' && data.note ? data.note : null;
  switch (entry.kind) {
    case 'created':
      return {
        text: t('history.kind.created', { who, reference: str(data.reference) }),
        changes: [],
        note,
      };
    case 'edited': {
      // A source added or changed, or an evidence item added, is recorded as an edit of the
      // incident with what it was about: said in words, never as "changed: no field".
      if (isRecord(data.source)) {
        const source = str(data.source.pseudonym);
        const fields = Array.isArray(data.source.fields)
          ? data.source.fields
              .map((field) =>
                t(`history.sourceFields.${String(field)}`, { defaultValue: String(field) }),
              )
              .join(', ')
          : '';
        return {
          text:
            data.source.change === 'added'
              ? t('history.kind.sourceAdded', { who, source })
              : t('history.kind.sourceChanged', {
                  who,
                  source,
                  fields: fields || t('history.nothing'),
                }),
          changes: [],
          note,
        };
      }
      if (isRecord(data.evidenceAdded)) {
        return {
          text: t('history.kind.evidenceAdded', {
            who,
            kind: t(`evidenceKind.${str(data.evidenceAdded.kind)}`, {
              defaultValue: str(data.evidenceAdded.kind),
            }),
          }),
          changes: [],
          note,
        };
      }
      const changes = changesInWords(data.changes, t, language, names);
      return {
        text: t('history.kind.edited', {
          who,
          fields: changes.map((change) => change.label).join(', ') || t('history.nothing'),
        }),
        changes,
        note,
      };
    }
    case 'transition':
      return {
        text:
          t('history.kind.transition', {
            who,
            action: t(`actions.${str(data.action)}`, { defaultValue: str(data.action) }),
            from: t(`status.${str(data.from)}`, { defaultValue: str(data.from) }),
            to: t(`status.${str(data.to)}`, { defaultValue: str(data.to) }),
          }) +
          (data.confidence
            ? ` ${t('history.confidence', { confidence: t(`confidence.${str(data.confidence)}`) })}`
            : ''),
        changes: [],
        note,
      };
    case 'assigned':
      return {
        text: data.new
          ? t('history.kind.assigned', { who, assignee: names.user(str(data.new)) })
          : t('history.kind.unassigned', { who }),
        changes: [],
        note,
      };
    case 'evidence_reviewed':
      return {
        text: t(
          data.decision === 'approved'
            ? 'history.kind.evidenceApproved'
            : 'history.kind.evidenceRejected',
          {
            who,
          },
        ),
        changes: [],
        note,
      };
    case 'screening_decided':
      return {
        text: t(`history.kind.screening.${screeningDecision(data.decision)}`, {
          who,
          actor: str(data.actorName),
          designation: str(data.designationName) || str(data.reference),
          reference: str(data.reference),
        }),
        changes: [],
        note,
      };
    case 'screening_changed': {
      const designations = Array.isArray(data.designations)
        ? data.designations.filter(isRecord)
        : [];
      return {
        text: t('history.kind.screeningChanged', {
          designations:
            designations
              .map((each) =>
                t(
                  `history.designationChange.${each.change === 'removed' ? 'removed' : 'amended'}`,
                  {
                    reference: str(each.reference),
                  },
                ),
              )
              .join(', ') || t('history.nothing'),
        }),
        changes: [],
        note,
      };
    }
    case 'evidence_withdrawn':
      return { text: t('history.kind.evidenceWithdrawn', { who }), changes: [], note };
    default:
      return { text: t('history.kind.other', { who, kind: entry.kind }), changes: [], note };
  }
}
