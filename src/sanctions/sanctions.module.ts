import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { QueuesModule } from '../queues/queues.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxModule } from '../outbox/outbox.module';
import { StorageModule } from '../storage/storage.module';
import { UsersModule } from '../users/users.module';
import { Rescreener } from './rescreener';
import { Screener } from './screener';
import { ScreeningController } from './screening.controller';
import { ScreeningRepository } from './screening.repository';
import { ScreeningService } from './screening.service';
import { ListFetcher } from './list-fetcher';
import { ListFiles } from './list-files';
import { ListImporter } from './list-importer';
import { SanctionsController } from './sanctions.controller';
import { SanctionsRepository } from './sanctions.repository';
import { SanctionsService } from './sanctions.service';

@Module({
  imports: [
    AuditModule,
    QueuesModule,
    StorageModule,
    IncidentsModule,
    NotificationsModule,
    OutboxModule,
    UsersModule,
  ],
  controllers: [SanctionsController, ScreeningController],
  providers: [
    SanctionsRepository,
    SanctionsService,
    ListFiles,
    ListImporter,
    ListFetcher,
    ScreeningRepository,
    Screener,
    ScreeningService,
    Rescreener,
  ],
  exports: [SanctionsService, ListImporter, ListFetcher, ScreeningService, Rescreener],
})
export class SanctionsModule {}
