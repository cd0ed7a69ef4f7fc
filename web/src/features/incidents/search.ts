import { z } from 'zod/mini';
import { isCountry, optional, text } from '../../ui/search-params';
import type { components } from '../../api/schema';

export const STATUSES = [
  'intake',
  'in_verification',
  'verified',
  'published',
  'rejected',
  'retracted',
  'withdrawn',
] as const;
export const SORTS = ['-occurredFrom', '-updatedAt', '-createdAt'] as const;
export const VIEWS = ['table', 'map'] as const;

export type IncidentFilters = components['schemas']['IncidentFilters'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const calendarDate = z.string().check(
  z.regex(DATE),
  z.refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }),
);

/**
 * Every filter of GET /api/v1/incidents lives in the URL, so a view can be bookmarked, shared
 * and reloaded: what the API would refuse is dropped here (a bad value in a shared link loses
 * that filter, not the page), and codes are checked for shape only (the reference data names
 * them). zod's mini build: this schema is on the sign-in page's path (the router).
 */
export const incidentSearch = z.object({
  q: optional(text(200)),
  status: optional(z.enum(STATUSES)),
  regime: optional(text(40)),
  category: optional(text(40)),
  provision: optional(text(40)),
  country: optional(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((value: string) => value.toUpperCase()),
      ),
      z.string().check(z.refine(isCountry)),
    ),
  ),
  tag: optional(z.pipe(text(50), z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)))),
  assigneeId: optional(z.union([z.enum(['me', 'none']), z.string().check(z.regex(UUID))])),
  createdBy: optional(z.union([z.literal('me'), z.string().check(z.regex(UUID))])),
  overdue: optional(
    z.union([
      z.boolean(),
      z.pipe(
        z.enum(['true', 'false']),
        z.transform((value: 'true' | 'false') => value === 'true'),
      ),
    ]),
  ),
  occurredFrom: optional(calendarDate),
  occurredTo: optional(calendarDate),
  sort: optional(z.enum(SORTS)),
  view: optional(z.enum(VIEWS)),
});
export type IncidentSearch = z.infer<typeof incidentSearch>;

const FILTER_KEYS = [
  'q',
  'status',
  'regime',
  'category',
  'provision',
  'country',
  'tag',
  'assigneeId',
  'createdBy',
  'occurredFrom',
  'occurredTo',
] as const satisfies readonly (keyof IncidentFilters & keyof IncidentSearch)[];

/** The filters of a view as the API takes them (list, stats and exports alike). */
export function filtersOf(search: IncidentSearch): IncidentFilters {
  const filters: IncidentFilters = {};
  for (const key of FILTER_KEYS) {
    const value = search[key];
    if (value !== undefined) (filters as Record<string, string>)[key] = value;
  }
  if (search.overdue !== undefined) filters.overdue = search.overdue ? 'true' : 'false';
  return filters;
}

/** Whether any filter narrows the view (sort and view do not). */
export const isFiltered = (search: IncidentSearch): boolean =>
  Object.keys(filtersOf(search)).length > 0;
