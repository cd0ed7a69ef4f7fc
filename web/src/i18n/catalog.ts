import { admin } from '../features/admin/strings';
import { comments } from '../features/comments/strings';
import { checklist } from '../features/incidents/checklist-strings';
import { incidentForm } from '../features/incidents/form/strings';
import { history } from '../features/incidents/history/strings';
import { exportStrings } from '../features/exports/strings';
import { notifications } from '../features/notifications/strings';
import { publication } from '../features/publication/strings';
import { sourceDialog } from '../features/sources/strings';
import { upload } from '../features/evidence/strings';
import { verification } from '../features/verification/strings';
import { map } from '../ui/map/strings';

import { en } from './en';
import { ko } from './ko';
import { ru } from './ru';

/**
 * The strings of the staff screens, by namespace, each in English, Korean and Russian. They are
 * loaded with the first staff page, not with the sign-in page (its JavaScript budget).
 */
export const FEATURE_STRINGS = {
  incidentForm,
  history,
  sourceDialog,
  upload,
  checklist,
  map,
  notifications,
  verification,
  publication,
  comments,
  exports: exportStrings,
  admin,
};

const CORE = { en, ko, ru };

/** Every string of one language, the core ones and each staff screen's (tests read it). */
export function catalog(language: 'en' | 'ko' | 'ru') {
  return {
    ...CORE[language],
    ...(Object.fromEntries(
      Object.entries(FEATURE_STRINGS).map(([namespace, strings]) => [namespace, strings[language]]),
    ) as { [N in keyof typeof FEATURE_STRINGS]: (typeof FEATURE_STRINGS)[N]['en'] }),
  };
}
