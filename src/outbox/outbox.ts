import { EntityManager } from 'typeorm';

export type DomainEventType =
  'incident.created' | 'incident.updated' | 'incident.assigned' | 'incident.transitioned';

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
