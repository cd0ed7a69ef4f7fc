import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectConfig } from '../common/core.module';
import { AppConfig } from '../config/config';
import { activeUsersAmong, contactOf } from '../users/users.repository';
import { Notification, NotificationType } from './notification.entity';
import { emailColumns } from './notification-email';

/**
 * SQL expressions, over the FROM items of the statement, for the columns of the notifications
 * a statement writes. Leave out the incident's for a notification about no incident.
 */
export interface NotificationValues {
  userId: string;
  type: string;
  incidentId?: string;
  reference?: string;
  title: string;
  body: string;
  eventId: string;
}

/** The text of a notification and what it is about. */
export interface NotificationContent {
  type: NotificationType;
  incidentId: string;
  reference: string;
  title: string;
  body: string;
  eventId: string;
}

/** A notification claimed for e-mail, with its recipient's address and standing. */
export interface ClaimedMail {
  id: string;
  title: string;
  body: string;
  reference: string | null;
  attempts: number;
  email: string;
  active: boolean;
}

/** The SQL of `notifications` (this feature owns the table). */
@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * SQL: writes a notification per row of `from` (a FROM clause and the rest of a SELECT),
   * with its e-mail copy due when SMTP is configured; one per event and user, so a replay adds
   * nothing. For single statements that notify in bulk (the reminder sweep, the digest).
   */
  insertSelect(values: NotificationValues, from: string, returning = '1'): string {
    const email = emailColumns(this.config);
    const columns: [string, string | undefined][] = [
      ['user_id', values.userId],
      ['type', values.type],
      ['incident_id', values.incidentId],
      ['reference', values.reference],
      ['title', values.title],
      ['body', values.body],
      ['event_id', values.eventId],
    ];
    const given = columns.filter((column): column is [string, string] => column[1] !== undefined);
    return `INSERT INTO notifications (${given.map(([name]) => name).join(', ')}, ${email.columns})
       SELECT ${given.map(([, value]) => value).join(', ')}, ${email.values}
       ${from}
       ON CONFLICT (event_id, user_id) DO NOTHING
       RETURNING ${returning}`;
  }

  /** One notification per active user among `userIds`; answers how many were new. */
  async insertForRecipients(userIds: string[], content: NotificationContent): Promise<number> {
    // An INSERT answers its RETURNING rows (an UPDATE would answer [rows, count]).
    const rows = await this.dataSource.query<{ id: string }[]>(
      this.insertSelect(
        {
          userId: 'u.id',
          type: '$2',
          incidentId: '$3',
          reference: '$4',
          title: '$5',
          body: '$6',
          eventId: '$7',
        },
        `FROM (${activeUsersAmong('$1')}) u`,
        'id',
      ),
      [
        userIds,
        content.type,
        content.incidentId,
        content.reference,
        content.title,
        content.body,
        content.eventId,
      ],
    );
    return rows.length;
  }

  /** A user's notifications, newest first; `limit` rows. */
  page(
    userId: string,
    limit: number,
    filter: { unread: boolean; after?: { at: string; id: string } },
  ): Promise<Notification[]> {
    const builder = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit);
    if (filter.unread) builder.andWhere('n.read_at IS NULL');
    if (filter.after) {
      builder.andWhere('(n.created_at, n.id) < (:at::timestamptz, :id::uuid)', filter.after);
    }
    return builder.getMany();
  }

  /** From the partial index of unread rows: the badge's figure. */
  async countUnread(userId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ unread: number }[]>(
      'SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return row.unread;
  }

  /** Marks it read, keeping its first readAt; null when the user has no such notification. */
  async markRead(userId: string, id: string): Promise<Notification | null> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Notification)
      .set({ readAt: () => 'COALESCE(read_at, now())' })
      .where('id = :id AND user_id = :userId', { id, userId })
      .execute();
    if (!result.affected) return null;
    return this.dataSource.getRepository(Notification).findOneByOrFail({ id, userId });
  }

  /** Answers how many were unread. */
  async markAllRead(userId: string): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Notification)
      .set({ readAt: () => 'now()' })
      .where('user_id = :userId AND read_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * Claims up to `batch` e-mails that are due, oldest first, by pushing their next try `leaseMs`
   * ahead (SKIP LOCKED: several mailers share the work), with each recipient's address.
   */
  async claimMail(leaseMs: number, batch: number): Promise<ClaimedMail[]> {
    const recipient = contactOf('n.user_id');
    // TypeORM answers an UPDATE on PostgreSQL with [rows, rowCount].
    const [claimed] = await this.dataSource.query<[ClaimedMail[], number]>(
      `UPDATE notifications n
          SET email_next_at = now() + $1::float8 * interval '1 millisecond'
         FROM ${recipient.from}
        WHERE ${recipient.where}
          AND n.id IN (SELECT id FROM notifications
                        WHERE email_status = 'pending' AND email_next_at <= now()
                        ORDER BY email_next_at LIMIT ${batch}
                          FOR UPDATE SKIP LOCKED)
      RETURNING n.id, n.title, n.body, n.reference, n.email_attempts AS attempts, u.email, u.active`,
      [leaseMs],
    );
    return claimed;
  }

  /** Gives up the e-mails without trying (their recipients are no longer active). */
  async abandonMail(ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET email_status = 'failed', email_next_at = NULL
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Hands claimed e-mails back at once rather than at the end of their lease. */
  async releaseMail(ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET email_next_at = now()
        WHERE id = ANY($1::uuid[]) AND email_status = 'pending'`,
      [ids],
    );
  }

  async markMailed(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications
          SET email_status = 'sent', emailed_at = now(), email_attempts = email_attempts + 1,
              email_next_at = NULL
        WHERE id = $1`,
      [id],
    );
  }

  /** Counts a failed attempt: tried again after `delayMs`, or failed for good if `gaveUp`. */
  async recordMailFailure(id: string, gaveUp: boolean, delayMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications
          SET email_attempts = email_attempts + 1,
              email_status = CASE WHEN $2::boolean THEN 'failed' ELSE 'pending' END,
              email_next_at = CASE WHEN $2::boolean THEN NULL ELSE now() + $3::float8 * interval '1 millisecond' END
        WHERE id = $1`,
      [id, gaveUp, delayMs],
    );
  }
}
