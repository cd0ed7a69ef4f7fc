/**
 * SQL: webhook `w` receives outbox event `e` (aliases as written in the query). Active, not
 * deleted, subscribed to the event's type, and created before the event happened. The fan-out
 * and the outbox relay (which skips a job nobody would receive) must agree on it.
 */
export function webhookReceives(w: string, e: string): string {
  return `${w}.active AND ${w}.deleted_at IS NULL
          AND ${e}.type = ANY(${w}.events) AND ${w}.created_at <= ${e}.created_at`;
}

/** SQL: some webhook receives outbox event `e` (the relay skips a job nobody would receive). */
export const anyWebhookReceives = (e: string): string =>
  `EXISTS (SELECT 1 FROM webhooks w WHERE ${webhookReceives('w', e)})`;
