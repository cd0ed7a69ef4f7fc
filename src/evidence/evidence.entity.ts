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
import { Source } from '../sources/source.entity';

export type EvidenceKind =
  'document' | 'image' | 'video' | 'audio' | 'url' | 'testimony' | 'dataset' | 'other';
export type EvidenceStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

@Entity('evidence')
@Check('ck_evidence_status', `"status" IN ('pending','approved','rejected','withdrawn')`)
export class Evidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_evidence_incident')
  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_evidence_incident' })
  incident?: Incident;

  @Index('ix_evidence_source')
  @Column({ type: 'uuid', nullable: true })
  sourceId: string | null;

  @ManyToOne(() => Source, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'fk_evidence_source' })
  source?: Source;

  @Column({ type: 'varchar', length: 20 })
  kind: EvidenceKind;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Content address of the stored file; NULL for file-less evidence (url, testimony). */
  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  mimeType: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  originalFilename: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  capturedAt: Date | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: EvidenceStatus;

  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;
}
