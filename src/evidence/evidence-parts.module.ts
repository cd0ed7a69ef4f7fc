import { Global, Module } from '@nestjs/common';
import { IncidentParts } from '../incidents/incident-parts';
import { SourceRegrade } from '../sources/source-regrade';
import { EvidenceRepository } from './evidence.repository';

/**
 * What incidents and sources, below evidence in LAYERS, declare and evidence implements
 * (decision 0009). Global, and imported by the root modules, so their modules receive it
 * without importing evidence, which imports them.
 */
@Global()
@Module({
  providers: [
    EvidenceRepository,
    { provide: IncidentParts, useExisting: EvidenceRepository },
    { provide: SourceRegrade, useExisting: EvidenceRepository },
  ],
  exports: [EvidenceRepository, IncidentParts, SourceRegrade],
})
export class EvidencePartsModule {}
