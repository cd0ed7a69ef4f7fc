import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { infrastructure } from './infrastructure';
import { AppConfig } from './config/config';
import { JobsModule } from './jobs/jobs.module';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return { module: WorkerModule, imports: [...infrastructure(config, logger), JobsModule] };
  }
}
