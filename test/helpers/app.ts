import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { createLogger } from '../../src/common/logger';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createApp } from '../../src/configure-app';
import { checkResponsesAgainstContract, reportContract } from './contract';
import { cloneTemplate, databaseUrl, dropDatabase, REDIS_URL } from './databases';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** Every JSON line the service logged, for asserting what never reaches a log. */
  logLines: string[];
  close(): Promise<void>;
}

/**
 * Boots the real AppModule through the same configureApp() as main.ts, on a database cloned
 * from the migrated template and a Redis key prefix of its own.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const runId = process.env.ST_TEST_RUN_ID;
  const template = process.env.ST_TEST_TEMPLATE;
  if (!runId || !template) throw new Error('run e2e tests through jest (global setup)');
  const suffix = randomBytes(5).toString('hex');
  const database = `st_test_${runId}_${suffix}`;
  await cloneTemplate(database, template);
  const storageDir = mkdtempSync(join(tmpdir(), 'st-test-'));
  const redisPrefix = `st-test:${runId}:${suffix}:`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(database),
    DATABASE_POOL_SIZE: '10',
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    STORAGE_DIR: storageDir,
    JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
    DATA_ENCRYPTION_KEY: 'test-data-key-that-is-long-enough-0123456789',
    // Every request of a suite comes from 127.0.0.1; suites that test the limits lower these.
    RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    // Test receivers listen on 127.0.0.1; the suite of the destination rule turns this off.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    ...env,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(env.LOG_LEVEL ?? 'info', sink);
  const app = await createApp(config, logger);
  const contract = checkResponsesAgainstContract(app.getHttpAdapter().getInstance());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    dataSource,
    logLines,
    async close(): Promise<void> {
      await app.close();
      await dropDatabase(database);
      rmSync(storageDir, { recursive: true, force: true });
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await redis.keys(`${redisPrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
      reportContract(contract);
    },
  };
}
