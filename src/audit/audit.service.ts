import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { AuditEventDto, AuditQuery, mapAuditEvent } from './dto/audit.dto';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { AuditEntry, AuditRepository } from './audit.repository';

export type { AuditEntry } from './audit.repository';

export type ChainCheck =
  | { valid: true; checked: number; headSeq: string | null; headHash: string | null }
  | { valid: false; checked: number; firstInvalidSeq: string };

const VERIFY_BATCH = 5000;

@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditRepository,
    private readonly transactions: Transactions,
  ) {}

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
    await this.events.insertPending(manager, entry);
  }

  /** Newest first, keyset on seq, with the filters of spec 11. */
  async list(query: AuditQuery): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? 25;
    const rows = await this.events.page(
      {
        actorId: query.actorId,
        entityType: query.entityType,
        entityId: query.entityId,
        action: query.action,
        from: query.from,
        to: query.to,
        beforeSeq: query.cursor ? decodeCursor(query.cursor, ['int'])[0] : undefined,
      },
      limit + 1,
    );
    return toPage(rows, limit, (event) => [event.seq], mapAuditEvent);
  }

  /** Appends one event in a transaction of its own (for events that record no other change). */
  async record(entry: AuditEntry): Promise<void> {
    await this.transactions.run((manager) => this.append(manager, entry));
  }

  /** Walks the whole chain in seq order and reports the first row whose links do not hold. */
  async verify(): Promise<ChainCheck> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1n;
    let checked = 0;
    let head: { seq: string; hash: string } | null = null;
    for (;;) {
      const rows = await this.events.batchFrom(expectedSeq.toString(), VERIFY_BATCH);
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
