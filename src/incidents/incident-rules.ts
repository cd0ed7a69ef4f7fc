import { DomainError } from '../common/errors';
import { FieldError } from '../common/validation';
import { IncidentActor } from './incident.entity';

/** A real calendar date in YYYY-MM-DD (rejects 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** IMO ship numbers carry a check digit: sum of the first six digits weighted 7..2, mod 10. */
export function isImoNumber(value: string): boolean {
  if (!/^\d{7}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 6).reduce((total, digit, i) => total + digit * (7 - i), 0);
  return sum % 10 === digits[6];
}

export type Precision = 'day' | 'month' | 'year';

const MONTH = /^\d{4}-\d{2}$/;
const YEAR = /^\d{4}$/;

/** The last day of a YYYY-MM month. */
function lastDayOf(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10);
}

/**
 * A date as the client may send it (spec 6): YYYY-MM-DD always, YYYY-MM with month precision,
 * YYYY with year precision; the short forms stand for the first day of the period (`start`)
 * or its last (`end`), and an end in the current period stops at today. Null when the form
 * does not match the precision.
 */
export function expandDate(
  value: string,
  precision: Precision,
  edge: 'start' | 'end',
  today = new Date(),
): string | null {
  if (!MONTH.test(value) && !YEAR.test(value)) return value;
  if (MONTH.test(value) !== (precision === 'month') || YEAR.test(value) !== (precision === 'year'))
    return null;
  if (MONTH.test(value) && !isCalendarDate(`${value}-01`)) return null;
  const first = MONTH.test(value) ? `${value}-01` : `${value}-01-01`;
  if (edge === 'start') return first;
  const last = MONTH.test(value) ? lastDayOf(value) : `${value}-12-31`;
  const todayText = today.toISOString().slice(0, 10);
  return last > todayText && first <= todayText ? todayText : last;
}

/**
 * occurredFrom and occurredTo as stored: short forms expanded, and occurredTo, when not sent,
 * the end of occurredFrom's period (the same day for a full date). 400 naming the field when
 * a short form does not match the precision.
 */
export function normaliseDates(
  input: { occurredFrom: string; occurredTo?: string; datePrecision?: Precision },
  today = new Date(),
): { occurredFrom: string; occurredTo: string } {
  const precision = input.datePrecision ?? 'day';
  const from = expandDate(input.occurredFrom, precision, 'start', today);
  const to = expandDate(input.occurredTo ?? input.occurredFrom, precision, 'end', today);
  const errors: FieldError[] = [];
  const hint = `use YYYY-MM-DD, or YYYY-MM with datePrecision month, or YYYY with datePrecision year`;
  if (from === null) errors.push({ field: 'occurredFrom', errors: [`occurredFrom: ${hint}`] });
  if (to === null) {
    const field = input.occurredTo === undefined ? 'occurredFrom' : 'occurredTo';
    if (!errors.some((error) => error.field === field)) {
      errors.push({ field, errors: [`${field}: ${hint}`] });
    }
  }
  if (errors.length > 0) throw new DomainError('bad_request', 'Validation failed', errors);
  return { occurredFrom: from!, occurredTo: to! };
}

export interface DatedFields {
  occurredFrom: string;
  occurredTo: string;
  actors?: Omit<IncidentActor, 'id'>[];
}

/** Cross-field rules the DTO decorators cannot express; 400 with field details. */
export function assertIncidentRules(fields: DatedFields, today = new Date()): void {
  const errors: FieldError[] = [];
  const todayText = today.toISOString().slice(0, 10);
  for (const field of ['occurredFrom', 'occurredTo'] as const) {
    const value = fields[field];
    if (!isCalendarDate(value)) errors.push({ field, errors: [`${field} is not a calendar date`] });
    else if (value > todayText)
      errors.push({ field, errors: [`${field} must not be in the future`] });
  }
  if (errors.length === 0 && fields.occurredTo < fields.occurredFrom) {
    errors.push({ field: 'occurredTo', errors: ['occurredTo must not be before occurredFrom'] });
  }
  (fields.actors ?? []).forEach((actor, i) => {
    if (actor.imoNumber !== undefined && !isImoNumber(actor.imoNumber)) {
      errors.push({
        field: `actors.${i}.imoNumber`,
        errors: ['imoNumber check digit does not match'],
      });
    }
    if (actor.imoNumber !== undefined && actor.type !== 'vessel') {
      errors.push({ field: `actors.${i}.imoNumber`, errors: ['only a vessel has an imoNumber'] });
    }
    if (actor.birthYear !== undefined && actor.type !== 'person') {
      errors.push({ field: `actors.${i}.birthYear`, errors: ['only a person has a birthYear'] });
    }
  });
  if (errors.length > 0) throw new DomainError('bad_request', 'Validation failed', errors);
}

/**
 * Actors keep their ids across edits (spec 15): an actor sent back with its id keeps it, one
 * without an id is new and gets one. An id this incident never gave, or given twice, is a 400;
 * on filing there are no ids to send back.
 */
export function withActorIds(
  actors: (Omit<IncidentActor, 'id'> & { id?: string })[],
  before: readonly IncidentActor[] | null,
  newId: () => string,
): IncidentActor[] {
  const known = new Set((before ?? []).map((actor) => actor.id));
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  const result = actors.map((actor, i): IncidentActor => {
    if (actor.id === undefined) return { ...actor, id: newId() };
    if (before === null) {
      errors.push({ field: `actors.${i}.id`, errors: ['a new incident has no actor ids yet'] });
    } else if (!known.has(actor.id)) {
      errors.push({ field: `actors.${i}.id`, errors: ['no actor of this incident has this id'] });
    } else if (seen.has(actor.id)) {
      errors.push({ field: `actors.${i}.id`, errors: ['the same actor id is given twice'] });
    }
    seen.add(actor.id);
    return { ...actor, id: actor.id };
  });
  if (errors.length > 0) throw new DomainError('bad_request', 'Validation failed', errors);
  return result;
}
