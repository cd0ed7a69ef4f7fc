import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { QueuesModule } from '../queues/queues.module';
import { SourcesModule } from '../sources/sources.module';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** SourcesModule provides the field cipher that seals the signing secrets. */
@Module({
  imports: [AuditModule, QueuesModule, SourcesModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookSender],
  exports: [WebhooksService, WebhookSender],
})
export class WebhooksModule {}
