import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { DatabaseModule } from './database/database.module';
import { QueuesModule } from './queues/queues.module';
import { CoreModule } from './common/core.module';

/** What both entry points (API and worker) stand on: config, logger, Redis, database, queues. */
export function infrastructure(
  config: AppConfig,
  logger: Logger,
): (DynamicModule | typeof DatabaseModule | typeof QueuesModule)[] {
  return [
    CoreModule.forRoot(config, logger),
    TypeOrmModule.forRoot({
      ...dataSourceOptions(config.databaseUrl, config.databasePoolSize),
      retryAttempts: 0,
    }),
    DatabaseModule,
    QueuesModule,
  ];
}
