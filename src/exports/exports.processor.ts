import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { EXPORT_JOBS, ExportJobName, ExportJobPayloads, QUEUES } from '../queues/queues';
import { ExportBuilder } from './export-builder';
import { ExportsService } from './exports.service';

@Processor(QUEUES.exports)
export class ExportsProcessor extends WorkerHost {
  constructor(
    private readonly builder: ExportBuilder,
    private readonly exports: ExportsService,
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
