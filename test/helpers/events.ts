import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { DomainEventsProcessor } from '../../src/jobs/domain-events.processor';
import { OutboxRelay } from '../../src/jobs/outbox.relay';
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

/**
 * The positive signal that nothing more is on its way: two relay passes ran after this call,
 * no outbox event waits to be relayed, no domain-event job waits or runs, and no webhook
 * delivery is being sent or due now. Only then may a test assert that something did not happen
 * (a duplicate, a second send). Scheduled maintenance jobs and webhook retries due later are
 * not waited for.
 */
export async function quiet(t: TestApp): Promise<void> {
  await t.app.get(OutboxRelay).passes(2);
  const domainEvents = t.app.get<Queue>(getQueueToken(QUEUES.domainEvents));
  const webhooks = t.app.get<Queue>(getQueueToken(QUEUES.webhooks));
  await waitFor(
    'the outbox and the event queues to drain',
    async () => {
      const [{ pending }] = await t.dataSource.query<{ pending: number }[]>(
        'SELECT count(*)::int AS pending FROM outbox_events WHERE sent_at IS NULL',
      );
      const events = await domainEvents.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      const deliveries = await webhooks.getJobCounts('waiting', 'active', 'prioritized');
      const busy = [...Object.values(events), ...Object.values(deliveries)];
      return { pending, busy: busy.reduce((sum, count) => sum + count, 0) };
    },
    (state) => state.pending === 0 && state.busy === 0,
  );
}
