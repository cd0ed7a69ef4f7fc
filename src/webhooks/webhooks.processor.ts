import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { LoggedWorkerHost } from '../common/logged-worker-host';
import { QUEUES, WEBHOOK_JOBS, WebhookJobName, WebhookJobPayloads } from '../queues/queues';
import { workerOptions } from '../queues/worker-options';
import { WebhookSender } from './webhook-sender';

/** One job per delivery (job id = delivery id); retries follow the job's exponential backoff. */
@Processor(QUEUES.webhooks, workerOptions({ concurrency: 8 }))
export class WebhooksProcessor extends LoggedWorkerHost {
  constructor(
    private readonly sender: WebhookSender,
    @InjectLogger() protected readonly logger: Logger,
  ) {
    super();
  }

  async process(
    job: Job<WebhookJobPayloads[WebhookJobName], unknown, WebhookJobName>,
  ): Promise<unknown> {
    switch (job.name) {
      case WEBHOOK_JOBS.deliver: {
        // attemptsMade counts the attempts that failed before this one.
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return this.sender.deliver(job.data.deliveryId, finalAttempt);
      }
    }
  }

  /** Besides the base class's log line: a job out of attempts closes its delivery. */
  @OnWorkerEvent('failed')
  async onDeliveryJobFailed(
    job: Job<WebhookJobPayloads[WebhookJobName]> | undefined,
  ): Promise<void> {
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    await this.sender
      .giveUp(job.data.deliveryId)
      .catch((error: Error) =>
        this.logger.warn(
          { jobId: job.id, err: error.message },
          'webhook delivery: could not close',
        ),
      );
  }
}
