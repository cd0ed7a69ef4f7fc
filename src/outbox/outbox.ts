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
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** The outbox row of a domain event, for insertTogether (src/database/insert-together.ts). */
export function outboxInsert(
  type: DomainEventType,
  aggregate: { type: 'incident'; id: string },
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
  aggregate: { type: 'incident'; id: string },
  payload: Record<string, unknown>,
): Promise<void> {
  await insertEvents(manager, [outboxInsert(type, aggregate, payload)]);
}
