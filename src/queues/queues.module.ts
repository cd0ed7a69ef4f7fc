import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../common/core.module';
import { AppConfig } from '../config/config';
import { bullConnection, bullPrefix } from './bull-connection';
import { QueueErrorLog } from './queue-errors';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queues';

const queues = Object.values(QUEUES).map((name) => ({ name }));

/** Producers: the API and the worker both import this to enqueue jobs. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: bullConnection(config),
        prefix: bullPrefix(config),
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...queues),
  ],
  providers: [QueueErrorLog],
  exports: [BullModule],
})
export class QueuesModule {}
