import { runMigrations } from '../src/database/migrate';
import { databaseUrl, dropDatabase, onServer } from './helpers/databases';

/** Migrates one template database per run; every test file clones its own from it. */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const template = `st_tmpl_${runId}`;
  process.env.ST_TEST_RUN_ID = runId;
  process.env.ST_TEST_TEMPLATE = template;
  await dropDatabase(template);
  await onServer((client) => client.query(`CREATE DATABASE "${template}"`));
  await runMigrations(databaseUrl(template));
}
