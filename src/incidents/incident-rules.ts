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

export interface DatedFields {
  occurredFrom: string;
  occurredTo: string;
  actors?: IncidentActor[];
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
  });
  if (errors.length > 0) throw new DomainError('bad_request', 'Validation failed', errors);
}
