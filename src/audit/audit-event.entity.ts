import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One link of the tamper-evident chain; the table refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_events')
@Index('ix_audit_events_entity', ['entityType', 'entityId', 'seq'])
@Index('ix_audit_events_actor', ['actorId', 'seq'])
@Index('ix_audit_events_action', ['action', 'seq'])
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Index('ix_audit_events_at')
  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'varchar', length: 80, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
