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
import { User } from '../users/user.entity';

export const COMMENT_MAX_LENGTH = 10_000;
export const MAX_MENTIONS = 20;

/**
 * A remark in an incident's case discussion, read by every staff user. Deleting one leaves a
 * tombstone in place: the text and mentions are cleared, the row and its position stay.
 */
@Entity('comments')
@Index('ix_comments_incident', ['incidentId', 'createdAt', 'id'])
@Check(
  'ck_comments_body',
  `("deleted_at" IS NULL AND char_length("body") BETWEEN 1 AND ${COMMENT_MAX_LENGTH}) OR ("deleted_at" IS NOT NULL AND "body" IS NULL)`,
)
@Check('ck_comments_mentions', `cardinality("mentions") <= ${MAX_MENTIONS}`)
export class Comment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_comments_incident' })
  incident?: Incident;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_comments_author' })
  author?: User;

  /** Null once deleted. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** The users the comment names, each told once (in-app and by e-mail). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  mentions: string[];

  // Millisecond precision, so the value round-trips through a JS Date in keyset cursors.
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;
}
