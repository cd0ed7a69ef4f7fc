import { EntityManager } from 'typeorm';

export const DOMAIN_EVENT_TYPES = [
  'incident.created',
  'incident.updated',
  'incident.assigned',
  'incident.transitioned',
  /** An incident passed a stage deadline: a reminder, or at twice the deadline an escalation. */
  'reminder.due',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** Writes a domain event (table outbox_events) in the caller's transaction; the relay delivers it after commit. */
export async function emit(
  manager: EntityManager,
  type: DomainEventType,
  aggregate: { type: 'incident'; id: string },
  payload: Record<string, unknown>,
): Promise<void> {
  await manager.query(
    'INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload) VALUES ($1, $2, $3, $4)',
    [type, aggregate.type, aggregate.id, JSON.stringify(payload)],
  );
}
