import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CanonicalRecord, DesignationKind } from './consolidated-list';

/**
 * A designation as the latest list version gives it. Its identity is the trimmed reference
 * number (DATAID changes with every amendment); a designation the list no longer carries keeps
 * its row with `removedAt` set, so what an actor was matched to stays readable.
 */
@Entity('sanctions_designations')
@Check('ck_sanctions_designations_kind', `"kind" IN ('individual','entity','vessel')`)
@Index('ix_sanctions_designations_list', ['listType', 'kind', 'reference'])
// Screening's candidates: exact keys and identifiers, trigram neighbours of names (the
// trigram index is in the migration: TypeORM cannot declare an operator class).
@Index('ix_sanctions_designations_name_keys', { synchronize: false })
@Index('ix_sanctions_designations_imo', { synchronize: false })
@Index('ix_sanctions_designations_company', { synchronize: false })
@Index('ix_sanctions_designations_names_trgm', { synchronize: false })
@Index('ix_sanctions_designations_screening_keys', { synchronize: false })
@Index('ix_sanctions_designations_screening_trgm', { synchronize: false })
export class Designation {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  reference: string;

  @Column({ type: 'varchar', length: 10 })
  kind: DesignationKind;

  /** UN_LIST_TYPE: DPRK, Al-Qaida, ...; DPRK for the vessel list. */
  @Column({ type: 'varchar', length: 64 })
  listType: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  familyName: string | null;

  @Column({ type: 'text', nullable: true })
  givenName: string | null;

  @Column({ type: 'text', nullable: true })
  originalScript: string | null;

  /** [{name, quality}]: "Good"/"Low" for individuals, "a.k.a."/"f.k.a." for entities. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  aliases: { name: string; quality: string | null }[];

  /** nameKey() of the name and of each alias. */
  @Column({ type: 'text', array: true, default: '{}' })
  nameKeys: string[];

  /** The name and the aliases, one per line, for trigram search. */
  @Column({ type: 'text' })
  searchNames: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  datesOfBirth: Record<string, string>[];

  @Column({ type: 'text', array: true, default: '{}' })
  nationalities: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  addresses: Record<string, string>[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  documents: Record<string, string>[];

  @Column({ type: 'date', nullable: true })
  listedOn: string | null;

  /** YYYY-MM-DD, oldest first (text: the driver would make a date[] into local-time Dates). */
  @Column({ type: 'text', array: true, default: '{}' })
  lastDayUpdated: string[];

  @Column({ type: 'text', nullable: true })
  comments: string | null;

  /** Ships' IMO numbers (vessels). */
  @Column({ type: 'text', array: true, default: '{}' })
  imoNumbers: string[];

  /** Company and registered owner numbers, from an entity's comments. */
  @Column({ type: 'text', array: true, default: '{}' })
  companyNumbers: string[];

  /** screeningKeys() of the name, the original script and each alias (screening/names.ts). */
  @Column({ type: 'text', array: true, default: '{}' })
  screeningKeys: string[];

  /** screeningText() of the same names, one per line, for trigram neighbours. */
  @Column({ type: 'text', default: '' })
  screeningText: string;

  /** SCREENING_RULES_VERSION the two columns above were computed with; older ones are redone. */
  @Column({ type: 'smallint', default: 0 })
  rulesVersion: number;

  /** The normalised record the hash is of, as the list gave it. */
  @Column({ type: 'jsonb' })
  record: CanonicalRecord;

  @Column({ type: 'char', length: 64 })
  contentHash: string;

  @Column({ type: 'uuid' })
  firstVersionId: string;

  /** The version that last added or amended it. */
  @Column({ type: 'uuid' })
  changedVersionId: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  removedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  removedVersionId: string | null;
}
