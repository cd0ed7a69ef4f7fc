import i18next from 'i18next';
import { publicSite } from '../features/public-site/strings';
import { map } from '../ui/map/strings';

/**
 * The strings of the public site (published incidents): its own and the world map's. Loaded with
 * the public pages, not with the sign-in page and not with the staff screens' strings.
 */
export const PUBLIC_STRINGS = { publicSite, map };

/** Adds the public site's strings to the running i18next, every language at once. */
export function registerPublicStrings(): void {
  for (const [namespace, strings] of Object.entries(PUBLIC_STRINGS)) {
    for (const [language, resource] of Object.entries(strings) as [string, object][]) {
      i18next.addResourceBundle(language, 'translation', { [namespace]: resource }, true, true);
    }
  }
}
