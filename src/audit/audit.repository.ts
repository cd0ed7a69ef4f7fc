import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { insertTogether, RowInsert } from '../database/insert-together';
import { canonicalAroundSeq } from './audit-chain';
import { AuditEvent } from './audit-event.entity';

/** An event as a service records it; seq, at and the hashes are filled in for it. */
export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

/** The filters of spec 11 for a page of the log, newest first. */
export interface AuditFilter {
  actorId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  /** Only events before this seq (the keyset cursor). */
  beforeSeq?: string | number;
}

/**
 * All SQL on `audit_events` and `audit_pending`. Rows reach `audit_events` only through the
 * deferred trigger that links `audit_pending` at COMMIT (decision 0001); nothing here writes
 * there, and the table refuses UPDATE, DELETE and TRUNCATE.
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One INSERT into `audit_pending`, in the transaction of `tx`. */
  async insertPending(tx: EntityManager, entry: AuditEntry): Promise<void> {
    await tx.query(...insertTogether([pendingAuditInsert(entry)]));
  }

  /** Newest first, keyset on seq; `limit` rows at most. */
  page(filter: AuditFilter, limit: number, tx?: EntityManager): Promise<AuditEvent[]> {
    const builder = (tx ?? this.dataSource.manager)
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'DESC')
      .limit(limit);
    if (filter.actorId) builder.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.entityType)
      builder.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) builder.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.action) builder.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) builder.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to) builder.andWhere('e.at < :to', { to: filter.to });
    if (filter.beforeSeq !== undefined) {
      builder.andWhere('e.seq < :seq', { seq: filter.beforeSeq });
    }
    return builder.getMany();
  }

  /** Up to `limit` events from seq `from` on, in seq order: one batch of a walk of the chain. */
  batchFrom(from: string, limit: number, tx?: EntityManager): Promise<AuditEvent[]> {
    return (tx ?? this.dataSource.manager)
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.seq >= :from', { from })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The newest link of the chain, or null while it is empty. */
  async head(tx?: EntityManager): Promise<{ seq: string; hash: string } | null> {
    const [head] = await (tx ?? this.dataSource).query<{ seq: string; hash: string }[]>(
      'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
    );
    return head ?? null;
  }

  /** The hash stored at `seq`, or null when the chain has no such seq. */
  async hashAt(seq: string, tx?: EntityManager): Promise<string | null> {
    const [row] = await (tx ?? this.dataSource).query<{ hash: string }[]>(
      'SELECT hash FROM audit_events WHERE seq = $1',
      [seq],
    );
    return row?.hash ?? null;
  }
}

/**
 * The pending row of an audit event, for insertTogether: only in the same statement or
 * transaction as the change it records, which is what makes the two stand or fall together.
 * Intake puts it in its one statement (decision 0003).
 */
export function pendingAuditInsert(entry: AuditEntry): RowInsert {
  const event = {
    at: new Date(),
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    data: entry.data ?? {},
  };
  const { head, tail } = canonicalAroundSeq(event);
  return {
    table: 'audit_pending',
    row: {
      at: event.at,
      actor_id: event.actorId,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      data: JSON.stringify(event.data),
      head,
      tail,
    },
  };
}
