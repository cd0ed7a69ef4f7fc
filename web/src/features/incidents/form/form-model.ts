import { z } from 'zod';
import type { components } from '../../../api/schema';
import type { DatePrecision } from '../../../ui/format';
import { dateProblems, toPrecision } from './dates';
import { imoProblem } from './imo';

type Incident = components['schemas']['IncidentDto'];
export type IncidentPayload = components['schemas']['CreateIncidentDto'];

export const LOCATION_ROLES = ['origin', 'transit', 'destination', 'occurrence'] as const;
export const ACTOR_TYPES = ['person', 'organization', 'company', 'vessel', 'state'] as const;
export const PRECISIONS = ['day', 'month', 'year'] as const;

const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const optionalNumber = z.union([z.number(), z.literal('')]);

/**
 * A message is an i18n key of the incidentForm.errors namespace, with its values after a `|`
 * as JSON, so that zod's issues are rendered in the user's language when shown.
 */
export const message = (key: string, values?: Record<string, unknown>): string =>
  values ? `${key}|${JSON.stringify(values)}` : key;

export function parseMessage(text: string): { key: string; values: Record<string, unknown> } {
  const bar = text.indexOf('|');
  if (bar < 0) return { key: text, values: {} };
  return {
    key: text.slice(0, bar),
    values: JSON.parse(text.slice(bar + 1)) as Record<string, unknown>,
  };
}

const location = z.object({
  role: z.enum(LOCATION_ROLES),
  countryCode: z.string().min(1, message('countryRequired')),
  adminArea: z.string().max(200, message('tooLong', { max: 200 })),
  placeName: z.string().max(200, message('tooLong', { max: 200 })),
  latitude: optionalNumber,
  longitude: optionalNumber,
});

const actor = z.object({
  /** The actor's stable id ('' for a new one): decisions on its screening follow it. */
  id: z.string(),
  name: z
    .string()
    .refine((value) => value.trim().length > 0, message('required'))
    .refine((value) => value.trim().length <= 300, message('tooLong', { max: 300 })),
  type: z.enum(ACTOR_TYPES),
  role: z.string().max(200, message('tooLong', { max: 200 })),
  imoNumber: z.string(),
  designationRef: z.string(),
  // Not edited by the form, only carried: an edit must not drop what screening weighs.
  nationality: z.string(),
  birthYear: optionalNumber,
});

const quantity = z.object({
  value: optionalNumber,
  unit: z
    .string()
    .refine((value) => value.trim().length > 0, message('required'))
    .refine((value) => value.trim().length <= 50, message('tooLong', { max: 50 })),
  approximate: z.boolean(),
});

/** The form mirrors the API's validation (spec 6, CreateIncidentDto and its rules). */
export const incidentFormSchema = z
  .object({
    title: z
      .string()
      .refine((value) => value.trim().length >= 3, message('titleShort'))
      .refine((value) => value.trim().length <= 200, message('tooLong', { max: 200 })),
    summary: z.string().max(20000, message('tooLong', { max: 20000 })),
    regime: z.string().min(1, message('regimeRequired')),
    category: z.string().min(1, message('categoryRequired')),
    provisions: z.array(z.string()).max(50),
    datePrecision: z.enum(PRECISIONS),
    occurredFrom: z.string(),
    occurredTo: z.string(),
    locations: z.array(location).max(50, message('tooMany', { max: 50 })),
    actors: z.array(actor).max(100, message('tooMany', { max: 100 })),
    quantities: z.array(quantity).max(20, message('tooMany', { max: 20 })),
    tags: z.array(z.string()).max(30, message('tooMany', { max: 30 })),
  })
  .superRefine((form, ctx) => {
    const dates = dateProblems(form.occurredFrom, form.occurredTo, form.datePrecision);
    for (const field of ['occurredFrom', 'occurredTo'] as const) {
      const problem = dates[field];
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: message(`date.${problem}`, { precision: form.datePrecision }),
        });
      }
    }
    form.locations.forEach((place, i) => {
      const ranges = { latitude: 90, longitude: 180 } as const;
      for (const field of ['latitude', 'longitude'] as const) {
        const value = place[field];
        if (value !== '' && (value < -ranges[field] || value > ranges[field])) {
          ctx.addIssue({
            code: 'custom',
            path: ['locations', i, field],
            message: message(`${field}Range`),
          });
        }
      }
      if ((place.latitude === '') !== (place.longitude === '')) {
        const missing = place.latitude === '' ? 'latitude' : 'longitude';
        ctx.addIssue({
          code: 'custom',
          path: ['locations', i, missing],
          message: message('pointHalf'),
        });
      }
    });
    form.actors.forEach((person, i) => {
      if (!person.imoNumber) return;
      if (person.type !== 'vessel') {
        ctx.addIssue({
          code: 'custom',
          path: ['actors', i, 'imoNumber'],
          message: message('imoNotVessel'),
        });
        return;
      }
      const problem = imoProblem(person.imoNumber);
      if (problem?.kind === 'digits') {
        ctx.addIssue({
          code: 'custom',
          path: ['actors', i, 'imoNumber'],
          message: message('imoDigits'),
        });
      } else if (problem?.kind === 'checkDigit') {
        ctx.addIssue({
          code: 'custom',
          path: ['actors', i, 'imoNumber'],
          message: message('imoCheck', { expected: problem.expected, actual: problem.actual }),
        });
      }
    });
    form.quantities.forEach((amount, i) => {
      if (amount.value === '') {
        ctx.addIssue({
          code: 'custom',
          path: ['quantities', i, 'value'],
          message: message('required'),
        });
      } else if (amount.value < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['quantities', i, 'value'],
          message: message('negative'),
        });
      }
    });
    form.tags.forEach((tag) => {
      if (!TAG.test(tag) || tag.length > 50) {
        ctx.addIssue({ code: 'custom', path: ['tags'], message: message('tag', { tag }) });
      }
    });
  });

