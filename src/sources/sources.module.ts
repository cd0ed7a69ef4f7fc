import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { CryptoModule } from '../crypto/crypto.module';
import { SourcesController } from './sources.controller';
import { SourcesRepository } from './sources.repository';
import { SourcesService } from './sources.service';

/** Needs SourceRegrade, which the global EvidencePartsModule provides (decision 0009). */
@Module({
  imports: [AuditModule, IncidentsModule, CryptoModule],
  controllers: [SourcesController],
  providers: [SourcesService, SourcesRepository],
  exports: [CryptoModule, SourcesRepository],
})
export class SourcesModule {}
