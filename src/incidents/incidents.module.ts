import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ReferenceModule } from '../reference/reference.module';
import { WorkflowService } from './workflow.service';
import { IncidentSearch } from './incident-search';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';
import { SimilarIncidents } from './similar-incidents';

@Module({
  imports: [AuditModule, ReferenceModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentSearch, SimilarIncidents, WorkflowService],
  exports: [IncidentsService, IncidentSearch],
})
export class IncidentsModule {}