export type IncidentFormValues = z.infer<typeof incidentFormSchema>;
export type LocationValues = IncidentFormValues['locations'][number];
export type ActorValues = IncidentFormValues['actors'][number];
export type QuantityValues = IncidentFormValues['quantities'][number];

export const emptyLocation = (): LocationValues => ({
  role: 'occurrence',
  countryCode: '',
  adminArea: '',
  placeName: '',
  latitude: '',
  longitude: '',
});
export const emptyActor = (): ActorValues => ({
  id: '',
  name: '',
  type: 'person',
  role: '',
  imoNumber: '',
  designationRef: '',
  nationality: '',
  birthYear: '',
});
export const emptyQuantity = (): QuantityValues => ({ value: '', unit: '', approximate: false });

export const emptyForm = (): IncidentFormValues => ({
  title: '',
  summary: '',
  regime: '',
  category: '',
  provisions: [],
  datePrecision: 'day',
  occurredFrom: '',
  occurredTo: '',
  locations: [],
  actors: [],
  quantities: [],
  tags: [],
});

/** An incident as the form edits it: dates at their precision, absent fields empty. */
export function formOf(incident: Incident): IncidentFormValues {
  const precision: DatePrecision = incident.datePrecision;
  return {
    title: incident.title,
    summary: incident.summary,
    regime: incident.regime,
    category: incident.category,
    provisions: [...incident.provisions],
    datePrecision: precision,
    occurredFrom: toPrecision(incident.occurredFrom, precision),
    occurredTo: toPrecision(incident.occurredTo, precision),
    locations: incident.locations.map((place) => ({
      role: place.role,
      countryCode: place.countryCode,
      adminArea: place.adminArea ?? '',
      placeName: place.placeName ?? '',
      latitude: place.latitude ?? '',
      longitude: place.longitude ?? '',
    })),
    actors: incident.actors.map((person) => ({
      id: person.id,
      name: person.name,
      type: person.type,
      role: person.role ?? '',
      imoNumber: person.imoNumber ?? '',
      designationRef: person.designationRef ?? '',
      nationality: person.nationality ?? '',
      birthYear: person.birthYear ?? '',
    })),
    quantities: incident.quantities.map((amount) => ({ ...amount })),
    tags: [...incident.tags],
  };
}

const text = (value: string): string | undefined => value.trim() || undefined;

/** The form as the API takes it: empty optional fields left out, the end date only when set. */
export function payloadOf(form: IncidentFormValues): IncidentPayload {
  return {
    title: form.title.trim(),
    summary: form.summary,
    regime: form.regime,
    category: form.category,
    provisions: form.provisions,
    datePrecision: form.datePrecision,
    occurredFrom: form.occurredFrom,
    ...(form.occurredTo ? { occurredTo: form.occurredTo } : {}),
    locations: form.locations.map((place) => ({
      role: place.role,
      countryCode: place.countryCode,
      adminArea: text(place.adminArea),
      placeName: text(place.placeName),
      latitude: place.latitude === '' ? undefined : place.latitude,
      longitude: place.longitude === '' ? undefined : place.longitude,
    })),
    // A kept actor goes back with its id; one without is new to the server.
    actors: form.actors.map((person) => ({
      ...(person.id ? { id: person.id } : {}),
      name: person.name.trim(),
      type: person.type,
      role: text(person.role),
      imoNumber: text(person.imoNumber),
      designationRef: text(person.designationRef),
      nationality: text(person.nationality),
      birthYear: person.birthYear === '' || person.type !== 'person' ? undefined : person.birthYear,
    })),
    quantities: form.quantities.map((amount) => ({
      value: amount.value === '' ? 0 : amount.value,
      unit: amount.unit.trim(),
      approximate: amount.approximate,
    })),
    tags: form.tags,
  };
}

const DATE_FIELDS = ['datePrecision', 'occurredFrom', 'occurredTo'] as const;

/**
 * The user's own changes: the fields whose value differs from what they loaded. The dates go
 * together (a month means nothing without its precision), so one changed sends all three.
 */
export function changesOf(
  loaded: IncidentFormValues,
  current: IncidentFormValues,
): Partial<IncidentPayload> {
  const before = payloadOf(loaded) as unknown as Record<string, unknown>;
  const after = payloadOf(current) as unknown as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = after[key];
  }
  if (DATE_FIELDS.some((key) => key in changed)) {
    for (const key of DATE_FIELDS) changed[key] = after[key] ?? current[key];
  }
  return changed;
}

/**
 * Re-applies the user's changes onto the incident as it is now: every field they changed
 * keeps their value, every other field takes the newer version.
 */
export function reapply(
  latest: IncidentFormValues,
  loaded: IncidentFormValues,
  current: IncidentFormValues,
): IncidentFormValues {
  const mine = changesOf(loaded, current);
  const merged: Record<string, unknown> = { ...latest };
  for (const key of Object.keys(mine)) {
    merged[key] = current[key as keyof IncidentFormValues];
  }
  return merged as IncidentFormValues;
}
