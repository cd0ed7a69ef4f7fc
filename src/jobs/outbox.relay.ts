import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { Transactions } from '../database/transactions';
import { PollingLoop } from '../common/polling-loop';
import {
  DOMAIN_EVENT_JOB_OPTIONS,
  DomainEventJob,
  DomainEventJobName,
  QUEUES,
  WEBHOOK_ONLY_EVENTS,
} from '../queues/queues';
import { OutboxRepository } from '../outbox/outbox.repository';
import { screeningNeeded } from '../sanctions/screening.repository';
import { anyWebhookReceives } from '../webhooks/webhooks.repository';

const BATCH = 100;
const POLL_MS = 500;
/** BullMQ's connection queues commands while Redis is away; never hold row locks on that. */
const ENQUEUE_TIMEOUT_MS = 5_000;

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

/**
 * Moves committed domain events (outbox_events) to the domain-events queue, job id = event id.
 *
 * A loop in the process rather than a BullMQ job scheduler: the relay is what must keep
 * working while Redis is away, so it cannot itself be driven by Redis; it also polls without
 * filling Redis with a job per second, and drains a backlog at once instead of a batch a tick.
 * Several processes may run it: FOR UPDATE SKIP LOCKED hands each row to one of them.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    private readonly transactions: Transactions,
    @InjectQueue(QUEUES.domainEvents) private readonly queue: Queue<DomainEventJob>,
    @InjectLogger() private readonly logger: Logger,
    private readonly outbox: OutboxRepository,
  ) {
    this.loop = new PollingLoop(
      { name: 'outbox relay', intervalMs: POLL_MS },
      async () => (await this.relayOnce()) === BATCH,
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Lets the batch in flight finish (enqueue, mark sent, commit) before the pools close. */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Resolves once `count` whole passes have run after this call (PollingLoop.passes). */
  passes(count = 1): Promise<void> {
    return this.loop.passes(count);
  }

  /** One pass: enqueues up to a batch of pending events; answers how many it relayed. */
  private async relayOnce(): Promise<number> {
    const outcome = await this.transactions.run(async (manager) => {
      // `needed`: whether the event's job has anything to do. One that only fans out to
      // webhooks, with none subscribed (the fan-out's own condition), and no actors to screen,
      // is marked sent as is: no job, no Redis round trips, nothing for a worker to run.
      const rows = (await this.outbox.claimUnsent(
        manager,
        BATCH,
        WEBHOOK_ONLY_EVENTS,
        (e) => `(${anyWebhookReceives(e)} OR ${screeningNeeded(e)})`,
      )) as { id: string; type: DomainEventJobName; needed: boolean }[];
      if (rows.length === 0) return { relayed: 0 };
      const ids = rows.map((row) => row.id);
      try {
        const jobs = rows.filter((row) => row.needed);
        if (jobs.length > 0) await within(this.enqueue(jobs), ENQUEUE_TIMEOUT_MS);
      } catch (error) {
        // Committed with the attempt counted; the rows stay pending for the next pass. An add
        // that still lands later is harmless: the re-add with the same job id is ignored.
        await this.outbox.countAttempt(manager, ids);
        return { relayed: 0, error };
      }
      await this.outbox.markSent(manager, ids);
      return { relayed: rows.length };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.relayed;
  }

  private async enqueue(rows: { id: string; type: DomainEventJobName }[]): Promise<void> {
    const client = await this.queue.backend.connection.client;
    if (client.status !== 'ready') throw new Error(`redis is ${client.status}`);
    await this.queue.addBulk(
      rows.map((row) => ({
        name: row.type,
        data: { eventId: row.id },
        opts: { ...DOMAIN_EVENT_JOB_OPTIONS, jobId: row.id },
      })),
    );
  }
}
