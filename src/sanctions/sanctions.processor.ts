import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { LoggedWorkerHost } from '../common/logged-worker-host';
import { QUEUES, SANCTIONS_JOBS, SanctionsJobName, SanctionsJobPayloads } from '../queues/queues';
import { workerOptions } from '../queues/worker-options';
import { ListFetcher } from './list-fetcher';
import { ListImporter } from './list-importer';
import { Rescreener } from './rescreener';
import { SanctionsService } from './sanctions.service';

@Processor(QUEUES.sanctions, workerOptions())
export class SanctionsProcessor extends LoggedWorkerHost {
  constructor(
    private readonly importer: ListImporter,
    private readonly fetcher: ListFetcher,
    private readonly rescreener: Rescreener,
    private readonly sanctions: SanctionsService,
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
        if (outcome?.rescreen && outcome.versionId) {
          await this.sanctions.enqueueRescreen(outcome.versionId);
        }
        return outcome?.status ?? null;
      }
      case SANCTIONS_JOBS.fetch: {
        const outcome = await this.fetcher.fetchAndImport();
        if (outcome?.rescreen && outcome.versionId) {
          await this.sanctions.enqueueRescreen(outcome.versionId);
        }
        return outcome?.status ?? null;
      }
      case SANCTIONS_JOBS.rescreen: {
        const { versionId } = job.data as SanctionsJobPayloads[typeof SANCTIONS_JOBS.rescreen];
        const outcome = await this.rescreener.run(versionId, ({ screened, total }) => {
          void job.updateProgress(
            total > 0 ? Math.min(100, Math.floor((screened * 100) / total)) : 100,
          );
        });
        return outcome;
      }
    }
  }
}
