import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { incidentsAs, incidentsEnteredStage } from '../incidents/incidents.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { insertEventsSelect } from '../outbox/outbox.repository';
import { anyWebhookSubscribed } from '../webhooks/webhooks.repository';
import { activeWithRole, usersAs } from '../users/users.repository';
import { IncidentStatus } from '../workflow/workflow';
import { ReminderType } from './reminder.entity';

/** Who a reminder or escalation is for (spec 9). */
export type Recipients = 'creator' | 'verifiers' | 'writers' | 'admins';

/** One reminder type's sweep: which incidents, who hears of them, and in which words. */
export interface SweepRule {
  type: ReminderType;
  status: IncidentStatus;
  afterSeconds: number;
  recipients: Recipients;
  title: string;
  /** The status in words, in the notification's body. */
  statusInWords: string;
  ask: string;
}

/** What one sweep statement did and how far it looked. */
export interface SweepResult {
  reminders: number;
  notifications: number;
  candidates: number;
  /** When the last candidate entered the stage (null when there were none). */
  last: Date | null;
  /** Incidents that entered the stage up to here were due. */
  cutoff: Date;
}

/** The stage deadlines the digest orders by, in seconds. */
export interface DigestDeadlines {
  intake: number;
  inVerification: number;
  verified: number;
}

/**
 * A sweep looks again at this much before where it stopped, for transactions that stamped
 * stage_entered_at (their start time) but committed after the last sweep passed it.
 */
const SWEEP_OVERLAP = '30 seconds';

/** With the rule's index: at most one sweep of a type runs at a time across every worker. */
const SWEEP_LOCK = 0x5eed_0001;

/** Over `i` (incidents): its assignee is still an active verifier. */
const ASSIGNED_VERIFIER = activeWithRole('i.assignee_id', 'verifier');

/** Over `u` (users) and `i` (incidents): the recipients of a reminder about the incident. */
const RECIPIENTS: Record<Recipients, string> = {
  creator: 'u.id = i.created_by',
  // The assignee while they are an active verifier; otherwise every verifier who may verify
  // it (not its creator). The digest counts the same way (ASSIGNED_VERIFIER).
  verifiers: `((u.id = i.assignee_id AND 'verifier' = ANY(u.roles)) OR (
        NOT ${ASSIGNED_VERIFIER}
        AND 'verifier' = ANY(u.roles) AND u.id <> i.created_by))`,
  writers: `'writer' = ANY(u.roles)`,
  admins: `'admin' = ANY(u.roles)`,
};

/**
 * The SQL of `reminders` and `reminder_sweeps` (this feature owns both tables), and the two
 * set-based statements that notify from them, built from their owners' pieces: the sweep
 * (incidents, notifications, outbox events, webhooks) and the digest.
 */
