import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { Logger } from 'pino';

/**
 * Every processor's worker events, logged alike: a worker with no 'error' listener prints each
 * failed reconnect to stderr while Redis is away (readiness reports that already: debug), and
 * a failed attempt is worth a warning with its ids (never its data).
 */
export abstract class LoggedWorkerHost extends WorkerHost {
  protected abstract readonly logger: Logger;

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.debug({ queue: this.worker.name, err: error.message }, 'worker: redis error');
  }

  @OnWorkerEvent('failed')
  onJobFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(
      {
        queue: this.worker.name,
        jobId: job?.id,
        name: job?.name,
        attempts: job?.attemptsMade,
        err: error.message,
      },
      'job attempt failed',
    );
  }
}
