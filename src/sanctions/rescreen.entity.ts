import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export type RescreenStatus = 'queued' | 'running' | 'completed' | 'failed';

/** The re-screening a list version started: its progress, and where it got to. */
@Entity('sanctions_rescreens')
@Check('ck_sanctions_rescreens_status', `"status" IN ('queued','running','completed','failed')`)
export class Rescreen {
  @PrimaryColumn({ type: 'uuid' })
  versionId: string;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status: RescreenStatus;

  /** Actors to screen when it started (an estimate while running: actors may be added). */
  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'int', default: 0 })
  screened: number;

  /** The last incident whose actors are done: a restarted job goes on after it. */
  @Column({ type: 'uuid', nullable: true })
  afterIncidentId: string | null;

  @Column({ type: 'int', default: 0 })
  flagged: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;
}
