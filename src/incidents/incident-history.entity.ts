import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type HistoryKind =
  | 'created'
  | 'edited'
  | 'transition'
  | 'assigned'
  | 'evidence_reviewed'
  | 'evidence_withdrawn'
  /** A verifier's or admin's decision on a sanctions screening candidate (spec 15). */
  | 'screening_decided'
  /** A list version amended or removed a designation an actor was confirmed as. */
  | 'screening_changed';

/** The incident's timeline: append-only, written in the transaction of each change. */
@Entity('incident_history')
@Index('ix_incident_history_incident', ['incidentId', 'id'])
export class IncidentHistory {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 30 })
  kind: HistoryKind;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
