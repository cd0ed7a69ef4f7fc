import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Job, Queue } from 'bullmq';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors';
import { decodeCursor, encodeCursor, Page } from '../common/pagination';
import { FailedJobDto, QueueDto, RetriedJobDto } from './dto/queue.dto';
import { WebhooksService } from '../webhooks/webhooks.service';
import { QUEUES, QueueName, WEBHOOK_JOBS, WebhookJobPayloads } from '../queues/queues';

/** BullMQ's connections wait for Redis forever; an admin request should not. */
const REDIS_TIMEOUT_MS = 5_000;
const REASON_MAX = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// BullMQ 6 keeps the jobs of a paused queue in 'waiting'; pausing is a flag of the queue.
const COUNTED = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
] as const;

const iso = (millis: number | undefined): string | null =>
  millis ? new Date(millis).toISOString() : null;

/** Payloads carry ids only; this shows just the UUID-valued fields, in case one ever does not. */
function idsOf(data: unknown): Record<string, string> {
  if (typeof data !== 'object' || data === null) return {};
  return Object.fromEntries(
    Object.entries(data).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && UUID.test(entry[1]),
    ),
  );
}

export function mapFailedJob(job: Job): FailedJobDto {
  const reason = job.failedReason ?? '';
  return {
    id: String(job.id),
    name: job.name,
    failedReason: reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX - 1)}…` : reason,
    attemptsMade: job.attemptsMade,
    timestamp: new Date(job.timestamp).toISOString(),
    finishedOn: iso(job.finishedOn),
    ids: idsOf(job.data),
  };
}

/** The admin's view of the job queues: counts, failed jobs, and retrying one of them. */
@Injectable()
export class QueuesService implements OnModuleInit {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly audit: AuditService,
    private readonly webhooks: WebhooksService,
  ) {}

  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) {
      this.queues.set(name, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    }
  }

  async list(): Promise<QueueDto[]> {
    return Promise.all(
      Object.values(QUEUES).map(async (name) => {
        const queue = this.queue(name);
        const [counts, paused] = await this.redis(
          Promise.all([queue.getJobCounts(...COUNTED), queue.isPaused()]),
        );
        return {
          name,
          paused,
          counts: {
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            prioritized: counts.prioritized ?? 0,
            waitingChildren: counts['waiting-children'] ?? 0,
            completed: counts.completed ?? 0,
            failed: counts.failed ?? 0,
          },
        };
      }),
    );
  }

  /**
   * Newest failure first. BullMQ pages its failed set by position, so the cursor carries one;
   * a job failing meanwhile shifts the pages by one (seen twice), which is harmless here.
   */
  async failed(name: string, limit: number, cursor?: string): Promise<Page<FailedJobDto>> {
    const queue = this.queue(name);
    const offset = cursor ? Number(decodeCursor(cursor, ['int'])[0]) : 0;
    const jobs = await this.redis(queue.getFailed(offset, offset + limit));
    const more = jobs.length > limit;
    return {
      items: jobs.slice(0, limit).map(mapFailedJob),
      nextCursor: more ? encodeCursor([String(offset + limit)]) : null,
    };
  }

  async retry(actorId: string, name: string, jobId: string): Promise<RetriedJobDto> {
    const queue = this.queue(name);
    const job = await this.redis(queue.getJob(jobId));
    if (!job) throw notFound('Job');
    const state = await this.redis(job.getState());
    if (state !== 'failed') {
      throw new DomainError('conflict', `Only a failed job can be retried; this one is ${state}`);
    }
    if (name === QUEUES.webhooks && job.name === WEBHOOK_JOBS.deliver) {
      const { deliveryId } = job.data as WebhookJobPayloads[typeof WEBHOOK_JOBS.deliver];
      if (!(await this.webhooks.reopenDelivery(deliveryId))) {
        throw new DomainError('conflict', 'The webhook of this delivery was deleted');
      }
    }
    try {
      await this.redis(job.retry('failed'));
    } catch (error) {
      // Another admin (or BullMQ) moved it between the check and the retry.
      if ((await this.redis(job.getState())) !== 'failed') {
        throw new DomainError('conflict', 'The job is no longer failed');
      }
      throw error;
    }
    // After the retry, which lives in Redis: no database transaction could undo it.
    await this.audit.record({
      actorId,
      action: 'queue.job_retried',
      entityType: 'queue_job',
      entityId: jobId.length <= 80 ? jobId : null,
      data: { queue: name, jobId, jobName: job.name },
    });
    return {
      id: String(job.id),
      name: job.name,
      queue: name as QueueName,
      state: await this.redis(job.getState()),
    };
  }

  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw notFound('Queue');
    return queue;
  }

  private async redis<T>(operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new DomainError('unavailable', 'The job queues are unavailable; try again later')),
        REDIS_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([operation, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
