import type { TFunction } from 'i18next';
import { publicSite } from './strings';

export const REGIME_CODES = Object.keys(publicSite.en.regimes);
export const CATEGORY_CODES = Object.keys(publicSite.en.categories);

/**
 * "UNSCR-2397-OP8" → "UNSCR 2397 OP8": the provision as reports cite it, from its code alone
 * (the reference data, with the resolutions' years, is for staff only).
 */
export const provisionName = (code: string): string => code.replace(/-/g, ' ');

/** A regime or a category in words; a code the site does not know yet shows as the code. */
export const regimeName = (t: TFunction, code: string): string =>
  t(`publicSite.regimes.${code}`, { defaultValue: code });
export const categoryName = (t: TFunction, code: string): string =>
  t(`publicSite.categories.${code}`, { defaultValue: code });

/** A source's address as a link only when it is a web address; anything else stays text. */
export function webAddress(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
