import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { NotificationsService } from '../notifications/notifications.service';
import { DOMAIN_EVENT_JOBS, DomainEventJob, DomainEventJobName, QUEUES } from '../queues/queues';

/** Domain events relayed from the outbox; every handler is idempotent (keyed by event id). */
@Processor(QUEUES.domainEvents)
export class DomainEventsProcessor extends WorkerHost {
  constructor(
    private readonly notifications: NotificationsService,
    @InjectLogger() private readonly logger: Logger,
  ) {
    super();
  }

  async process(job: Job<DomainEventJob, unknown, DomainEventJobName>): Promise<unknown> {
    switch (job.name) {
      case DOMAIN_EVENT_JOBS.incidentTransitioned:
        return this.notifications.notifyTransition(job.data.eventId);
      case DOMAIN_EVENT_JOBS.incidentAssigned:
        return this.notifications.notifyAssignment(job.data.eventId);
      case DOMAIN_EVENT_JOBS.incidentCreated:
      case DOMAIN_EVENT_JOBS.incidentUpdated:
        // No in-app notification; webhooks will subscribe to these.
        return null;
    }
    throw new UnrecoverableError(`unknown domain event job ${String(job.name)}`);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.debug({ err: error.message }, 'domain-events worker: redis error');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<DomainEventJob> | undefined, error: Error): void {
    this.logger.warn(
      { jobId: job?.id, name: job?.name, attempts: job?.attemptsMade, err: error.message },
      'domain event job failed',
    );
  }
}
