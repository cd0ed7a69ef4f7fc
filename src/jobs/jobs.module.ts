import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { ExportsProcessor } from '../exports/exports.processor';
import { ExportsModule } from '../exports/exports.module';
import { MailRelay } from '../notifications/mail.relay';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxRelay } from './outbox.relay';
import { OutboxModule } from '../outbox/outbox.module';
import { QueuesModule } from '../queues/queues.module';
import { ReminderSweeper } from '../reminders/reminder.sweeper';
import { RemindersModule } from '../reminders/reminders.module';
import { SanctionsModule } from '../sanctions/sanctions.module';
import { SanctionsProcessor } from '../sanctions/sanctions.processor';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WebhooksProcessor } from '../webhooks/webhooks.processor';
import { DomainEventsProcessor } from './domain-events.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { Schedules } from './schedules';

/** The processors: loaded by the worker, and by the API process when APP_ROLE=all. */
@Module({
  imports: [
    QueuesModule,
    OutboxModule,
    AuditModule,
    EvidenceModule,
    NotificationsModule,
    ExportsModule,
    RemindersModule,
    WebhooksModule,
    SanctionsModule,
  ],
  providers: [
    MaintenanceProcessor,
    Schedules,
    OutboxRelay,
    MailRelay,
    ReminderSweeper,
    DomainEventsProcessor,
    ExportsProcessor,
    WebhooksProcessor,
    SanctionsProcessor,
  ],
})
export class JobsModule {}
