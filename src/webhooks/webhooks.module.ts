import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { OutboxModule } from '../outbox/outbox.module';
import { QueuesModule } from '../queues/queues.module';
import { CryptoModule } from '../crypto/crypto.module';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** CryptoModule provides the field cipher that seals the signing secrets. */
@Module({
  imports: [AuditModule, QueuesModule, CryptoModule, OutboxModule, IncidentsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookSender, WebhooksRepository],
  exports: [WebhooksService, WebhookSender],
})
export class WebhooksModule {}
