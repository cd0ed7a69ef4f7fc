import { admin } from '../features/admin/strings';
import { comments } from '../features/comments/strings';
import { dashboard } from '../features/dashboard/strings';
import { checklist } from '../features/incidents/checklist-strings';
import { incidentForm } from '../features/incidents/form/strings';
import { history } from '../features/incidents/history/strings';
import { exportStrings } from '../features/exports/strings';
import { notifications } from '../features/notifications/strings';
import { publication } from '../features/publication/strings';
import { sanctions } from '../features/sanctions/strings';
import { sourceDialog } from '../features/sources/strings';
import { upload } from '../features/evidence/strings';
import { verification } from '../features/verification/strings';
import { map } from '../ui/map/strings';

import { en } from './en';
import { PUBLIC_STRINGS } from './public-strings';
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
  dashboard,
  verification,
  publication,
  comments,
  exports: exportStrings,
  admin,
  sanctions,
};

const CORE = { en, ko, ru };

const EVERY_NAMESPACE = { ...FEATURE_STRINGS, ...PUBLIC_STRINGS };

/** Every string of one language: the core ones, each staff screen's and the public site's. */
export function catalog(language: 'en' | 'ko' | 'ru') {
  return {
    ...CORE[language],
    ...(Object.fromEntries(
      Object.entries(EVERY_NAMESPACE).map(([namespace, strings]) => [namespace, strings[language]]),
    ) as { [N in keyof typeof EVERY_NAMESPACE]: (typeof EVERY_NAMESPACE)[N]['en'] }),
  };
}
