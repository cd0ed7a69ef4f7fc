import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ReferenceModule } from '../reference/reference.module';
import { UsersModule } from '../users/users.module';
import { WorkflowService } from './workflow.service';
import { IncidentSearch } from './incident-search';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';
import { SimilarIncidents } from './similar-incidents';

@Module({
  imports: [AuditModule, ReferenceModule, UsersModule],
  controllers: [IncidentsController],
  providers: [
    IncidentsService,
    IncidentSearch,
    SimilarIncidents,
    WorkflowService,
    IncidentsRepository,
  ],
  exports: [IncidentsService, IncidentSearch, IncidentsRepository],
})
export class IncidentsModule {}
