import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue, UnrecoverableError } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { InjectConfig } from '../common/core.module';
import { invalidField, notFound } from '../common/errors';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination';
import { AppConfig } from '../config/config';
import { DEFAULT_JOB_OPTIONS, QUEUES, WEBHOOK_JOBS, WebhookJobPayloads } from '../queues/queues';
import { FieldCipher } from '../crypto/field-cipher';
import { WebhookEventType } from '../outbox/outbox';
import {
  CreateWebhookDto,
  mapDelivery,
  mapWebhook,
  WebhookDeliveryDto,
  WebhookDto,
} from './dto/webhook.dto';
import { Webhook } from './webhook.entity';
import { Transactions } from '../database/transactions';
import { Keyset, WebhooksRepository } from './webhooks.repository';
import { assertPublicDestination, ForbiddenDestinationError } from './destination-guard';

/** Eight attempts at the default 10 s base delay span about 20 minutes (10 s × 2^0..6). */
export const WEBHOOK_DELIVERY_ATTEMPTS = 8;

/** What a deleted webhook's pending deliveries record instead of an HTTP outcome. */
export const WEBHOOK_DELETED = 'webhook deleted';

type DeliverJob = WebhookJobPayloads[typeof WEBHOOK_JOBS.deliver];

@Injectable()
export class WebhooksService {
  private readonly jobOptions: JobsOptions;
  private readonly allowPrivate: boolean;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly transactions: Transactions,
    @InjectQueue(QUEUES.webhooks) private readonly queue: Queue<DeliverJob>,
    @InjectConfig() config: AppConfig,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {
    this.allowPrivate = config.webhookAllowPrivate;
    this.jobOptions = {
      ...DEFAULT_JOB_OPTIONS,
      attempts: WEBHOOK_DELIVERY_ATTEMPTS,
      backoff: { type: 'exponential', delay: config.webhookRetryDelayMs, jitter: 0.5 },
    };
  }

  async create(actorId: string, dto: CreateWebhookDto): Promise<WebhookDto> {
    if (!this.allowPrivate) {
      await assertPublicDestination(dto.url).catch((error: Error) => {
        throw invalidField(
          'url',
          error instanceof ForbiddenDestinationError
            ? 'url must not point at a loopback, private, link-local or multicast address'
            : 'url names a host that does not resolve',
        );
      });
    }
    // The id is chosen here because the secret is sealed bound to it, before the insert.
    const id = randomUUID();
    const row = await this.transactions.run(async (manager) => {
      const saved = await this.webhooks.create(manager, {
        id,
        url: dto.url,
        events: dto.events,
        secretSealed: this.cipher.seal(dto.secret, id),
        createdBy: actorId,
      });
      await this.audit.append(manager, {
        actorId,
        action: 'webhook.created',
        entityType: 'webhook',
        entityId: id,
        // The append-only log keeps no query string: a receiver's token may live there.
        data: { url: withoutQuery(dto.url), events: dto.events },
      });
      return saved;
    });
    return mapWebhook(await this.load(row.id));
  }

  /**
   * How many subscribers an event of this type would reach now: what a writer is told before
   * publishing. A count only; who they are stays with the admins.
   */
  subscribers(type: WebhookEventType): Promise<number> {
    return this.webhooks.subscribedCount(type);
  }

  /** Newest first; deleted webhooks are not listed. */
  async list(query: PageQuery): Promise<Page<WebhookDto>> {
    const limit = query.limit ?? 25;
    const rows = await this.webhooks.page(limit + 1, keysetOf(query.cursor));
    return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id], mapWebhook);
  }

  async get(id: string): Promise<WebhookDto> {
    return mapWebhook(await this.load(id));
  }

  /**
   * Soft delete: the webhook stops receiving at once, its secret is erased, its pending
   * deliveries are closed as failed (their queued jobs then find nothing to do), and its
   * delivery history is kept in the database. A deleted webhook answers 404 from then on.
   */
  async remove(actorId: string, id: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (!(await this.webhooks.softDelete(manager, id))) throw notFound('Webhook');
      await this.webhooks.failPendingDeliveries(manager, id, WEBHOOK_DELETED);
      await this.audit.append(manager, {
        actorId,
        action: 'webhook.deleted',
        entityType: 'webhook',
        entityId: id,
      });
    });
  }

  /** The delivery log of a webhook, newest first. */
  async deliveries(id: string, query: PageQuery): Promise<Page<WebhookDeliveryDto>> {
    await this.load(id);
    const limit = query.limit ?? 25;
    const rows = await this.webhooks.deliveriesPage(id, limit + 1, keysetOf(query.cursor));
    return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id], mapDelivery);
  }

  /**
   * Before an admin retries a failed delivery job: puts its delivery back to pending, so the
   * retried job sends it (a delivery not pending is left alone by the sender). False when
   * the webhook was deleted meanwhile: nothing may be sent for it.
   */
  reopenDelivery(deliveryId: string): Promise<boolean> {
    return this.webhooks.reopenDelivery(deliveryId);
  }

  /**
   * Called for every domain event: one delivery per active webhook subscribed to its type and
   * created before it happened, then one job per delivery not yet done. Safe to repeat: the
   * unique (event_id, webhook_id) drops a second insert and BullMQ ignores a known job id.
   */
  async fanOut(eventId: string): Promise<number> {
    const { found, due } = await this.webhooks.fanOut(eventId);
    if (!found) throw new UnrecoverableError(`outbox event ${eventId} does not exist`);
    if (due.length > 0) {
      await this.queue.addBulk(
        due.map((deliveryId) => ({
          name: WEBHOOK_JOBS.deliver,
          data: { deliveryId },
          opts: { ...this.jobOptions, jobId: deliveryId },
        })),
      );
    }
    return due.length;
  }

  private async load(id: string): Promise<Webhook> {
    const row = await this.webhooks.webhook(id);
    if (!row || row.deletedAt) throw notFound('Webhook');
    return row;
  }
}

/** A list cursor's keyset position (a bad cursor is a 400). */
function keysetOf(cursor: string | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor, ['timestamp', 'uuid']);
  return { at, id };
}

/** The URL's origin and path, without the query or fragment. */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
