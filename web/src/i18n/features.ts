import i18next from 'i18next';
import { FEATURE_STRINGS } from './catalog';

/** Adds the staff screens' strings to the running i18next, every language at once. */
export function registerFeatureStrings(): void {
  for (const [namespace, strings] of Object.entries(FEATURE_STRINGS)) {
    for (const [language, resource] of Object.entries(strings) as [string, object][]) {
      i18next.addResourceBundle(language, 'translation', { [namespace]: resource }, true, true);
    }
  }
}
