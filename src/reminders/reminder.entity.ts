import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Incident } from '../incidents/incident.entity';
import type { NotificationType } from '../notifications/notification.entity';

export type ReminderType = Extract<NotificationType, `reminder.${string}` | `escalation.${string}`>;

/**
 * A reminder or escalation that was sent: at most one per incident, type and stay in a stage
 * (stageEnteredAt), which is what keeps a sweep, a retry or a second worker from sending twice.
 */
@Entity('reminders')
@Index('uq_reminders_stage', ['incidentId', 'type', 'stageEnteredAt'], { unique: true })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_reminders_incident' })
  incident?: Incident;

  @Column({ type: 'varchar', length: 40 })
  type: ReminderType;

  @Column({ type: 'timestamptz', precision: 3 })
  stageEnteredAt: Date;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  sentAt: Date;
}

/** How far each reminder type's sweep has looked: incidents that entered the stage up to here. */
@Entity('reminder_sweeps')
export class ReminderSweep {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  type: ReminderType;

  @Column({ type: 'timestamptz', precision: 3 })
  sweptUntil: Date;
}
