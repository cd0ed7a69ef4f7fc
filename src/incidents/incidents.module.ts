import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ReferenceModule } from '../reference/reference.module';
import { UsersModule } from '../users/users.module';
import { WorkflowService } from './workflow.service';
import { IncidentSearch } from './incident-search';
import { IncidentSearchRepository } from './incident-search.repository';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';
import { SimilarIncidents } from './similar-incidents';

/** Needs IncidentParts, which the global EvidencePartsModule provides (decision 0009). */
@Module({
  imports: [AuditModule, ReferenceModule, UsersModule],
  controllers: [IncidentsController],
  providers: [
    IncidentsService,
    IncidentSearch,
    SimilarIncidents,
    WorkflowService,
    IncidentsRepository,
    IncidentSearchRepository,
  ],
  exports: [IncidentsService, IncidentSearch, IncidentsRepository],
})
export class IncidentsModule {}
