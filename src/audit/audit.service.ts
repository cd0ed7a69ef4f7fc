import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { AuditEventDto, AuditQuery, mapAuditEvent } from './dto/audit.dto';
import { insertTogether, RowInsert } from '../database/insert-together';
import { canonicalAroundSeq, chainHash, GENESIS_HASH } from './audit-chain';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

export type ChainCheck =
  | { valid: true; checked: number; headSeq: string | null; headHash: string | null }
  | { valid: false; checked: number; firstInvalidSeq: string };

const VERIFY_BATCH = 5000;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one event inside the caller's transaction, anywhere in it. The event waits in
   * `audit_pending`; at COMMIT a deferred trigger links it into the chain under the chain lock
   * (migration AuditLinkAtCommit), so the lock is held for that insert and the commit only,
   * not for the caller's round trips. Events of one transaction are linked in append order.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'AuditService.append must run inside the transaction of the change it records',
      );
    }
    await manager.query(...insertTogether([pendingAuditInsert(entry)]));
  }

  /** Newest first, keyset on seq, with the filters of spec 11. */
  async list(query: AuditQuery): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? 25;
    const builder = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'DESC')
      .limit(limit + 1);
    if (query.actorId) builder.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.entityType)
      builder.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.action) builder.andWhere('e.action = :action', { action: query.action });
    if (query.from) builder.andWhere('e.at >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.at < :to', { to: query.to });
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, ['int']);
      builder.andWhere('e.seq < :seq', { seq });
    }
    return toPage(await builder.getMany(), limit, (event) => [event.seq], mapAuditEvent);
  }

  /** Appends one event in a transaction of its own (for events that record no other change). */
  async record(entry: AuditEntry): Promise<void> {
    await this.dataSource.transaction((manager) => this.append(manager, entry));
  }

  /** Walks the whole chain in seq order and reports the first row whose links do not hold. */
  async verify(): Promise<ChainCheck> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1n;
    let checked = 0;
    let head: { seq: string; hash: string } | null = null;
    for (;;) {
      const rows = await this.dataSource
        .getRepository(AuditEvent)
        .createQueryBuilder('e')
        .where('e.seq >= :from', { from: expectedSeq.toString() })
        .orderBy('e.seq', 'ASC')
        .limit(VERIFY_BATCH)
        .getMany();
      for (const row of rows) {
        const valid =
          BigInt(row.seq) === expectedSeq &&
          row.prevHash === prevHash &&
          row.hash === chainHash(prevHash, { ...row, data: row.data ?? {} });
        if (!valid) return { valid: false, checked, firstInvalidSeq: row.seq };
        prevHash = row.hash;
        expectedSeq += 1n;
        checked += 1;
        head = { seq: row.seq, hash: row.hash };
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    return { valid: true, checked, headSeq: head?.seq ?? null, headHash: head?.hash ?? null };
  }
}

/**
 * The pending row of an audit event, for insertTogether: only in the same statement or
 * transaction as the change it records, which is what makes the two stand or fall together.
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
