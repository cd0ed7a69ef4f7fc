import type i18next from 'i18next';
import { registerFeatureStrings } from './features';
import { registerPublicStrings } from './public-strings';
import { Language, setupI18n as setupCore } from './index';

/** Tests render staff screens and public pages: the core strings and every feature's. */
export async function setupI18n(language: Language = 'en'): Promise<typeof i18next> {
  const instance = await setupCore(language);
  registerFeatureStrings();
  registerPublicStrings();
  return instance;
}
