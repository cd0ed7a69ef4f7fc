import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Transactions } from '../database/transactions';
import { FieldCipher, SealedDataError } from './field-cipher';
import { SealedColumnsRepository } from './sealed-columns.repository';

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
  private readonly columns = new SealedColumnsRepository();

  constructor(
    // Only its manager is used, so a DataSource serves as well (a rotation built by hand,
    // under other keys than the service's).
    @Inject(Transactions) private readonly transactions: Pick<Transactions, 'manager'>,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  async rotate(
    target: SealedColumn,
    batchSize = 100,
    onBatch: (reEncrypted: number) => void = () => undefined,
  ): Promise<RotationReport> {
    const keyVersion = this.cipher.currentVersion;
    const unreadable: string[] = [];
    let reEncrypted = 0;
    let batches = 0;
    let after = NIL_UUID;
    for (;;) {
      const batch = await this.transactions.manager.transaction(async (manager) => {
        // FOR UPDATE: a PATCH committing meanwhile re-seals under the current key itself, and
        // the re-checked WHERE then skips its row instead of overwriting it with older content.
        const rows = await this.columns.notUnderKey(manager, target, keyVersion, after, batchSize);
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
          await this.columns.reseal(manager, target, row.id, this.cipher.seal(plaintext, row.id));
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
    const current = await this.columns.countUnderKey(this.transactions.manager, target, keyVersion);
    return {
      keyVersion,
      reEncrypted,
      batches,
      alreadyCurrent: current - reEncrypted,
      unreadable,
    };
  }
}
