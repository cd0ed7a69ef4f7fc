/**
 * The strings of an incident's history timeline and the stale-version merge view, under the `history` key: English is the source, Korean and Russian
 * translate it key for key (the translations test fails on a missing or extra key).
 */
export const history = {
  en: { title: 'History' },
  ko: { title: '이력' },
  ru: { title: 'История' },
};
