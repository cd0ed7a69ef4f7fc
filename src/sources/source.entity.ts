import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Incident } from '../incidents/incident.entity';
import { SealedEnvelope } from '../crypto/field-cipher';

export const SOURCE_KINDS = [
  'media',
  'ngo',
  'informant',
  'official',
  'satellite_imagery',
  'shipping_data',
  'social_media',
  'court_record',
  'other',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Admiralty grading: reliability of the source A..F, credibility of the item 1..6. */
export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type ReliabilityGrade = (typeof RELIABILITY_GRADES)[number];

/**
 * A source of an incident, graded on the Admiralty scale. For a confidential source the
 * clear-text columns name, url, contact and notes stay NULL and `sealed` holds them encrypted.
 */
@Entity('sources')
export class Source {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_sources_incident')
  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_sources_incident' })
  incident?: Incident;

  @Column({ type: 'varchar', length: 30 })
  kind: SourceKind;

  @Column({ type: 'boolean', default: false })
  confidential: boolean;

  @Column({ type: 'varchar', length: 20 })
  pseudonym: string;

  @Column({ type: 'char', length: 1 })
  reliability: ReliabilityGrade;

  @Column({ type: 'smallint' })
  credibility: number;

  /** Defaults to the source's own id: each source independent unless grouped. */
  @Column({ type: 'varchar', length: 100 })
  independenceGroup: string;

  @Column({ type: 'date', nullable: true })
  publishedAt: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text', nullable: true })
  contact: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** AES-256-GCM envelope of the confidential fields, with the key version. */
  @Column({ type: 'jsonb', nullable: true })
  sealed: SealedEnvelope | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt: Date;
}
