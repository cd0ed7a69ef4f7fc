/**
 * The strings of the incident form (new and edit), possible duplicates and the compare view, under the `incidentForm` key: English is the source, Korean and Russian
 * translate it key for key (the translations test fails on a missing or extra key).
 */
export const incidentForm = {
  en: { title: 'New incident' },
  ko: { title: '새 사건' },
  ru: { title: 'Новый инцидент' },
};
