import Redis from 'ioredis';
import { dropDatabase, onServer, REDIS_URL } from './helpers/databases';

/** Drops what this run created: its template, any clone a crashed file left, its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.ST_TEST_RUN_ID;
  if (!runId) return;
  const names = await onServer(async (client) => {
    const result = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2',
      [`st_test_${runId}_%`, `st_tmpl_${runId}`],
    );
    return result.rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(name);
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `st-test:${runId}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
