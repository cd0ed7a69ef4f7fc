import { Client } from 'pg';
import { BENCH_TAG, Figure } from './figures';

const DUE_INCIDENTS = 10_000;
const TYPE = 'reminder.verification_due';
const TARGET_SECONDS = 10;
/** How long to wait for the reminders past the deadline before calling it a failure. */
const GIVE_UP_SECONDS = 60;

const TAGGED = `SELECT id FROM incidents WHERE tags @> ARRAY['${BENCH_TAG}']`;

interface Progress {
  seconds: number;
  reminded: number;
  notified: number;
}

/**
 * Spec 13: 10,000 incidents enter verification in one statement, assigned round-robin to the
 * bench verifiers; the service runs with VERIFICATION_DUE_AFTER = `dueAfterSeconds`. The figure
 * is the time from their deadline until every one has its reminder and at least one in-app
 * notification for it, seen by a poll every 100 ms; then no incident may have two reminders
 * of the type, and no user two notifications for one reminder or one incident.
 */
export async function measureReminders(
  db: Client,
  createdBy: string,
  verifiers: string[],
  dueAfterSeconds: number,
): Promise<Figure> {
  const figure: Figure = {
    figure: `reminders: ${DUE_INCIDENTS} due at once`,
    ours: null,
    limit: null,
    unit: 's',
    ratio: null,
    target: `all within ${TARGET_SECONDS} s, none twice`,
    pass: null,
  };

  const {
    rows: [{ due_at: dueAt }],
  } = await db.query<{ due_at: Date }>(
    `WITH inserted AS (
       INSERT INTO incidents (reference, status, title, regime, category, occurred_from, occurred_to,
                              tags, created_by, assignee_id, submitted_at, stage_entered_at)
       SELECT 'BRM-' || substr(md5(random()::text || g), 1, 16), 'in_verification',
              'Bench reminder ' || g, 'UN-1718', 'overseas_labor', '2025-01-12', '2025-01-29',
              ARRAY[$1], $2, ($3::uuid[])[1 + g % cardinality($3::uuid[])], now(), now()
         FROM generate_series(1, $4::int) g
       RETURNING stage_entered_at)
     SELECT max(stage_entered_at) + make_interval(secs => $5) AS due_at FROM inserted`,
    [BENCH_TAG, createdBy, verifiers, DUE_INCIDENTS, dueAfterSeconds],
  );

  let progress: Progress = { seconds: 0, reminded: 0, notified: 0 };
  while (progress.seconds < GIVE_UP_SECONDS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { rows } = await db.query<{ seconds: number; reminded: string; notified: string }>(
      `SELECT extract(epoch FROM clock_timestamp() - $1::timestamptz)::float8 AS seconds,
              (SELECT count(*) FROM reminders WHERE type = $2 AND incident_id IN (${TAGGED})) AS reminded,
              (SELECT count(DISTINCT n.event_id) FROM notifications n
                 JOIN reminders r ON r.id = n.event_id
                WHERE r.type = $2 AND r.incident_id IN (${TAGGED})) AS notified`,
      [dueAt, TYPE],
    );
    progress = {
      seconds: rows[0].seconds,
      reminded: Number(rows[0].reminded),
      notified: Number(rows[0].notified),
    };
    if (progress.reminded >= DUE_INCIDENTS && progress.notified >= DUE_INCIDENTS) break;
  }
  const complete = progress.reminded >= DUE_INCIDENTS && progress.notified >= DUE_INCIDENTS;
  if (!complete) {
    return {
      ...figure,
      pass: false,
      note: `${progress.reminded} reminded, ${progress.notified} notified ${GIVE_UP_SECONDS} s after the deadline`,
    };
  }
  // Two more sweeps' time, so that a sweep that sends again would be caught.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const { rows } = await db.query<{ reminders: string; notifications: string; per_user: string }>(
    `SELECT
       (SELECT count(*) FROM (SELECT 1 FROM reminders WHERE type = $1 AND incident_id IN (${TAGGED})
          GROUP BY incident_id HAVING count(*) > 1) d) AS reminders,
       (SELECT count(*) FROM (SELECT 1 FROM notifications n JOIN reminders r ON r.id = n.event_id
          WHERE r.type = $1 AND r.incident_id IN (${TAGGED})
          GROUP BY n.event_id, n.user_id HAVING count(*) > 1) d) AS notifications,
       (SELECT count(*) FROM (SELECT 1 FROM notifications WHERE type = $1 AND incident_id IN (${TAGGED})
          GROUP BY incident_id, user_id HAVING count(*) > 1) d) AS per_user`,
    [TYPE],
  );
  const twice =
    Number(rows[0].reminders) + Number(rows[0].notifications) + Number(rows[0].per_user);
  // A negative time means they were all out before the deadline: early reminders also fail.
  const onTime = progress.seconds >= 0 && progress.seconds <= TARGET_SECONDS;
  return {
    ...figure,
    ours: progress.seconds,
    pass: onTime && twice === 0,
    note:
      twice === 0
        ? 'no duplicates'
        : `twice: ${rows[0].reminders} incidents with two reminders, ${rows[0].notifications} ` +
          `(reminder, user) and ${rows[0].per_user} (incident, user) notifications more than once`,
  };
}
