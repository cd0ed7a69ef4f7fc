import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { EvidenceService } from '../evidence/evidence.service';
import { JOBS, JobName, QUEUES } from '../queues/queues';

@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(
    private readonly checkpoints: AuditCheckpointService,
    private readonly evidence: EvidenceService,
  ) {
    super();
  }

  async process(job: Job<unknown, unknown, JobName>): Promise<unknown> {
    switch (job.name) {
      case JOBS.auditCheckpoint:
        return (await this.checkpoints.write())?.seq ?? null;
      case JOBS.evidenceIntegrity:
        return this.evidence.checkIntegrity();
    }
  }
}
