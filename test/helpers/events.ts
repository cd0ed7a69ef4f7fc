import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { DomainEventsProcessor } from '../../src/jobs/domain-events.processor';
import { DomainEventJob, DomainEventJobName, QUEUES } from '../../src/queues/queues';
import { TestApp } from './app';
import { waitFor } from './wait';

/** The id of the latest outbox event of this type for the incident. */
export async function latestEvent(t: TestApp, incidentId: string, type: string): Promise<string> {
  const [row] = await t.dataSource.query<{ id: string }[]>(
    `SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = $2
      ORDER BY created_at DESC LIMIT 1`,
    [incidentId, type],
  );
  if (!row) throw new Error(`no ${type} event for ${incidentId}`);
  return row.id;
}

/** Waits until the relay sent the event and its domain-events job (in-app, webhooks) completed. */
export async function settled(t: TestApp, eventId: string): Promise<void> {
  const queue = t.app.get<Queue>(getQueueToken(QUEUES.domainEvents));
  await waitFor(
    `event ${eventId} to be processed`,
    async () => {
      const [row] = await t.dataSource.query<{ sent: boolean }[]>(
        'SELECT sent_at IS NOT NULL AS sent FROM outbox_events WHERE id = $1',
        [eventId],
      );
      const job = await queue.getJob(eventId);
      return {
        sent: row?.sent,
        state: job ? await job.getState() : 'missing',
        failedReason: job?.failedReason,
      };
    },
    // Sent without a job: the relay had nothing for one to do (no webhook subscribed).
    (value) => value.sent === true && (value.state === 'completed' || value.state === 'missing'),
  );
}

/**
 * Replays a settled domain event the ways a crash could: the relay re-enqueues it after its job
 * left Redis (the handler runs again), then the handler is run twice by hand.
 */
export async function replayEvent(
  t: TestApp,
  eventId: string,
  name: DomainEventJobName,
): Promise<void> {
  const queue = t.app.get<Queue>(getQueueToken(QUEUES.domainEvents));
  await (await queue.getJob(eventId))!.remove();
  await t.dataSource.query('UPDATE outbox_events SET sent_at = NULL WHERE id = $1', [eventId]);
  await settled(t, eventId);
  const processor = t.app.get(DomainEventsProcessor);
  const job = { name, data: { eventId } } as Job<DomainEventJob, unknown, DomainEventJobName>;
  await processor.process(job);
  await processor.process(job);
}
