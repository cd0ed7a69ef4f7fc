import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { QueuesModule } from '../queues/queues.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { Schedules } from './schedules';

/** The processors: loaded by the worker, and by the API process when APP_ROLE=all. */
@Module({
  imports: [QueuesModule, AuditModule, EvidenceModule],
  providers: [MaintenanceProcessor, Schedules],
})
export class JobsModule {}
