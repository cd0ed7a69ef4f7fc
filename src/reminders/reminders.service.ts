import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { InjectConfig } from '../common/core.module';
import { AppConfig } from '../config/config';
import { emailColumns } from '../notifications/notification-email';
import { IncidentStatus } from '../workflow/workflow';
import { ReminderType } from './reminder.entity';

/** Incidents a digest names; the rest are counted ("and N more"). */
const DIGEST_ITEMS = 20;

/** Incidents reminded per statement; a larger backlog takes several passes. */
export const SWEEP_BATCH = 5_000;

/**
 * A sweep looks again at this much before where it stopped, for transactions that stamped
 * stage_entered_at (their start time) but committed after the last sweep passed it.
 */
const SWEEP_OVERLAP = '30 seconds';

/** With the rule's index: at most one sweep of a type runs at a time across every worker. */
const SWEEP_LOCK = 0x5eed_0001;

interface StageDeadline {
  status: IncidentStatus;
  reminder: ReminderType;
  escalation: ReminderType;
  deadlineSeconds: (config: AppConfig) => number;
  /** Over `u` (users) and `i` (incidents): who is reminded before it escalates. */
  recipients: string;
  /** What the recipient should do, ending the notification's body. */
  ask: string;
  /** The stage in words, for the title. */
  waiting: string;
}

/** Over `i` (incidents): an assignee who is still an active verifier. */
const ASSIGNED_VERIFIER = `SELECT 1 FROM users a
  WHERE a.id = i.assignee_id AND a.active AND 'verifier' = ANY(a.roles)`;

/** Spec 9: each stage's deadline, who is reminded, and the escalation to admins at twice it. */
export const STAGE_DEADLINES: readonly StageDeadline[] = [
  {
    status: 'intake',
    reminder: 'reminder.intake_stale',
    escalation: 'escalation.intake_stale',
    deadlineSeconds: (config) => config.intakeStaleAfterSeconds,
    recipients: 'u.id = i.created_by',
    ask: 'Complete it and submit it for verification.',
    waiting: 'still in intake',
  },
  {
    status: 'in_verification',
    reminder: 'reminder.verification_due',
    escalation: 'escalation.verification_due',
    deadlineSeconds: (config) => config.verificationDueAfterSeconds,
    // The assignee while they are an active verifier; otherwise every verifier who may verify
    // it (not its creator). The digest counts the same way (ASSIGNED_VERIFIER).
    recipients: `((u.id = i.assignee_id AND 'verifier' = ANY(u.roles)) OR (
        NOT EXISTS (${ASSIGNED_VERIFIER})
        AND 'verifier' = ANY(u.roles) AND u.id <> i.created_by))`,
    ask: 'Review its evidence, then verify or reject it.',
    waiting: 'verification is due',
  },
  {
    status: 'verified',
    reminder: 'reminder.publication_due',
    escalation: 'escalation.publication_due',
    deadlineSeconds: (config) => config.publicationDueAfterSeconds,
    recipients: `'writer' = ANY(u.roles)`,
    ask: 'Write its public summary and publish it.',
    waiting: 'publication is due',
  },
];

interface SweepRule {
  type: ReminderType;
  status: IncidentStatus;
  afterSeconds: number;
  recipients: string;
  title: string;
  ask: string;
}

export interface SweepOutcome {
  reminders: number;
  notifications: number;
  /** A batch was full: more incidents may be due right now. */
  more: boolean;
}

/** Reminders, escalations and the daily digest: set-based SQL, so 10,000 due cost one pass. */
@Injectable()
export class RemindersService {
  private readonly rules: SweepRule[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.rules = STAGE_DEADLINES.flatMap((stage) => {
      const after = stage.deadlineSeconds(config);
      return [
        {
          type: stage.reminder,
          status: stage.status,
          afterSeconds: after,
          recipients: stage.recipients,
          title: stage.waiting,
          ask: stage.ask,
        },
        {
          type: stage.escalation,
          status: stage.status,
          afterSeconds: 2 * after,
          recipients: `'admin' = ANY(u.roles)`,
          title: `overdue, ${stage.waiting}`,
          ask: `${stage.ask} It has passed twice its deadline.`,
        },
      ];
    });
  }

