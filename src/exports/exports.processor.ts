import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { LoggedWorkerHost } from '../common/logged-worker-host';
import { EXPORT_JOBS, ExportJobName, ExportJobPayloads, QUEUES } from '../queues/queues';
import { workerOptions } from '../queues/worker-options';
import { ExportBuilder } from './export-builder';
import { ExportsService } from './exports.service';

@Processor(QUEUES.exports, workerOptions())
export class ExportsProcessor extends LoggedWorkerHost {
  constructor(
    private readonly builder: ExportBuilder,
    private readonly exports: ExportsService,
    @InjectLogger() protected readonly logger: Logger,
  ) {
    super();
  }

  async process(
    job: Job<ExportJobPayloads[ExportJobName], unknown, ExportJobName>,
  ): Promise<unknown> {
    switch (job.name) {
      case EXPORT_JOBS.build: {
        const { exportId } = job.data as ExportJobPayloads[typeof EXPORT_JOBS.build];
        try {
          await this.builder.build(exportId);
        } catch (error) {
          // The row is already marked failed and its temporary file gone: a retry would
          // find nothing due, so say so rather than back off eight times.
          throw new UnrecoverableError((error as Error).message);
        }
        return null;
      }
      case EXPORT_JOBS.cleanup:
        return this.exports.cleanup();
    }
  }
}
