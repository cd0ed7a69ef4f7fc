import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { LoggedWorkerHost } from '../common/logged-worker-host';
import { QUEUES, SANCTIONS_JOBS, SanctionsJobName, SanctionsJobPayloads } from '../queues/queues';
import { workerOptions } from '../queues/worker-options';
import { ListFetcher } from './list-fetcher';
import { ListImporter } from './list-importer';

@Processor(QUEUES.sanctions, workerOptions())
export class SanctionsProcessor extends LoggedWorkerHost {
  constructor(
    private readonly importer: ListImporter,
    private readonly fetcher: ListFetcher,
    @InjectLogger() protected readonly logger: Logger,
  ) {
    super();
  }

  async process(
    job: Job<SanctionsJobPayloads[SanctionsJobName], unknown, SanctionsJobName>,
  ): Promise<unknown> {
    switch (job.name) {
      case SANCTIONS_JOBS.import: {
        const { importId } = job.data as SanctionsJobPayloads[typeof SANCTIONS_JOBS.import];
        const outcome = await this.importer.run(importId, (percent) => {
          void job.updateProgress(percent);
        });
        // The import row already says why it failed; a retry would find it ended.
        if (outcome?.status === 'failed') throw new UnrecoverableError(outcome.error ?? '');
        return outcome?.status ?? null;
      }
      case SANCTIONS_JOBS.fetch:
        return (await this.fetcher.fetchAndImport())?.status ?? null;
    }
  }
}
