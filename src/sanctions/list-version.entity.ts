import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const LIST_SOURCES = ['upload', 'cli', 'fetch'] as const;
export type ListSource = (typeof LIST_SOURCES)[number];

/** One state of the designations, kept when an import changed something (SPEC 15). */
@Entity('sanctions_list_versions')
@Check('ck_sanctions_list_versions_source', `"source" IN ('upload','cli','fetch')`)
@Index('ux_sanctions_list_versions_number', ['number'], { unique: true })
export class ListVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 1, 2, 3...: the order versions were made in, for people and for paging. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 10 })
  source: ListSource;

  @Column({ type: 'uuid' })
  importId: string;

  @Column({ type: 'char', length: 64 })
  fileSha256: string;

  @Column({ type: 'char', length: 64, nullable: true })
  vesselsSha256: string | null;

  /** The list's own `dateGenerated`. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dateGenerated: Date | null;

  /** Designations in force in this version, by kind. */
  @Column({ type: 'int' })
  individuals: number;

  @Column({ type: 'int' })
  entities: number;

  @Column({ type: 'int' })
  vessels: number;

  @Column({ type: 'int' })
  added: number;

  @Column({ type: 'int' })
  amended: number;

  @Column({ type: 'int' })
  removed: number;

  /** Imported past the shrink guard. */
  @Column({ type: 'boolean', default: false })
  forced: boolean;

  /** Null for the daily fetch. */
  @Column({ type: 'uuid', nullable: true })
  importedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;
}
