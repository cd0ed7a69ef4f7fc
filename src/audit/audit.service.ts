import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity';
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

// Transaction-level advisory lock that orders appends; any constant shared by all processes.
const AUDIT_CHAIN_LOCK = 7_203_151_011;
const VERIFY_BATCH = 5000;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one event inside the caller's transaction. Call it as the last statement before
   * commit: the chain lock is held from here until the transaction ends, and nothing else.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'AuditService.append must run inside the transaction of the change it records',
      );
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    // After the lock, in a statement of its own: this one's snapshot sees the head the last
    // holder committed. sha256() is core PostgreSQL (11+); convert_to fixes the bytes to UTF-8
    // whatever the database's encoding, as Node hashes them. It reads the head and appends in one round trip (the lock is held to
    // commit, so every round trip inside it limits how many appends a second the chain takes).
    const event = {
      at: new Date(),
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      data: entry.data ?? {},
    };
    const { head, tail } = canonicalAroundSeq(event);
    await manager.query(
      `INSERT INTO audit_events (seq, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash)
       SELECT n.seq, $1, $2, $3, $4, $5, $6, n.prev,
              encode(sha256(convert_to(n.prev || $7::text || '"' || n.seq::text || '"' || $8::text, 'UTF8')), 'hex')
         FROM (SELECT COALESCE(h.seq + 1, 1) AS seq, COALESCE(h.hash, $9::text) AS prev
                 FROM (SELECT 1) AS one
                 LEFT JOIN LATERAL (SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1) h
                   ON true) n`,
      [
        event.at,
        event.actorId,
        event.action,
        event.entityType,
        event.entityId,
        JSON.stringify(event.data),
        head,
        tail,
        GENESIS_HASH,
      ],
    );
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
