import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { QueuesController } from './queues.controller';
import { QueuesModule } from '../queues/queues.module';
import { QueuesService } from './queues.service';

/** The admin queue API: served by the API only, so it stays out of QueuesModule (the worker's). */
@Module({
  imports: [QueuesModule, AuditModule, WebhooksModule],
  controllers: [QueuesController],
  providers: [QueuesService],
})
export class QueuesAdminModule {}
