import { AppConfig } from '../config/config';

export interface EmailColumns {
  /** For the column list of an INSERT INTO notifications. */
  columns: 'email_status, email_next_at';
  /** For the VALUES or SELECT list, at the same position: constant SQL, nothing to bind. */
  values: `'pending', now()` | 'NULL, NULL';
}

/**
 * The e-mail columns every INSERT INTO notifications sets: a copy is due at once when SMTP is
 * configured, and never otherwise (NULL status), so turning SMTP on later mails nothing old.
 */
export function emailColumns(config: Pick<AppConfig, 'smtpUrl'>): EmailColumns {
  return {
    columns: 'email_status, email_next_at',
    values: config.smtpUrl ? `'pending', now()` : 'NULL, NULL',
  };
}

export interface MailableNotification {
  title: string;
  body: string;
  reference: string | null;
}

/** The e-mail copy: the notification's own words only, which never carry source details. */
export function notificationMail(notification: MailableNotification): {
  subject: string;
  text: string;
} {
  const lines = [notification.body];
  if (notification.reference) lines.push('', `Incident: ${notification.reference}`);
  return { subject: notification.title, text: lines.join('\n') };
}
