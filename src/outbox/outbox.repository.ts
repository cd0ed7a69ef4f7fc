import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { insertTogether, RowInsert } from '../database/insert-together';

/** An unsent event, and whether its job has anything to do. */
export interface PendingEvent {
  id: string;
  type: string;
  needed: boolean;
}

/** What a job reads of an event. */
export interface OutboxEventFacts {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  aggregateType: string;
  aggregateId: string;
  createdAt: Date;
}

/**
 * SQL over `outbox_events` `e`, by alias: the event with this id (for statements of other
 * features that start from an event, such as the webhook fan-out).
 */
export const outboxEventById = (parameter: string): string =>
  `SELECT id, type, created_at FROM outbox_events WHERE id = ${parameter}`;

/**
 * SQL: writes the events `select` yields, as (id, type, aggregate_type, aggregate_id, payload)
 * in that order, returning `returning`; for single statements of other features that emit
 * events in bulk (the reminder sweep's reminder.due).
 */
export const insertEventsSelect = (select: string, returning = '1'): string =>
  `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload)
   ${select}
   RETURNING ${returning}`;

/** Writes outbox rows (outbox.ts, outboxInsert) in the caller's transaction, in one statement. */
export async function insertEvents(tx: EntityManager, inserts: RowInsert[]): Promise<void> {
  const [sql, parameters] = insertTogether(inserts);
  await tx.query(sql, parameters);
}

/** The SQL of `outbox_events` (this feature owns the table); writes go through outbox.ts. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Locks up to `batch` unsent events, oldest first, for the caller's transaction (SKIP LOCKED:
   * several relays share the work). `alsoNeeded(e)` is SQL over the event `e` that makes a
   * job needed even for a type in `onlyIfAlsoNeeded` (the webhook subscription check).
   */
  claimUnsent(
    tx: EntityManager,
    batch: number,
    onlyIfAlsoNeeded: readonly string[],
    alsoNeeded: (event: string) => string,
  ): Promise<PendingEvent[]> {
    return tx.query<PendingEvent[]>(
      `SELECT e.id, e.type, e.type <> ALL($1::text[]) OR ${alsoNeeded('e')} AS needed
         FROM outbox_events e WHERE e.sent_at IS NULL
        ORDER BY e.created_at LIMIT ${batch} FOR UPDATE OF e SKIP LOCKED`,
      [onlyIfAlsoNeeded],
    );
  }

  async countAttempt(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query('UPDATE outbox_events SET attempts = attempts + 1 WHERE id = ANY($1::uuid[])', [
      ids,
    ]);
  }

  async markSent(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query('UPDATE outbox_events SET sent_at = now() WHERE id = ANY($1::uuid[])', [ids]);
  }

  async event(id: string): Promise<OutboxEventFacts | null> {
    const [row] = await this.dataSource.query<OutboxEventFacts[]>(
      `SELECT id, type, payload, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId",
              created_at AS "createdAt"
         FROM outbox_events WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }
}
