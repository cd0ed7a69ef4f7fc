import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { Logger } from 'pino';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { InjectLogger } from '../common/core.module';
import { EvidenceService } from '../evidence/evidence.service';
import { JOBS, JobName, JobOf, QUEUES } from '../queues/queues';
import { workerOptions } from '../queues/worker-options';
import { RemindersService } from '../reminders/reminders.service';
import { LoggedWorkerHost } from '../common/logged-worker-host';

@Processor(QUEUES.maintenance, workerOptions())
export class MaintenanceProcessor extends LoggedWorkerHost {
  constructor(
    private readonly checkpoints: AuditCheckpointService,
    private readonly evidence: EvidenceService,
    private readonly reminders: RemindersService,
    @InjectLogger() protected readonly logger: Logger,
  ) {
    super();
  }

  async process(job: Job<unknown, unknown, JobName>): Promise<unknown> {
    switch (job.name) {
      case JOBS.auditCheckpoint:
        return (await this.checkpoints.write())?.seq ?? null;
      case JOBS.evidenceIntegrity:
        return this.evidence.checkIntegrity();
      case JOBS.digest: {
        // The day the schedule fired for (prevMillis), not when the job was created (the day
        // before, for a scheduler's next job) nor when a retry runs: one digest per user per day.
        const firedAt = job.opts.prevMillis ?? Date.now();
        return this.reminders.digest(
          (job.data as JobOf<typeof JOBS.digest>).day ??
            new Date(firedAt).toISOString().slice(0, 10),
        );
      }
    }
  }
}