@Injectable()
export class RemindersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
  ) {}

  /** Takes the sweep lock of rule `index` until commit; false when another worker holds it. */
  async tryLockSweep(tx: EntityManager, index: number): Promise<boolean> {
    const [{ locked }] = await tx.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1, $2) AS locked',
      [SWEEP_LOCK, index],
    );
    return locked;
  }

  /**
   * Incidents that entered the rule's status long enough ago, and are still in it (one that
   * moved on no longer matches, so its reminder is dropped), at most `batch`: a reminders row
   * each, the recipients' notifications, and a reminder.due outbox event for webhooks, in one
   * statement.
   */
  async remind(tx: EntityManager, rule: SweepRule, batch: number): Promise<SweepResult> {
    const candidates = incidentsEnteredStage({
      status: '$2',
      enteredBy: '(SELECT at FROM cutoff)',
      enteredAfter: `COALESCE(
                  (SELECT swept_until FROM reminder_sweeps WHERE type = $1) - interval '${SWEEP_OVERLAP}',
                  '-infinity')`,
      unless: (i) => `EXISTS (SELECT 1 FROM reminders r
                             WHERE r.incident_id = ${i}.id AND r.type = $1
                               AND r.stage_entered_at = ${i}.stage_entered_at)`,
      limit: batch,
    });
    const notes = this.notifications.insertSelect(
      {
        userId: 'u.id',
        type: '$1',
        incidentId: 'i.id',
        reference: 'i.reference',
        title: `left(i.reference || ': ' || $4, 200)`,
        body: `format('"%s" has been %s since %s. %s', i.title, $5::text,
                       to_char(d.stage_entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), $6::text)`,
        eventId: 'd.id',
      },
      `FROM due d
           JOIN ${incidentsAs('i')} ON i.id = d.incident_id
           JOIN ${usersAs('u')} ON u.active AND ${RECIPIENTS[rule.recipients]}`,
    );
    // Only webhooks consume reminder.due, and a webhook gets only events after its creation:
    // with none subscribed, 10,000 reminders relay no 10,000 jobs.
    const events = insertEventsSelect(
      `SELECT d.id, 'reminder.due', 'incident', d.incident_id,
                jsonb_build_object('incidentId', d.incident_id, 'reminder', $1::text,
                                   'status', $2::text, 'stageEnteredAt', d.stage_entered_at)
           FROM due d
          WHERE ${anyWebhookSubscribed(`'reminder.due'`, 'now()')}`,
    );
    const [row] = await tx.query<
      {
        reminders: string;
        notifications: string;
        candidates: string;
        last: Date | null;
        cutoff: Date;
      }[]
    >(
      `WITH cutoff AS (
         SELECT now() - make_interval(secs => $3) AS at
       ), candidates AS (
         ${candidates}
       ), due AS (
         INSERT INTO reminders (incident_id, type, stage_entered_at)
         SELECT id, $1, stage_entered_at FROM candidates
         ON CONFLICT DO NOTHING
         RETURNING id, incident_id, stage_entered_at
       ), notes AS (
         ${notes}
       ), events AS (
         ${events}
       )
       SELECT (SELECT count(*) FROM due) AS reminders,
              (SELECT count(*) FROM notes) AS notifications,
              (SELECT count(*) FROM candidates) AS candidates,
              (SELECT max(stage_entered_at) FROM candidates) AS last,
              (SELECT at FROM cutoff) AS cutoff`,
      [rule.type, rule.status, rule.afterSeconds, rule.title, rule.statusInWords, rule.ask],
    );
    return {
      reminders: Number(row.reminders),
      notifications: Number(row.notifications),
      candidates: Number(row.candidates),
      last: row.last,
      cutoff: row.cutoff,
    };
  }

  /** The sweep of `type` has looked at incidents that entered the stage up to `until`. */
  async recordSweep(tx: EntityManager, type: ReminderType, until: Date): Promise<void> {
    await tx.query(
      `INSERT INTO reminder_sweeps (type, swept_until) VALUES ($1, $2)
       ON CONFLICT (type) DO UPDATE
         SET swept_until = GREATEST(reminder_sweeps.swept_until, EXCLUDED.swept_until)`,
      [type, until],
    );
  }

  /**
   * The digest of `day`, one statement: each active user with something waiting gets one
   * notification naming up to `items` incidents, by reference and title, what is overdue
   * first; the rest are counted. Keyed by the day: a second run adds nothing. Answers how
   * many were written.
   */
  async digest(day: string, deadlines: DigestDeadlines, items: number): Promise<number> {
    const insert = this.notifications.insertSelect(
      {
        userId: 'user_id',
        type: `'digest'`,
        title: `'What waits for you on ' || $1::text`,
        body: 'body',
        eventId: `md5('digest:' || $1::text)::uuid`,
      },
      'FROM bodies',
      'id',
    );
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH deadline(status, secs) AS (
         VALUES ('intake', $2::float8), ('in_verification', $3::float8), ('verified', $4::float8)
       ), waiting AS (
         SELECT u.id AS user_id, i.reference, i.title, i.status, i.stage_entered_at,
                'in intake, to complete and submit' AS what
           FROM ${usersAs('u')} JOIN ${incidentsAs('i')} ON i.created_by = u.id AND i.status = 'intake'
          WHERE u.active
         UNION ALL
         SELECT u.id, i.reference, i.title, i.status, i.stage_entered_at, 'waiting for verification'
           FROM ${usersAs('u')} JOIN ${incidentsAs('i')} ON i.status = 'in_verification' AND i.created_by <> u.id
          WHERE u.active AND 'verifier' = ANY(u.roles)
            AND (i.assignee_id = u.id OR NOT ${ASSIGNED_VERIFIER})
         UNION ALL
         SELECT u.id, i.reference, i.title, i.status, i.stage_entered_at, 'verified, waiting for publication'
           FROM ${usersAs('u')} JOIN ${incidentsAs('i')} ON i.status = 'verified'
          WHERE u.active AND 'writer' = ANY(u.roles)
         UNION ALL
         SELECT DISTINCT u.id, i.reference, i.title, i.status, i.stage_entered_at, 'past twice its deadline'
           FROM ${usersAs('u')}
           JOIN reminders r ON r.type LIKE 'escalation.%'
           JOIN ${incidentsAs('i')} ON i.id = r.incident_id AND r.stage_entered_at = i.stage_entered_at
                           AND i.status IN ('intake', 'in_verification', 'verified')
          WHERE u.active AND 'admin' = ANY(u.roles)
       ), due AS (
         SELECT w.*, w.stage_entered_at + make_interval(secs => d.secs) AS due_at
           FROM waiting w JOIN deadline d ON d.status = w.status
       ), ranked AS (
         SELECT user_id, reference, title, what, due_at < now() AS overdue,
                row_number() OVER (PARTITION BY user_id ORDER BY due_at, reference) AS n,
                count(*) OVER (PARTITION BY user_id) AS total,
                count(*) FILTER (WHERE due_at < now()) OVER (PARTITION BY user_id) AS overdue_total
           FROM due
       ), bodies AS (
         SELECT user_id,
                format('%s waiting for you%s:', CASE WHEN max(total) = 1 THEN '1 incident is'
                                                     ELSE max(total) || ' incidents are' END,
                       CASE WHEN max(overdue_total) > 0
                            THEN format(', %s of them overdue', max(overdue_total)) ELSE '' END)
                || E'\n'
                || string_agg(format('- %s "%s": %s%s', reference, title, what,
                                     CASE WHEN overdue THEN ' (overdue)' ELSE '' END),
                              E'\n' ORDER BY n) FILTER (WHERE n <= ${items})
                || CASE WHEN max(total) > ${items}
                        THEN format(E'\nand %s more', max(total) - ${items}) ELSE '' END AS body
           FROM ranked
          GROUP BY user_id
       )
       ${insert}`,
      [day, deadlines.intake, deadlines.inVerification, deadlines.verified],
    );
    return rows.length;
  }
}
