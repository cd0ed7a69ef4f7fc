import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ko } from './ko';
import { ru } from './ru';

export const LANGUAGES = ['en', 'ko', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'st-language';

/** The language last chosen on this computer (not personal data), else the browser's. */
function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(saved as Language)) return saved as Language;
  const preferred = navigator.languages.map((tag) => tag.slice(0, 2));
  return preferred.find((tag): tag is Language => LANGUAGES.includes(tag as Language)) ?? 'en';
}

export async function setupI18n(language: Language = initialLanguage()): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko }, ru: { translation: ru } },
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** The staff screens' strings, fetched once, before the first staff page renders. */
let staffStrings: Promise<void> | undefined;
export function loadStaffStrings(): Promise<void> {
  staffStrings ??= import('./features').then((module) => module.registerFeatureStrings());
  return staffStrings;
}

/** The public site's strings, fetched once, before the first public page renders. */
let publicStrings: Promise<void> | undefined;
export function loadPublicStrings(): Promise<void> {
  publicStrings ??= import('./public-strings').then((module) => module.registerPublicStrings());
  return publicStrings;
}

export const currentLanguage = (): Language => (i18next.language as Language) ?? 'en';
