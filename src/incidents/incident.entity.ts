import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Category } from '../reference/category.entity';
import { Regime } from '../reference/regime.entity';
import { User } from '../users/user.entity';
import { Confidence, IncidentStatus } from '../workflow/workflow';

export type DatePrecision = 'day' | 'month' | 'year';
export type LocationRole = 'origin' | 'transit' | 'destination' | 'occurrence';
export type ActorType = 'person' | 'organization' | 'company' | 'vessel' | 'state';

export interface IncidentLocation {
  role: LocationRole;
  countryCode: string;
  adminArea?: string;
  placeName?: string;
  latitude?: number;
  longitude?: number;
}

export interface IncidentActor {
  /** Stable across edits (spec 15): decisions about an actor follow it, not its position. */
  id: string;
  name: string;
  type: ActorType;
  role?: string;
  designationRef?: string;
  imoNumber?: string;
  /** What screening weighs when the list gives it too: ISO 3166 alpha-2, and a person's birth year. */
  nationality?: string;
  birthYear?: number;
}

export interface IncidentQuantity {
  value: number;
  unit: string;
  approximate: boolean;
}

/**
 * `search` (tsvector), `publicSearch` and `countries` are maintained by a trigger from title,
 * summary, public summary, actors and locations, so every write path keeps them right; the entity never writes them.
 */
@Entity('incidents')
@Check('ck_incidents_dates', '"occurred_to" >= "occurred_from"')
@Check(
  'ck_incidents_status',
  `"status" IN ('intake','in_verification','verified','published','rejected','retracted','withdrawn')`,
)
@Index('ix_incidents_occurred', ['occurredFrom', 'id'])
@Index('ix_incidents_updated', ['updatedAt', 'id'])
@Index('ix_incidents_created', ['createdAt', 'id'])
@Index('ix_incidents_status_occurred', ['status', 'occurredFrom', 'id'])
@Index('ix_incidents_published', ['publishedAt', 'id'], { where: `"status" = 'published'` })
@Index('ix_incidents_stage', ['status', 'stageEnteredAt'], {
  where: `"status" IN ('intake', 'in_verification', 'verified')`,
})
export class Incident {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_incidents_reference', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ type: 'varchar', length: 20, default: 'intake' })
  status: IncidentStatus;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'text', default: '' })
  publicSummary: string;

  /** The title publication shows; the title itself when null (spec 6). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  publicTitle: string | null;

  @Index('ix_incidents_regime')
  @Column({ type: 'varchar', length: 40 })
  regime: string;

  @ManyToOne(() => Regime, { onDelete: 'RESTRICT', onUpdate: 'CASCADE' })
  @JoinColumn({
    name: 'regime',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_incidents_regime',
  })
  regimeRef?: Regime;

  @Index('ix_incidents_category')
  /** GiST on (category, occurrence dates, title trigrams), for possible duplicates. */
  @Index('ix_incidents_similar', { synchronize: false })
  @Column({ type: 'varchar', length: 40 })
  category: string;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT', onUpdate: 'CASCADE' })
  @JoinColumn({
    name: 'category',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_incidents_category',
  })
  categoryRef?: Category;

  @Index('ix_incidents_provisions', { synchronize: false })
  @Column({ type: 'text', array: true, default: '{}' })
  provisions: string[];

  @Column({ type: 'date' })
  occurredFrom: string;

  @Column({ type: 'date' })
  occurredTo: string;

  @Column({ type: 'varchar', length: 5, default: 'day' })
  datePrecision: DatePrecision;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  locations: IncidentLocation[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  actors: IncidentActor[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  quantities: IncidentQuantity[];

  @Index('ix_incidents_tags', { synchronize: false })
  @Column({ type: 'text', array: true, default: '{}' })
  tags: string[];

  @Index('ix_incidents_countries', { synchronize: false })
  @Column({ type: 'text', array: true, default: '{}', insert: false, update: false })
  countries: string[];

  @Column({ type: 'varchar', length: 10, nullable: true })
  confidence: Confidence | null;

  /**
   * A list version amended or removed a designation one of its actors was confirmed as (spec
   * 15); cleared when someone decides on that actor's designation again.
   */
  @Column({ type: 'boolean', default: false })
  screeningChanged: boolean;

  @Index('ix_incidents_assignee')
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_incidents_assignee' })
  assignee?: User;

  @Index('ix_incidents_created_by')
  @Column({ type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_incidents_created_by' })
  creator?: User;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt: Date;

  /** When the incident entered its current status: the stage deadlines count from here. */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  stageEnteredAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  publishedAt: Date | null;

  @Index('ix_incidents_search', { synchronize: false })
  @Column({ type: 'tsvector', select: false, insert: false, update: false, nullable: true })
  search?: string;

  /** Title and public summary only: what the public API may search (spec 12). */
  @Index('ix_incidents_public_search', { synchronize: false })
  @Column({ type: 'tsvector', select: false, insert: false, update: false, nullable: true })
  publicSearch?: string;
}
