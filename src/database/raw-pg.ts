import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/**
 * The pg pool behind TypeORM's data source, for what TypeORM cannot do: COPY, cursors, named
 * prepared statements. Same connections, same limits, no second pool.
 */
export function rawPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Runs `work` on a connection checked out of the pool, and always gives it back. A connection
 * whose work failed is destroyed rather than returned: a failed COPY or an open cursor leaves
 * it mid-protocol or mid-transaction, and the next user of the pool would inherit that.
 */
export async function withRawClient<T>(
  dataSource: DataSource,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await rawPool(dataSource).connect();
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken);
  }
}
