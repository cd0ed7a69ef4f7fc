import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CustodyAction =
  | 'added'
  | 'downloaded'
  | 'reviewed'
  | 'review_reopened'
  | 'withdrawn'
  | 'integrity_checked'
  | 'integrity_failed';

/** Chain of custody of one evidence item: append-only (a trigger refuses UPDATE and DELETE). */
@Entity('evidence_custody')
@Index('ix_evidence_custody_evidence', ['evidenceId', 'id'])
export class CustodyEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  evidenceId: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;

  /** Null for the scheduled integrity job. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 30 })
  action: CustodyAction;

  /** The hash observed at that moment (the stored one, or what the file hashed to). */
  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
