/**
 * The strings of the submit checklist, under the `checklist` key: English is the source, Korean and Russian
 * translate it key for key (the translations test fails on a missing or extra key).
 */
export const checklist = {
  en: { title: 'Before you submit' },
  ko: { title: '제출 전 확인' },
  ru: { title: 'Перед отправкой' },
};
