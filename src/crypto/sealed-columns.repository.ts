import { EntityManager } from 'typeorm';
import type { SealedEnvelope } from './field-cipher';
import type { SealedColumn } from './sealed-column-rotation';

/**
 * The SQL of re-sealing a column of envelopes. The column's owner declares its table and column
 * (SealedColumn, from code, never from input); nothing here names a table of its own. Every
 * method runs on the manager it is given: the rotation's transaction for a batch.
 */
export class SealedColumnsRepository {
  /**
   * Locks (FOR UPDATE) up to `limit` envelopes after id `after`, in id order, that are not
   * sealed under `keyVersion`.
   */
  notUnderKey(
    tx: EntityManager,
    { table, column }: SealedColumn,
    keyVersion: string,
    after: string,
    limit: number,
  ): Promise<{ id: string; sealed: SealedEnvelope }[]> {
    return tx.query<{ id: string; sealed: SealedEnvelope }[]>(
      `SELECT id, ${column} AS sealed FROM ${table}
        WHERE ${column} IS NOT NULL AND ${column}->>'v' IS DISTINCT FROM $1 AND id > $2
        ORDER BY id LIMIT $3 FOR UPDATE`,
      [keyVersion, after, limit],
    );
  }

  async reseal(
    tx: EntityManager,
    { table, column }: SealedColumn,
    id: string,
    sealed: SealedEnvelope,
  ): Promise<void> {
    await tx.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [
      id,
      JSON.stringify(sealed),
    ]);
  }

  async countUnderKey(
    manager: EntityManager,
    { table, column }: SealedColumn,
    keyVersion: string,
  ): Promise<number> {
    const [{ count }] = await manager.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM ${table} WHERE ${column}->>'v' = $1`,
      [keyVersion],
    );
    return Number(count);
  }
}
