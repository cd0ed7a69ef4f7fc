import type { TFunction } from 'i18next';

/** The Admiralty grading in words: "C3 — fairly reliable, possibly true". */
export function gradingLabel(t: TFunction, reliability: string, credibility: number): string {
  return t('grading.label', {
    grade: `${reliability}${credibility}`,
    reliability: t(`grading.reliability.${reliability}`),
    credibility: t(`grading.credibility.${credibility}`),
  });
}
