import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { ExportsProcessor } from '../exports/exports.processor';
import { ExportsModule } from '../exports/exports.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxRelay } from '../outbox/outbox.relay';
import { QueuesModule } from '../queues/queues.module';
import { DomainEventsProcessor } from './domain-events.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { Schedules } from './schedules';

/** The processors: loaded by the worker, and by the API process when APP_ROLE=all. */
@Module({
  imports: [QueuesModule, AuditModule, EvidenceModule, NotificationsModule, ExportsModule],
  providers: [
    MaintenanceProcessor,
    Schedules,
    OutboxRelay,
    DomainEventsProcessor,
    ExportsProcessor,
  ],
})
export class JobsModule {}
