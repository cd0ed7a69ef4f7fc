import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { Webhook } from './webhook.entity';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event for one webhook. (event_id, webhook_id) is unique, so a replayed event job fans out
 * once; the delivery's id is also the id of its BullMQ job.
 */
@Entity('webhook_deliveries')
@Check('ck_webhook_deliveries_status', `"status" IN ('pending','delivered','failed')`)
@Index('uq_webhook_deliveries_event_webhook', ['eventId', 'webhookId'], { unique: true })
@Index('ix_webhook_deliveries_webhook', ['webhookId', 'createdAt', 'id'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  webhookId: string;

  @ManyToOne(() => Webhook, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'fk_webhook_deliveries_webhook' })
  webhook?: Webhook;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => OutboxEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_webhook_deliveries_event' })
  event?: OutboxEvent;

  @Column({ type: 'varchar', length: 60 })
  eventType: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: DeliveryStatus;

  /** Attempts started, counted before each POST: a crash mid-request still counts. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'smallint', nullable: true })
  lastStatusCode: number | null;

  /** Short and safe to show: an HTTP status or a network error code, never a body or secret. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt: Date | null;
}
