import Redis from 'ioredis';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TALLY_DIR } from './helpers/contract';
import { dropDatabase, onServer, REDIS_URL } from './helpers/databases';

/** How many responses the run checked against openapi.json, and how many did not match. */
function reportContractTally(runId: string): void {
  const dir = TALLY_DIR(runId);
  let checked = 0;
  let violations = 0;
  try {
    for (const name of readdirSync(dir)) {
      const tally = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        checked: number;
        violations: number;
      };
      checked += tally.checked;
      violations += tally.violations;
    }
  } catch {
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\nopenapi.json: ${checked} responses validated, ${violations} violations\n`,
  );
}

/** Drops what this run created: its template, any clone a crashed file left, its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.ST_TEST_RUN_ID;
  if (!runId) return;
  reportContractTally(runId);
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
