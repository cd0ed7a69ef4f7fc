import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Incident } from '../incidents/incident.entity';
import { User } from '../users/user.entity';

export const NOTIFICATION_TYPES = [
  'reminder.intake_stale',
  'reminder.verification_due',
  'reminder.publication_due',
  'escalation.intake_stale',
  'escalation.verification_due',
  'escalation.publication_due',
  'assignment',
  'transition',
  'mention',
  'digest',
  /** A confirmed designation was amended or removed by a list version (spec 15). */
  'screening.changed',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export type EmailStatus = 'pending' | 'sent' | 'failed';

/** An in-app notification. (eventId, userId) is unique, so a replayed event notifies once. */
@Entity('notifications')
@Index('ix_notifications_user', ['userId', 'createdAt', 'id'])
@Index('ix_notifications_user_unread', ['userId', 'createdAt', 'id'], {
  where: '"read_at" IS NULL',
})
@Index('uq_notifications_event_user', ['eventId', 'userId'], { unique: true })
@Index('ix_notifications_email_due', ['emailNextAt'], { where: `"email_status" = 'pending'` })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: User;

  @Column({ type: 'varchar', length: 40 })
  type: NotificationType;

  @Column({ type: 'uuid', nullable: true })
  incidentId: string | null;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_notifications_incident' })
  incident?: Incident;

  @Column({ type: 'varchar', length: 20, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  body: string;

  /** What caused it: the domain event, the reminder (reminders.id) or the day's digest. */
  @Column({ type: 'uuid', nullable: true })
  eventId: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;

  /** E-mail copy: null when no SMTP was configured at creation, else pending → sent | failed. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  emailStatus: EmailStatus | null;

  @Column({ type: 'int', default: 0 })
  emailAttempts: number;

  /** When the mailer may (re)try; backs off after each failed attempt. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  emailNextAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  emailedAt: Date | null;
}
