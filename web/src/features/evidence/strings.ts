/**
 * The strings of evidence upload, URL and testimony evidence, and withdrawing an item, under the `upload` key: English is the source, Korean and Russian
 * translate it key for key (the translations test fails on a missing or extra key).
 */
export const upload = {
  en: { title: 'Add evidence' },
  ko: { title: '증거 추가' },
  ru: { title: 'Добавить доказательство' },
};
