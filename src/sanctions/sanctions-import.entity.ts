import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ListSource } from './list-version.entity';

export const IMPORT_STATUSES = [
  'queued',
  'running',
  'completed',
  'unchanged',
  'refused',
  'failed',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One attempt to import a list: an upload, a CLI run or the daily fetch. It makes a list
 * version when it changes something (`completed`), none when it does not (`unchanged`), and
 * is `refused` when the file is cut short or shrinks the list past the guard.
 */
@Entity('sanctions_imports')
@Check(
  'ck_sanctions_imports_status',
  `"status" IN ('queued','running','completed','unchanged','refused','failed')`,
)
@Check('ck_sanctions_imports_source', `"source" IN ('upload','cli','fetch')`)
@Check('ck_sanctions_imports_progress', '"progress" BETWEEN 0 AND 100')
@Index('ix_sanctions_imports_created', ['createdAt', 'id'])
export class SanctionsImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  source: ListSource;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'boolean', default: false })
  force: boolean;

  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  fileSha256: string | null;

  @Column({ type: 'bigint', nullable: true })
  fileBytes: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  vesselsSha256: string | null;

  /** The version it made, or for `unchanged` the current one. */
  @Column({ type: 'uuid', nullable: true })
  versionId: string | null;

  /** Why it was refused or failed, in words safe to show. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;
}
