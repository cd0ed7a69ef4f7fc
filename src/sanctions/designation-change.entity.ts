import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const CHANGE_KINDS = ['added', 'amended', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** What a list version changed: one row per designation added, amended or removed. */
@Entity('sanctions_designation_changes')
@Check('ck_sanctions_designation_changes_change', `"change" IN ('added','amended','removed')`)
@Index('ix_sanctions_designation_changes_reference', ['reference'])
export class DesignationChange {
  @PrimaryColumn({ type: 'uuid' })
  versionId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  reference: string;

  @Column({ type: 'varchar', length: 8 })
  change: ChangeKind;

  /** For an amendment, the fields that differ (name, aliases, comments, ...). */
  @Column({ type: 'text', array: true, default: '{}' })
  fields: string[];
}
