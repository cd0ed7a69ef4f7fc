import { RedisOptions } from 'ioredis';
import { AppConfig } from '../config/config';

/** BullMQ needs its own connections (blocking, no key prefix, no per-request retry limit). */
export function bullConnection(config: AppConfig): RedisOptions {
  const url = new URL(config.redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

export const bullPrefix = (config: AppConfig): string => `${config.redisPrefix}bull`;
