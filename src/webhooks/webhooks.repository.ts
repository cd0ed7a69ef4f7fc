import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { WebhookEventType } from '../outbox/outbox';
import { outboxEventById } from '../outbox/outbox.repository';
import { DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';
import { Webhook } from './webhook.entity';

/**
 * SQL: webhook `w` is subscribed to events of type `type` that happen at `at` (SQL expressions,
 * aliases as written in the statement): active, not deleted, subscribed to the type, and
 * created no later than the event. The fan-out, the outbox relay (which skips a job nobody
 * would receive) and the reminder sweep (which writes no reminder.due nobody would receive)
 * must agree on it, so it is written here once.
 */
export const webhookSubscribed = (w: string, type: string, at: string): string =>
  `${w}.active AND ${w}.deleted_at IS NULL
          AND ${type} = ANY(${w}.events) AND ${w}.created_at <= ${at}`;

/** SQL: some webhook is subscribed to events of type `type` that happen at `at`. */
export const anyWebhookSubscribed = (type: string, at: string): string =>
  `EXISTS (SELECT 1 FROM webhooks w WHERE ${webhookSubscribed('w', type, at)})`;

/** SQL: webhook `w` receives outbox event `e`. */
export const webhookReceives = (w: string, e: string): string =>
  webhookSubscribed(w, `${e}.type`, `${e}.created_at`);

/** SQL: some webhook receives outbox event `e` (the relay skips a job nobody would receive). */
export const anyWebhookReceives = (e: string): string =>
  anyWebhookSubscribed(`${e}.type`, `${e}.created_at`);

/** A keyset position in a list ordered by (created_at, id) descending. */
export interface Keyset {
  at: string;
  id: string;
}

/** What the sender needs of a delivery, from the delivery and its webhook. */
export interface DeliveryTarget {
  id: string;
  status: DeliveryStatus;
  webhookId: string;
  eventId: string;
  url: string;
  secretSealed: unknown;
  webhookActive: boolean;
}

/** The SQL of `webhooks` and `webhook_deliveries` (this feature owns both tables). */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(tx: EntityManager, webhook: Partial<Webhook>): Promise<Webhook> {
    const repository = tx.getRepository(Webhook);
    return repository.save(repository.create(webhook));
  }

  /** A webhook by id, deleted or not; null when there is none. */
  webhook(id: string): Promise<Webhook | null> {
    return this.dataSource.getRepository(Webhook).findOneBy({ id });
  }

  /** How many webhooks an event of type `type` would be delivered to if it happened now. */
  async subscribedCount(type: WebhookEventType): Promise<number> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM webhooks w WHERE ${webhookSubscribed('w', '$1', 'now()')}`,
      [type],
    );
    return row.count;
  }

  /** Newest first, without the deleted ones; `limit` rows. */
  page(limit: number, after?: Keyset): Promise<Webhook[]> {
    const builder = this.dataSource
      .getRepository(Webhook)
      .createQueryBuilder('w')
      .where('w.deleted_at IS NULL')
      .orderBy('w.created_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(limit);
    if (after) {
      builder.andWhere('(w.created_at, w.id) < (:at::timestamptz, :id::uuid)', after);
    }
    return builder.getMany();
  }

  /**
   * Soft delete: inactive, deleted now, secret erased. False when there is no such webhook left
   * to delete.
   */
  async softDelete(tx: EntityManager, id: string): Promise<boolean> {
    const [rows] = await tx.query<[{ id: string }[], number]>(
      `UPDATE webhooks SET active = false, deleted_at = now(), secret_sealed = NULL
        WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Closes a webhook's pending deliveries as failed, with `reason` for their log. */
  async failPendingDeliveries(tx: EntityManager, webhookId: string, reason: string): Promise<void> {
    await tx.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = $2
        WHERE webhook_id = $1 AND status = 'pending'`,
      [webhookId, reason],
    );
  }

  /** A webhook's deliveries, newest first; `limit` rows. */
  deliveriesPage(webhookId: string, limit: number, after?: Keyset): Promise<WebhookDelivery[]> {
    const builder = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.webhook_id = :id', { id: webhookId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit);
    if (after) {
      builder.andWhere('(d.created_at, d.id) < (:at::timestamptz, :after::uuid)', {
        at: after.at,
        after: after.id,
      });
    }
    return builder.getMany();
  }

  /**
   * Puts a failed delivery back to pending while its webhook is active. True when the delivery
   * is pending afterwards (reopened now, or already pending).
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
   * One delivery per webhook that receives the event, in one statement: whether the event
   * exists, and the ids of its pending deliveries. The rows `inserted` returns are not in the
   * snapshot the last SELECT reads, so the pending ones are this run's plus those an earlier,
   * interrupted run left.
   */
  async fanOut(eventId: string): Promise<{ found: boolean; due: string[] }> {
    const [row] = await this.dataSource.query<{ found: boolean; due: string[] }[]>(
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
    return row;
  }

  /** The delivery, its webhook's address, sealed secret and whether it still receives. */
  async deliveryTarget(deliveryId: string): Promise<DeliveryTarget | null> {
    const [row] = await this.dataSource.query<DeliveryTarget[]>(
      `SELECT d.id, d.status, d.webhook_id AS "webhookId", d.event_id AS "eventId",
              w.url, w.secret_sealed AS "secretSealed",
              (w.active AND w.deleted_at IS NULL) AS "webhookActive"
         FROM webhook_deliveries d
         JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return row ?? null;
  }

  /** Counts an attempt of a pending delivery; its number, or null when it is no longer pending. */
  async startAttempt(deliveryId: string): Promise<number | null> {
    const [rows] = await this.dataSource.query<[{ attempts: number }[], number]>(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING attempts`,
      [deliveryId],
    );
    return rows[0]?.attempts ?? null;
  }

  async markDelivered(deliveryId: string, statusCode: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries
          SET status = 'delivered', delivered_at = now(), last_status_code = $2, last_error = NULL
        WHERE id = $1 AND status = 'pending'`,
      [deliveryId, statusCode],
    );
  }

  /** Records a failed attempt; the delivery fails for good when it was the last. */
  async recordFailedAttempt(
    deliveryId: string,
    statusCode: number | null,
    failure: string,
    finalAttempt: boolean,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries
          SET last_status_code = $2, last_error = $3,
              status = CASE WHEN $4::boolean THEN 'failed' ELSE status END
        WHERE id = $1 AND status = 'pending'`,
      [deliveryId, statusCode, failure, finalAttempt],
    );
  }

  /** Fails a pending delivery with `reason`; one already closed is left as it is. */
  async closeDelivery(deliveryId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = $2
        WHERE id = $1 AND status = 'pending'`,
      [deliveryId, reason],
    );
  }
}
