import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { IncidentFilters } from '../incidents/dto/incident-query.dto';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson', 'markdown', 'html', 'ftm'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_SCOPES = ['public', 'internal'] as const;
export type ExportScope = (typeof EXPORT_SCOPES)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

@Entity('exports')
@Check('ck_exports_status', `"status" IN ('queued','running','completed','failed','expired')`)
@Check('ck_exports_progress', '"progress" BETWEEN 0 AND 100')
@Index('ix_exports_created_by', ['createdBy', 'createdAt', 'id'])
@Index('ix_exports_expires', ['expiresAt'], { where: `"status" = 'completed'` })
export class Export {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'varchar', length: 10 })
  format: ExportFormat;

  @Column({ type: 'varchar', length: 10 })
  scope: ExportScope;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  filters: IncidentFilters;

  @Column({ type: 'text', array: true, default: '{}' })
  fields: string[];

  /** The report's title (markdown and html only); null for the default. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  /** The report's introduction (markdown and html only). */
  @Column({ type: 'text', nullable: true })
  introduction: string | null;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status: ExportStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'int', nullable: true })
  rowCount: number | null;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  /** A message safe to show the user; never a driver error. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;
}
