import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { infrastructure } from './infrastructure';
import { AppConfig } from './config/config';
import { EvidencePartsModule } from './evidence/evidence-parts.module';
import { JobsModule } from './jobs/jobs.module';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      // EvidencePartsModule: what incidents and sources declare and evidence implements (0009).
      imports: [...infrastructure(config, logger), EvidencePartsModule, JobsModule],
    };
  }
}
