import Redis from 'ioredis';
import { Logger } from 'pino';
import { AppConfig } from '../config/config';
import { ensureDatabase, runMigrations } from './migrate';

/** A start-up failure the operator can act on; main prints its message as one line. */
export class StartupError extends Error {}

export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const reason = (error: unknown): string =>
  (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));

/** Creates the database when missing, migrates it under a lock, and checks Redis answers. */
export async function prepareDependencies(config: AppConfig, logger: Logger): Promise<void> {
  const hint = 'start it (locally, or `docker compose up -d` for the whole stack) or set';
  try {
    if (await ensureDatabase(config.databaseUrl)) {
      logger.info({ database: redactUrl(config.databaseUrl) }, 'created the database');
    }
  } catch (error) {
    throw new StartupError(
      `cannot reach PostgreSQL at ${redactUrl(config.databaseUrl)} (${reason(error)}): ${hint} DATABASE_URL`,
    );
  }
  const applied = await runMigrations(config.databaseUrl);
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');

  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new StartupError(
      `cannot reach Redis at ${redactUrl(config.redisUrl)} (${reason(error)}): ${hint} REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}
