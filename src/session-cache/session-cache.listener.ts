import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, Notification } from 'pg';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import { SessionCache } from './session-cache';

/** The channel the users and sessions triggers notify (migration AuthChangeNotify). */
export const AUTH_CHANGED_CHANNEL = 'auth_changed';
export const LISTENER_APPLICATION_NAME = 'sanctions-tracker:auth-listener';
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
/**
 * A connection can die without an error event (a firewall dropping it while idle, a failover):
 * the listener asks the server something this often and gives the connection up when the
 * answer does not come within as long again.
 */
const HEARTBEAT_MS = 5_000;

/**
 * Keeps one connection LISTENing on `auth_changed`, which triggers on `users` and `sessions`
 * notify with the user's id on every update or delete, whoever makes it (this process, another
 * one, or an operator in psql). Each notice evicts that user from the SessionCache. While the
 * connection is down the cache is closed, so every request reads the database again.
 */
@Injectable()
export class SessionCacheListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private retryDelayMs = RETRY_MIN_MS;
  private stopped = false;

  constructor(
    private readonly cache: SessionCache,
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.authCacheTtlMs > 0) await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    this.cache.close();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    this.client = client;
    client.on('notification', (notice: Notification) => {
      if (notice.channel !== AUTH_CHANGED_CHANNEL || !notice.payload) return;
      if (notice.payload === '*') this.cache.evictAll();
      else this.cache.evictUser(notice.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANGED_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.client !== client || this.stopped) return;
    this.retryDelayMs = RETRY_MIN_MS;
    this.heartbeat = setInterval(() => void this.beat(client), HEARTBEAT_MS).unref();
    this.cache.open();
    this.logger.debug('session cache listening for changes to users and sessions');
  }

  private async beat(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no heartbeat answer')), HEARTBEAT_MS);
    });
    try {
      await Promise.race([client.query('SELECT 1'), late]);
    } catch (error) {
      this.lost(client, error as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearInterval(this.heartbeat);
    this.cache.close();
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(
      { err: error?.message, retryInMs: this.retryDelayMs },
      'session cache listener lost its connection: every request reads the database until it is back',
    );
    this.retry = setTimeout(() => void this.connect(), this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RETRY_MAX_MS);
  }
}
