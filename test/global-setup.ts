import { runMigrations } from '../src/database/migrate';
import { databaseUrl, dropDatabase, onServer } from './helpers/databases';

/** Migrates one template database per run; every test file clones its own from it. */
export default async function globalSetup(): Promise<void> {
  await dropAbandonedRuns();
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const template = `st_tmpl_${runId}`;
  process.env.ST_TEST_RUN_ID = runId;
  process.env.ST_TEST_TEMPLATE = template;
  await dropDatabase(template);
  await onServer((client) => client.query(`CREATE DATABASE "${template}"`));
  await runMigrations(databaseUrl(template));
}

// A run's id starts with its start time in base 36 (8 characters for this century).
const RUN_TIME_LENGTH = 8;
const ABANDONED_AFTER_MS = 6 * 3600 * 1000;

/** Drops databases left by runs that were killed before their teardown, hours ago. */
async function dropAbandonedRuns(): Promise<void> {
  const names = await onServer(async (client) => {
    const result = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname ~ '^st_(tmpl|test)_[0-9a-z]+'",
    );
    return result.rows.map((row) => row.datname);
  });
  for (const name of names) {
    const runId = name.split('_')[2];
    const startedAt = parseInt(runId.slice(0, RUN_TIME_LENGTH), 36);
    if (Number.isFinite(startedAt) && Date.now() - startedAt > ABANDONED_AFTER_MS) {
      await dropDatabase(name);
    }
  }
}
