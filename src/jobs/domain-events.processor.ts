import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { LoggedWorkerHost } from '../common/logged-worker-host';
import { NotificationsService } from '../notifications/notifications.service';
import { WEBHOOK_EVENT_TYPES } from '../outbox/outbox';
import { DOMAIN_EVENT_JOBS, DomainEventJob, DomainEventJobName, QUEUES } from '../queues/queues';
import { workerOptions } from '../queues/worker-options';
import { ScreeningService } from '../sanctions/screening.service';
import { WebhooksService } from '../webhooks/webhooks.service';

const isWebhookEvent = (name: DomainEventJobName): boolean =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(name);

/** Domain events relayed from the outbox; every handler is idempotent (keyed by event id). */
@Processor(QUEUES.domainEvents, workerOptions({ concurrency: 4 }))
export class DomainEventsProcessor extends LoggedWorkerHost {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
    private readonly screening: ScreeningService,
    @InjectLogger() protected readonly logger: Logger,
  ) {
    super();
  }

  async process(job: Job<DomainEventJob, unknown, DomainEventJobName>): Promise<unknown> {
    const notified = await this.notifyInApp(job);
    // Every event type a webhook may subscribe to; the fan-out is idempotent too. Comment
    // events never leave the service (outbox.ts, WEBHOOK_EVENT_TYPES).
    if (isWebhookEvent(job.name)) await this.webhooks.fanOut(job.data.eventId);
    return notified;
  }

  private async notifyInApp(
    job: Job<DomainEventJob, unknown, DomainEventJobName>,
  ): Promise<unknown> {
    switch (job.name) {
      case DOMAIN_EVENT_JOBS.incidentTransitioned:
        return this.notifications.notifyTransition(job.data.eventId);
      case DOMAIN_EVENT_JOBS.incidentAssigned:
        return this.notifications.notifyAssignment(job.data.eventId);
      case DOMAIN_EVENT_JOBS.commentMentioned:
        return this.notifications.notifyMention(job.data.eventId);
      case DOMAIN_EVENT_JOBS.screeningChanged:
        return this.screening.notifyScreeningChanged(job.data.eventId);
      // These three are WEBHOOK_ONLY_EVENTS (queues.ts): the relay enqueues them only when a
      // webhook subscribes, or (the first two) when they bring actors to screen.
      case DOMAIN_EVENT_JOBS.incidentCreated:
      case DOMAIN_EVENT_JOBS.incidentUpdated:
        // No in-app notification: screening of the actors filed or edited (spec 15).
        return this.screening.screenAfterEvent(job.data.eventId);
      case DOMAIN_EVENT_JOBS.reminderDue:
        // The reminder sweep wrote the in-app notifications with the event (src/reminders).
        return null;
    }
    throw new UnrecoverableError(`unknown domain event job ${String(job.name)}`);
  }
}
