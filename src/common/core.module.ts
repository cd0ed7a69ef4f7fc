import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import Redis from 'ioredis';
import { Logger } from 'pino';
import { AppConfig } from '../config/config';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const REDIS = Symbol('REDIS');
export const CLOCK = Symbol('CLOCK');

/** The wall clock, injected where a test must place time (the rate limiter's windows). */
export interface Clock {
  now(): number;
}

export const InjectConfig = (): PropertyDecorator & ParameterDecorator => Inject(APP_CONFIG);
export const InjectLogger = (): PropertyDecorator & ParameterDecorator => Inject(LOGGER);
export const InjectRedis = (): PropertyDecorator & ParameterDecorator => Inject(REDIS);
export const InjectClock = (): PropertyDecorator & ParameterDecorator => Inject(CLOCK);

export function createRedis(config: AppConfig): Redis {
  return new Redis(config.redisUrl, {
    keyPrefix: config.redisPrefix,
    // Fail a command quickly while Redis is away instead of queueing requests behind it.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
}

class Lifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  beforeApplicationShutdown(signal?: string): void {
    if (signal) this.logger.info({ signal }, 'shutting down: finishing requests and jobs');
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
    if (signal) this.logger.info({ signal }, 'stopped');
  }
}

/** Process-wide singletons: the parsed config, the JSON logger and the shared Redis client. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CLOCK, useValue: { now: () => Date.now() } satisfies Clock },
        {
          provide: REDIS,
          useFactory: (): Redis => {
            const redis = createRedis(config);
            // Without a listener ioredis prints every reconnect failure to stderr.
            redis.on('error', (error: Error) =>
              logger.debug({ err: error.message }, 'redis error'),
            );
            return redis;
          },
        },
        Lifecycle,
      ],
      exports: [APP_CONFIG, LOGGER, REDIS, CLOCK],
    };
  }
}
