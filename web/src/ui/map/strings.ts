/**
 * The strings of the offline world map and the point picker, under the `map` key: English is the source, Korean and Russian
 * translate it key for key (the translations test fails on a missing or extra key).
 */
export const map = {
  en: { title: 'Map' },
  ko: { title: '지도' },
  ru: { title: 'Карта' },
};
