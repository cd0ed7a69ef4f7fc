import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { QueuesModule } from '../queues/queues.module';
import { StorageModule } from '../storage/storage.module';
import { ListFetcher } from './list-fetcher';
import { ListFiles } from './list-files';
import { ListImporter } from './list-importer';
import { SanctionsController } from './sanctions.controller';
import { SanctionsRepository } from './sanctions.repository';
import { SanctionsService } from './sanctions.service';

@Module({
  imports: [AuditModule, QueuesModule, StorageModule],
  controllers: [SanctionsController],
  providers: [SanctionsRepository, SanctionsService, ListFiles, ListImporter, ListFetcher],
  exports: [SanctionsService, ListImporter, ListFetcher],
})
export class SanctionsModule {}
