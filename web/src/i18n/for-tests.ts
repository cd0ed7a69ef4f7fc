import type i18next from 'i18next';
import { registerFeatureStrings } from './features';
import { Language, setupI18n as setupCore } from './index';

/** Tests render staff screens: the core strings and every feature's, as a staff page has them. */
export async function setupI18n(language: Language = 'en'): Promise<typeof i18next> {
  const instance = await setupCore(language);
  registerFeatureStrings();
  return instance;
}
