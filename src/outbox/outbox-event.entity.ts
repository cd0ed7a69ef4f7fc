import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event written in the transaction that caused it; the relay (jobs) enqueues it with
 * job id = event id and marks it sent, so a crash between the two cannot duplicate its effect.
 */
@Entity('outbox_events')
@Index('ix_outbox_events_pending', ['createdAt'], { where: '"sent_at" IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 60 })
  type: string;

  @Column({ type: 'varchar', length: 30 })
  aggregateType: string;

  @Column({ type: 'uuid' })
  aggregateId: string;

  /** Ids and non-confidential facts only. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;
}