  /**
   * One pass over every reminder type, a transaction each, so the first type's reminders are
   * visible before the last type is done. A type whose sweep another worker holds is skipped;
   * the unique (incident, type, stage entry) of reminders would stop a double send anyway,
   * the lock only saves the work.
   */
  async sweep(): Promise<SweepOutcome> {
    const total: SweepOutcome = { reminders: 0, notifications: 0, more: false };
    for (const [index, rule] of this.rules.entries()) {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const [{ locked }] = await manager.query<{ locked: boolean }[]>(
          'SELECT pg_try_advisory_xact_lock($1, $2) AS locked',
          [SWEEP_LOCK, index],
        );
        return locked ? this.sweepRule(manager, rule) : null;
      });
      if (!outcome) continue;
      total.reminders += outcome.reminders;
      total.notifications += outcome.notifications;
      total.more ||= outcome.more;
    }
    return total;
  }

  /**
   * Incidents that entered the rule's status long enough ago, and are still in it (one that
   * moved on no longer matches, so its reminder is dropped): a reminders row each, the
   * recipients' notifications, and a reminder.due outbox event for webhooks, in one statement.
   */
  private async sweepRule(manager: EntityManager, rule: SweepRule): Promise<SweepOutcome> {
    const email = emailColumns(this.config);
    const [row] = await manager.query<
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
         SELECT i.id, i.stage_entered_at
           FROM incidents i
          WHERE i.status = $2
            AND i.stage_entered_at <= (SELECT at FROM cutoff)
            AND i.stage_entered_at > COALESCE(
                  (SELECT swept_until FROM reminder_sweeps WHERE type = $1) - interval '${SWEEP_OVERLAP}',
                  '-infinity')
            AND NOT EXISTS (SELECT 1 FROM reminders r
                             WHERE r.incident_id = i.id AND r.type = $1
                               AND r.stage_entered_at = i.stage_entered_at)
          ORDER BY i.stage_entered_at
          LIMIT ${SWEEP_BATCH}
       ), due AS (
         INSERT INTO reminders (incident_id, type, stage_entered_at)
         SELECT id, $1, stage_entered_at FROM candidates
         ON CONFLICT DO NOTHING
         RETURNING id, incident_id, stage_entered_at
       ), notes AS (
         INSERT INTO notifications
                (user_id, type, incident_id, reference, title, body, event_id, ${email.columns})
         SELECT u.id, $1, i.id, i.reference,
                left(i.reference || ': ' || $4, 200),
                format('"%s" has been %s since %s. %s', i.title, $5::text,
                       to_char(d.stage_entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'), $6::text),
                d.id, ${email.values}
           FROM due d
           JOIN incidents i ON i.id = d.incident_id
           JOIN users u ON u.active AND ${rule.recipients}
         ON CONFLICT (event_id, user_id) DO NOTHING
         RETURNING 1
       ), events AS (
         -- Only webhooks consume reminder.due, and a webhook gets only events after its
         -- creation: with none subscribed, 10,000 reminders relay no 10,000 jobs.
         INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, payload)
         SELECT d.id, 'reminder.due', 'incident', d.incident_id,
                jsonb_build_object('incidentId', d.incident_id, 'reminder', $1::text,
                                   'status', $2::text, 'stageEnteredAt', d.stage_entered_at)
           FROM due d
          WHERE EXISTS (SELECT 1 FROM webhooks w
                         WHERE w.active AND 'reminder.due' = ANY(w.events))
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM due) AS reminders,
              (SELECT count(*) FROM notes) AS notifications,
              (SELECT count(*) FROM candidates) AS candidates,
              (SELECT max(stage_entered_at) FROM candidates) AS last,
              (SELECT at FROM cutoff) AS cutoff`,
      [rule.type, rule.status, rule.afterSeconds, rule.title, statusInWords(rule.status), rule.ask],
    );
    // Data-modifying CTEs run to completion whether or not the final SELECT reads them.
    const more = Number(row.candidates) >= SWEEP_BATCH;
    // A full batch has looked only as far as its last incident; otherwise up to the cutoff.
    const sweptUntil = more && row.last ? row.last : row.cutoff;
    await manager.query(
      `INSERT INTO reminder_sweeps (type, swept_until) VALUES ($1, $2)
       ON CONFLICT (type) DO UPDATE
         SET swept_until = GREATEST(reminder_sweeps.swept_until, EXCLUDED.swept_until)`,
      [rule.type, sweptUntil],
    );
    return {
      reminders: Number(row.reminders),
      notifications: Number(row.notifications),
      more,
    };
  }

  /**
   * The daily digest: each active user with something waiting gets one notification naming it,
   * by reference and title, what is overdue first (spec 9). Keyed by the day, so a second run
   * that day (a retry, a second worker) adds nothing.
   */
  async digest(day: string = new Date().toISOString().slice(0, 10)): Promise<number> {
    const email = emailColumns(this.config);
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH deadline(status, secs) AS (
         VALUES ('intake', $2::float8), ('in_verification', $3::float8), ('verified', $4::float8)
       ), waiting AS (
         SELECT u.id AS user_id, i.id, i.reference, i.title, i.stage_entered_at,
                'in intake, to complete and submit' AS what
           FROM users u JOIN incidents i ON i.created_by = u.id AND i.status = 'intake'
          WHERE u.active
         UNION ALL
         SELECT u.id, i.id, i.reference, i.title, i.stage_entered_at, 'waiting for verification'
           FROM users u JOIN incidents i ON i.status = 'in_verification' AND i.created_by <> u.id
          WHERE u.active AND 'verifier' = ANY(u.roles)
            AND (i.assignee_id = u.id OR NOT EXISTS (${ASSIGNED_VERIFIER}))
         UNION ALL
         SELECT u.id, i.id, i.reference, i.title, i.stage_entered_at, 'verified, waiting for publication'
           FROM users u JOIN incidents i ON i.status = 'verified'
          WHERE u.active AND 'writer' = ANY(u.roles)
         UNION ALL
         SELECT DISTINCT u.id, i.id, i.reference, i.title, i.stage_entered_at, 'past twice its deadline'
           FROM users u
           JOIN reminders r ON r.type LIKE 'escalation.%'
           JOIN incidents i ON i.id = r.incident_id AND r.stage_entered_at = i.stage_entered_at
                           AND i.status IN ('intake', 'in_verification', 'verified')
          WHERE u.active AND 'admin' = ANY(u.roles)
       ), ranked AS (
         SELECT w.user_id, w.reference, w.title, w.what,
                w.stage_entered_at + make_interval(secs => d.secs) < now() AS overdue,
                row_number() OVER (PARTITION BY w.user_id
                                   ORDER BY w.stage_entered_at + make_interval(secs => d.secs),
                                            w.reference) AS n,
                count(*) OVER (PARTITION BY w.user_id) AS total,
                count(*) FILTER (WHERE w.stage_entered_at + make_interval(secs => d.secs) < now())
                  OVER (PARTITION BY w.user_id) AS overdue_total
           FROM waiting w
           JOIN incidents i ON i.id = w.id
           JOIN deadline d ON d.status = i.status
       ), bodies AS (
         SELECT user_id,
                format('%s waiting for you%s:', CASE WHEN max(total) = 1 THEN '1 incident is'
                                                     ELSE max(total) || ' incidents are' END,
                       CASE WHEN max(overdue_total) > 0
                            THEN format(', %s of them overdue', max(overdue_total)) ELSE '' END)
                || E'\n'
                || string_agg(format('- %s "%s": %s%s', reference, title, what,
                                     CASE WHEN overdue THEN ' (overdue)' ELSE '' END),
                              E'\n' ORDER BY n) FILTER (WHERE n <= ${DIGEST_ITEMS})
                || CASE WHEN max(total) > ${DIGEST_ITEMS}
                        THEN format(E'\nand %s more', max(total) - ${DIGEST_ITEMS}) ELSE '' END AS body
           FROM ranked
          GROUP BY user_id
       )
       INSERT INTO notifications (user_id, type, title, body, event_id, ${email.columns})
       SELECT user_id, 'digest', 'What waits for you on ' || $1::text, body,
              md5('digest:' || $1::text)::uuid, ${email.values}
         FROM bodies
       ON CONFLICT (event_id, user_id) DO NOTHING
       RETURNING id`,
      [
        day,
        this.config.intakeStaleAfterSeconds,
        this.config.verificationDueAfterSeconds,
        this.config.publicationDueAfterSeconds,
      ],
    );
    return rows.length;
  }
}

const statusInWords = (status: IncidentStatus): string =>
  status === 'intake'
    ? 'in intake'
    : status === 'in_verification'
      ? 'waiting for verification'
      : 'verified and unpublished';
