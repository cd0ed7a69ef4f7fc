import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Incident } from '../incidents/incident.entity';

/** A designation proposed for an actor, with its score and why; replaced at each screening. */
@Entity('sanctions_candidates')
@Check('ck_sanctions_candidates_band', `"band" IN ('strong','possible')`)
@Index('ix_sanctions_candidates_reference', ['reference'])
export class ScreeningCandidate {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ type: 'uuid' })
  actorId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  reference: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_sanctions_candidates_incident' })
  incident?: Incident;

  @Column({ type: 'numeric', precision: 3, scale: 2 })
  score: string;

  @Column({ type: 'varchar', length: 8 })
  band: 'strong' | 'possible';

  @Column({ type: 'jsonb' })
  explanation: Record<string, unknown>;

  /** The designation's content hash when it was scored. */
  @Column({ type: 'char', length: 64 })
  designationHash: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  screenedAt: Date;
}
