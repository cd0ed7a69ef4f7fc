import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { FieldCipher, SealedDataError, SealedEnvelope } from './field-cipher';

export interface RotationReport {
  keyVersion: string;
  reEncrypted: number;
  batches: number;
  alreadyCurrent: number;
  /** Rows whose envelope opens under neither the current nor the previous key. */
  unreadable: string[];
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * A column of sealed envelopes, each bound to its row's id. Its owner declares it (the sources'
 * details, the webhooks' signing secrets); this engine re-seals it and names no table itself.
 */
export interface SealedColumn {
  table: string;
  column: string;
  entityType: string;
  /** Names the re-sealed rows in the audit event's data. */
  idsKey: string;
}

/**
 * Re-seals every envelope that is not under the current key, one transaction per batch of
 * rows in id order. Only `sealed` changes: the content, `version` and `updatedAt` stay, so no
 * client gets a stale-version 409 for a rotation. Running it again finds nothing left to do.
 */
@Injectable()
export class SealedColumnRotation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  async rotate(
    target: SealedColumn,
    batchSize = 100,
    onBatch: (reEncrypted: number) => void = () => undefined,
  ): Promise<RotationReport> {
    const { table, column } = target;
    const keyVersion = this.cipher.currentVersion;
    const unreadable: string[] = [];
    let reEncrypted = 0;
    let batches = 0;
    let after = NIL_UUID;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        // FOR UPDATE: a PATCH committing meanwhile re-seals under the current key itself, and
        // the re-checked WHERE then skips its row instead of overwriting it with older content.
        const rows = await manager.query<{ id: string; sealed: SealedEnvelope }[]>(
          `SELECT id, ${column} AS sealed FROM ${table}
            WHERE ${column} IS NOT NULL AND ${column}->>'v' IS DISTINCT FROM $1 AND id > $2
            ORDER BY id LIMIT $3 FOR UPDATE`,
          [keyVersion, after, batchSize],
        );
        const done: string[] = [];
        const from = new Set<string>();
        for (const row of rows) {
          let plaintext: string;
          try {
            plaintext = this.cipher.open(row.sealed, row.id);
          } catch (error) {
            if (!(error instanceof SealedDataError)) throw error;
            unreadable.push(row.id);
            continue;
          }
          await manager.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [
            row.id,
            JSON.stringify(this.cipher.seal(plaintext, row.id)),
          ]);
          done.push(row.id);
          from.add(String(row.sealed?.v));
        }
        if (done.length > 0) {
          await this.audit.append(manager, {
            actorId: null,
            action: `${target.entityType}.key_rotated`,
            entityType: target.entityType,
            entityId: null,
            data: { toVersion: keyVersion, fromVersions: [...from].sort(), [target.idsKey]: done },
          });
        }
        return { last: rows[rows.length - 1]?.id, done: done.length };
      });
      if (batch.done > 0) {
        batches += 1;
        reEncrypted += batch.done;
        onBatch(batch.done);
      }
      // Not `seen < batchSize`: a row the lock re-check dropped can shorten a batch mid-way.
      if (batch.last === undefined) break;
      after = batch.last;
    }
    const [{ count }] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM ${table} WHERE ${column}->>'v' = $1`,
      [keyVersion],
    );
    return {
      keyVersion,
      reEncrypted,
      batches,
      alreadyCurrent: Number(count) - reEncrypted,
      unreadable,
    };
  }
}
