import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../common/core.module';
import { AppConfig } from '../config/config';
import { SessionCache } from './session-cache';
import { SessionCacheListener } from './session-cache.listener';

/** The caller cache of the API (AUTH_CACHE_TTL) and the listener that keeps it honest. */
@Module({
  providers: [
    {
      provide: SessionCache,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SessionCache(config.authCacheTtlMs),
    },
    SessionCacheListener,
  ],
  exports: [SessionCache],
})
export class SessionCacheModule {}
