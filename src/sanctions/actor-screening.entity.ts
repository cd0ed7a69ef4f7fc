import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Incident } from '../incidents/incident.entity';

/**
 * When an actor was last screened, against which list version and with which rules: the
 * re-screening job skips an actor already screened against its version, so none is screened
 * twice, and an actor edited since (another hash) is screened again.
 */
@Entity('sanctions_screenings')
export class ActorScreening {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ type: 'uuid' })
  actorId: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_sanctions_screenings_incident' })
  incident?: Incident;

  /** SHA-256 of what screening reads of the actor (name, type, identifiers, qualifiers). */
  @Column({ type: 'char', length: 64 })
  actorHash: string;

  /** The list version the actor was screened against; 0 before any list was imported. */
  @Column({ type: 'int' })
  listVersion: number;

  @Column({ type: 'smallint' })
  rulesVersion: number;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  screenedAt: Date;
}
