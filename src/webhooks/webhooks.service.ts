import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobsOptions, Queue, UnrecoverableError } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InjectConfig } from '../common/core.module';
import { invalidField, notFound } from '../common/errors';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination';
import { AppConfig } from '../config/config';
import { DEFAULT_JOB_OPTIONS, QUEUES, WEBHOOK_JOBS, WebhookJobPayloads } from '../queues/queues';
import { FieldCipher } from '../crypto/field-cipher';
import {
  CreateWebhookDto,
  mapDelivery,
  mapWebhook,
  WebhookDeliveryDto,
  WebhookDto,
} from './dto/webhook.dto';
import { WebhookDelivery } from './webhook-delivery.entity';
import { Webhook } from './webhook.entity';
import { outboxEventById } from '../outbox/outbox.repository';
import { webhookReceives } from './subscriptions';
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const row = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(Webhook);
      const saved = await repository.save(
        repository.create({
          id,
          url: dto.url,
          events: dto.events,
          secretSealed: this.cipher.seal(dto.secret, id),
          createdBy: actorId,
        }),
      );
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

  /** Newest first; deleted webhooks are not listed. */
  async list(query: PageQuery): Promise<Page<WebhookDto>> {
    const limit = query.limit ?? 25;
    const builder = this.dataSource
      .getRepository(Webhook)
      .createQueryBuilder('w')
      .where('w.deleted_at IS NULL')
      .orderBy('w.created_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      builder.andWhere('(w.created_at, w.id) < (:at::timestamptz, :id::uuid)', { at, id });
    }
    return toPage(
      await builder.getMany(),
      limit,
      (row) => [row.createdAt.toISOString(), row.id],
      mapWebhook,
    );
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
    await this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[{ id: string }[], number]>(
        `UPDATE webhooks SET active = false, deleted_at = now(), secret_sealed = NULL
          WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
        [id],
      );
      if (rows.length === 0) throw notFound('Webhook');
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'failed', last_error = $2
          WHERE webhook_id = $1 AND status = 'pending'`,
        [id, WEBHOOK_DELETED],
      );
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
    const builder = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.webhook_id = :id', { id })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor) {
      const [at, after] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      builder.andWhere('(d.created_at, d.id) < (:at::timestamptz, :after::uuid)', { at, after });
    }
    return toPage(
      await builder.getMany(),
      limit,
      (row) => [row.createdAt.toISOString(), row.id],
      mapDelivery,
    );
  }

  /**
   * Before an admin retries a failed delivery job: puts its delivery back to pending, so the
   * retried job sends it (a delivery not pending is left alone by the sender). False when
   * the webhook was deleted meanwhile: nothing may be sent for it.
   */
  async reopenDelivery(deliveryId: string): Promise<boolean> {
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE webhook_deliveries d SET status = 'pending'
        WHERE d.id = $1 AND d.status = 'failed'
          AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.active)
        RETURNING d.id`,
      [deliveryId],
    );
    if (rows.length > 0) return true;
    const [still] = await this.dataSource.query<{ pending: boolean }[]>(
      `SELECT d.status = 'pending' AS pending FROM webhook_deliveries d WHERE d.id = $1`,
      [deliveryId],
    );
    return still?.pending ?? false;
  }

  /**
   * Called for every domain event: one delivery per active webhook subscribed to its type and
   * created before it happened, then one job per delivery not yet done. Safe to repeat: the
   * unique (event_id, webhook_id) drops a second insert and BullMQ ignores a known job id.
   */
  async fanOut(eventId: string): Promise<number> {
    // One statement: the rows `inserted` returns are not in the snapshot the last SELECT reads,
    // so the pending ones are this run's plus those an earlier, interrupted run left.
    const [{ found, due }] = await this.dataSource.query<{ found: boolean; due: string[] }[]>(
      `WITH e AS (${outboxEventById('$1')}),
            inserted AS (
              INSERT INTO webhook_deliveries (webhook_id, event_id, event_type)
              SELECT w.id, e.id, e.type
                FROM e
                JOIN webhooks w ON ${webhookReceives('w', 'e')}
              ON CONFLICT (event_id, webhook_id) DO NOTHING
              RETURNING id)
       SELECT EXISTS (SELECT 1 FROM e) AS found,
              ARRAY(SELECT id FROM inserted
                    UNION
                    SELECT d.id FROM webhook_deliveries d
                     WHERE d.event_id = $1 AND d.status = 'pending') AS due`,
      [eventId],
    );
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
    const row = await this.dataSource.getRepository(Webhook).findOneBy({ id });
    if (!row || row.deletedAt) throw notFound('Webhook');
    return row;
  }
}

/** The URL's origin and path, without the query or fragment. */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
