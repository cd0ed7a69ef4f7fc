import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PublicController } from './public.controller';
import { PublicPreviewController } from './public-preview.controller';

@Module({
  imports: [IncidentsModule, WebhooksModule],
  controllers: [PublicController, PublicPreviewController],
})
export class PublicModule {}
