import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Incident } from '../incidents/incident.entity';
import { User } from '../users/user.entity';

export type MatchDecision = 'confirmed' | 'dismissed' | 'unsure';
export const MATCH_DECISIONS: readonly MatchDecision[] = ['confirmed', 'dismissed', 'unsure'];

/**
 * A person's decision on a candidate; never updated, so the latest per (actor, designation)
 * is the one in force and the earlier ones stay as the record of who decided what.
 */
@Entity('sanctions_match_decisions')
@Check('ck_sanctions_match_decisions_decision', `"decision" IN ('confirmed','dismissed','unsure')`)
@Index('ix_sanctions_match_decisions_actor', ['incidentId', 'actorId', 'reference', 'decidedAt'])
@Index('ix_sanctions_match_decisions_reference', ['reference'], {
  where: `"decision" = 'confirmed'`,
})
export class MatchDecisionRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'incident_id',
    foreignKeyConstraintName: 'fk_sanctions_match_decisions_incident',
  })
  incident?: Incident;

  @Column({ type: 'uuid' })
  actorId: string;

  @Column({ type: 'varchar', length: 32 })
  reference: string;

  @Column({ type: 'varchar', length: 10 })
  decision: MatchDecision;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid' })
  decidedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'decided_by',
    foreignKeyConstraintName: 'fk_sanctions_match_decisions_user',
  })
  decider?: User;

  /** The designation's content hash when decided: a dismissal holds until it changes. */
  @Column({ type: 'char', length: 64 })
  designationHash: string;

  @Column({ type: 'numeric', precision: 3, scale: 2, nullable: true })
  score: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  decidedAt: Date;
}
