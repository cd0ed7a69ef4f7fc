import type { TFunction } from 'i18next';
import { parseMessage } from './form-model';

/** A field's message in the user's language; the server's own words are marked as such. */
export function errorText(t: TFunction, text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (text.startsWith('server:')) {
    return t('incidentForm.errors.server', { message: text.slice('server:'.length) });
  }
  const { key, values } = parseMessage(text);
  const precision = values.precision as string | undefined;
  return t(`incidentForm.errors.${key}`, {
    ...values,
    ...(precision ? { format: t(`incidentForm.dateFormat.${precision}`) } : {}),
  });
}
