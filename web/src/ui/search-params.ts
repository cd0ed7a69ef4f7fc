import { z } from 'zod/mini';

/**
 * The pieces every screen's URL search params are made of. A value the API would refuse is
 * dropped, not an error: a bad value in a shared link loses that filter, not the page.
 */
export const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.catch(z.optional(schema), undefined);

/**
 * Text, trimmed, of 1 to `max` characters. The router reads `?tag=2024` as the number 2024
 * (its search parser is JSON's): text fields take numbers as text.
 */
export const text = (max: number) =>
  z.pipe(
    z.pipe(
      z.union([z.string(), z.number()]),
      z.transform((value: string | number) => String(value).trim()),
    ),
    z.string().check(z.minLength(1), z.maxLength(max)),
  );

// Intl knows every ISO 3166-1 region; the table of codes stays out of the sign-in page's chunk.
const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** An ISO 3166-1 alpha-2 code of a real region ("RU", not "ZZ" or "XX"). */
export const isCountry = (code: string): boolean =>
  /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && Boolean(regions.of(code));
