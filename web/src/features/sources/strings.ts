/**
 * The strings of the source dialog, under the `sourceDialog` key: English is the source, Korean and Russian
 * translate it key for key (the translations test fails on a missing or extra key).
 */
export const sourceDialog = {
  en: { title: 'Add a source' },
  ko: { title: '출처 추가' },
  ru: { title: 'Добавить источник' },
};
