import { z } from 'zod/mini';
import { isCountry, optional, text } from '../../ui/search-params';
import type { paths } from '../../api/schema';

export type PublicQuery = NonNullable<
  paths['/api/v1/public/incidents']['get']['parameters']['query']
>;

/** The first year the public list offers: resolution 1718 (2006) set up the regime. */
export const FIRST_YEAR = 2006;

/**
 * The public list's filters, in the URL so that a view can be linked to from another website.
 * A value the API would refuse is dropped (a bad link loses that filter, not the page).
 */
export const publicSearch = z.object({
  q: optional(text(200)),
  regime: optional(text(40)),
  category: optional(text(40)),
  country: optional(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((value: string) => value.toUpperCase()),
      ),
      z.string().check(z.refine(isCountry)),
    ),
  ),
  year: optional(
    z.pipe(
      z.union([z.number(), z.string().check(z.regex(/^\d{4}$/))]),
      z.pipe(
        z.transform((value: string | number) => Number(value)),
        z.number().check(z.int(), z.gte(FIRST_YEAR), z.lte(new Date().getUTCFullYear())),
      ),
    ),
  ),
});
export type PublicSearch = z.infer<typeof publicSearch>;

/** The URL's filters as the public API takes them: a year is the overlap with that year. */
export function publicQueryOf(search: PublicSearch): PublicQuery {
  const query: PublicQuery = {};
  if (search.q) query.q = search.q;
  if (search.regime) query.regime = search.regime;
  if (search.category) query.category = search.category;
  if (search.country) query.country = search.country;
  if (search.year) {
    query.occurredFrom = `${search.year}-01-01`;
    query.occurredTo = `${search.year}-12-31`;
  }
  return query;
}

/** Whether any filter narrows the list. */
export const isFiltered = (search: PublicSearch): boolean =>
  Object.values(search).some((value) => value !== undefined);
