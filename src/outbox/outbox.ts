import { EntityManager } from 'typeorm';
import { RowInsert } from '../database/insert-together';
import { insertEvents } from './outbox.repository';

export const DOMAIN_EVENT_TYPES = [
  'incident.created',
  'incident.updated',
  'incident.assigned',
  'incident.transitioned',
  /** An incident passed a stage deadline: a reminder, or at twice the deadline an escalation. */
  'reminder.due',
  /** A comment named users (payload: the incident, author and mentions, ids only). */
  'comment.mentioned',
  /** A list version amended or removed a designation an actor was confirmed as (spec 15). */
  'screening.changed',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** Events that never leave the service. */
const INTERNAL_EVENT_TYPES = ['comment.mentioned', 'screening.changed'] as const;
type InternalEventType = (typeof INTERNAL_EVENT_TYPES)[number];

/**
 * The events a webhook may subscribe to. The case discussion stays inside the service (spec 6:
 * comments are never public or exported), and so does what screening decided about an actor.
 */
export const WEBHOOK_EVENT_TYPES = DOMAIN_EVENT_TYPES.filter(
  (type): type is Exclude<DomainEventType, InternalEventType> =>
    !(INTERNAL_EVENT_TYPES as readonly string[]).includes(type),
);
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a domain event is about. */
export interface EventAggregate {
  type: 'incident' | 'comment';
  id: string;
}

/** The outbox row of a domain event, for insertTogether (src/database/insert-together.ts). */
export function outboxInsert(
  type: DomainEventType,
  aggregate: EventAggregate,
  payload: Record<string, unknown>,
): RowInsert {
  return {
    table: 'outbox_events',
    row: {
      type,
      aggregate_type: aggregate.type,
      aggregate_id: aggregate.id,
      payload: JSON.stringify(payload),
    },
  };
}

/** Writes a domain event (table outbox_events) in the caller's transaction; the relay delivers it after commit. */
export async function emit(
  manager: EntityManager,
  type: DomainEventType,
  aggregate: EventAggregate,
  payload: Record<string, unknown>,
): Promise<void> {
  await insertEvents(manager, [outboxInsert(type, aggregate, payload)]);
}
