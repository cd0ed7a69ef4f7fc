import { z } from 'zod/mini';
import type { paths } from '../../api/schema';

export type PublicQuery = NonNullable<
  paths['/api/v1/public/incidents']['get']['parameters']['query']
>;

/** The first year the public list offers: resolution 1718 (2006) set up the regime. */
export const FIRST_YEAR = 2006;

// Intl knows every ISO 3166-1 region; the table of codes stays out of the first chunk.
const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const isCountry = (code: string): boolean =>
  /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && Boolean(regions.of(code));

const optional = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);

/** The router reads `?q=2024` as a number (its search parser is JSON's): text takes numbers. */
const text = (max: number) =>
  z.pipe(
    z.pipe(
      z.union([z.string(), z.number()]),
      z.transform((value: string | number) => String(value).trim()),
    ),
    z.string().check(z.minLength(1), z.maxLength(max)),
  );

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
