import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import request from 'supertest';
import { NotificationDto } from '../src/notifications/dto/notification.dto';
import { JOBS, QUEUES } from '../src/queues/queues';
import { ReminderSweeper } from '../src/reminders/reminder.sweeper';
import { RemindersService, SWEEP_BATCH } from '../src/reminders/reminders.service';
import { createTestApp, TestApp } from './helpers/app';
import { addSource, fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

interface Row {
  user_id: string;
  type: string;
  event_id: string;
}

/** Deadlines short enough to watch: intake 1 s, verification 2 s, publication 1 s. */
const DEADLINES = {
  INTAKE_STALE_AFTER: 'PT1S',
  VERIFICATION_DUE_AFTER: 'PT2S',
  PUBLICATION_DUE_AFTER: 'PT1S',
  REMINDER_SWEEP_EVERY: 'PT0.2S',
};

describe('reminders and escalations', () => {
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  let otherVerifier: Caller;
  /** Files incidents and may verify, but never their own. */
  let monitorVerifier: Caller;
  let writer: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp(DEADLINES);
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
    otherVerifier = await signIn(t, 'verifier');
    monitorVerifier = await signIn(t, 'monitor', 'verifier');
    writer = await signIn(t, 'writer');
    admin = await signIn(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const notificationsFor = (incidentId: string): Promise<Row[]> =>
    t.dataSource.query<Row[]>(
      `SELECT user_id, type, event_id FROM notifications WHERE incident_id = $1
        ORDER BY created_at, user_id`,
      [incidentId],
    );

  const remindersFor = (
    incidentId: string,
  ): Promise<{ id: string; type: string; stage_entered_at: Date; sent_at: Date }[]> =>
    t.dataSource.query(
      'SELECT id, type, stage_entered_at, sent_at FROM reminders WHERE incident_id = $1 ORDER BY sent_at, type',
      [incidentId],
    );

  /** Who got notifications of this type about the incident (user ids, sorted). */
  const recipients = (rows: Row[], type: string): string[] =>
    rows
      .filter((row) => row.type === type)
      .map((row) => row.user_id)
      .sort();

  const waitForTypes = (incidentId: string, types: string[]): Promise<Row[]> =>
    waitFor(
      `${types.join(', ')} for ${incidentId}`,
      () => notificationsFor(incidentId),
      (rows) => types.every((type) => rows.some((row) => row.type === type)),
    );

  async function submitted(by: Caller, title: string): Promise<{ id: string; reference: string }> {
    const incident = await fileIncident(t, by, { title });
    await addSource(t, incident.id, by.user.id);
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(by.auth)
      .send({ action: 'submit', version: 1 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'in_verification', version: 2 });
    return { id: incident.id, reference: incident.reference };
  }

  it('reminds the creator of a stale intake once, and escalates to the admins at twice the deadline', async () => {
    const incident = await fileIncident(t, monitor, { title: 'Workers at a Vladivostok site' });
    const rows = await waitForTypes(incident.id, [
      'reminder.intake_stale',
      'escalation.intake_stale',
    ]);
    expect(recipients(rows, 'reminder.intake_stale')).toEqual([monitor.user.id]);
    expect(recipients(rows, 'escalation.intake_stale')).toEqual([admin.user.id]);

    // Each went out after its deadline, counted from when the incident entered intake.
    const reminders = await remindersFor(incident.id);
    expect(reminders.map((row) => row.type)).toEqual([
      'reminder.intake_stale',
      'escalation.intake_stale',
    ]);
    const [reminder, escalation] = reminders;
    expect(reminder.sent_at.getTime() - reminder.stage_entered_at.getTime()).toBeGreaterThanOrEqual(
      1000,
    );
    expect(
      escalation.sent_at.getTime() - escalation.stage_entered_at.getTime(),
    ).toBeGreaterThanOrEqual(2000);

    // The creator reads it through the API, with the incident's reference.
    const listed = await http().get('/api/v1/notifications?unread=true').set(monitor.auth);
    expect(listed.status).toBe(200);
    const item = (listed.body.items as NotificationDto[]).find(
      (entry) => entry.incidentId === incident.id,
    );
    expect(item).toMatchObject({
      type: 'reminder.intake_stale',
      reference: incident.reference,
      title: `${incident.reference}: still in intake`,
      readAt: null,
    });
    expect(item?.body).toContain('"Workers at a Vladivostok site" has been in intake since');

    // Several sweeps later, still exactly one of each.
    await t.app.get(ReminderSweeper).passes(3);
    const after = await notificationsFor(incident.id);
    expect(after).toHaveLength(2);
    expect(await remindersFor(incident.id)).toHaveLength(2);
  });

  it('reminds only the assignee of an incident waiting for verification', async () => {
    const incident = await submitted(monitor, 'Assigned verification');
    const assigned = await http()
      .post(`/api/v1/incidents/${incident.id}/assign`)
      .set(admin.auth)
      .send({ assigneeId: verifier.user.id, version: 2 });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assigneeId).toBe(verifier.user.id);

    const rows = await waitForTypes(incident.id, [
      'reminder.verification_due',
      'escalation.verification_due',
    ]);
    expect(recipients(rows, 'reminder.verification_due')).toEqual([verifier.user.id]);
    expect(recipients(rows, 'escalation.verification_due')).toEqual([admin.user.id]);
    await t.app.get(ReminderSweeper).passes(3);
    const after = await notificationsFor(incident.id);
    expect(recipients(after, 'reminder.verification_due')).toEqual([verifier.user.id]);
    expect(recipients(after, 'escalation.verification_due')).toEqual([admin.user.id]);
  });

  it('reminds every verifier but the creator when nobody is assigned', async () => {
    const incident = await submitted(monitorVerifier, 'Unassigned verification');
    const rows = await waitForTypes(incident.id, ['reminder.verification_due']);
    expect(recipients(rows, 'reminder.verification_due')).toEqual(
      [verifier.user.id, otherVerifier.user.id].sort(),
    );
  });

  it('reminds every verifier when the assignee was deactivated, and not the assignee', async () => {
    const leaving = await signIn(t, 'verifier');
    const incident = await submitted(monitor, 'Assignee left');
    const assigned = await http()
      .post(`/api/v1/incidents/${incident.id}/assign`)
      .set(admin.auth)
      .send({ assigneeId: leaving.user.id, version: 2 });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assigneeId).toBe(leaving.user.id);
    const current = await http().get(`/api/v1/users/${leaving.user.id}`).set(admin.auth);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ id: leaving.user.id, active: true });
    const deactivated = await http()
      .patch(`/api/v1/users/${leaving.user.id}`)
      .set(admin.auth)
      .send({ active: false, version: current.body.version });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);

    const rows = await waitForTypes(incident.id, ['reminder.verification_due']);
    expect(recipients(rows, 'reminder.verification_due')).toEqual(
      [verifier.user.id, otherVerifier.user.id, monitorVerifier.user.id].sort(),
    );
  });

  it('drops the reminder of an incident that moved on, and reminds each new stay in a stage', async () => {
    const incident = await submitted(monitor, 'Sent back quickly');
    const back = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(verifier.auth)
      .send({ action: 'request_changes', version: 2, note: 'Name the site.' });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('intake');

    // Back in intake: the new stay gets its own intake reminder ...
    await waitForTypes(incident.id, ['reminder.intake_stale']);
    // ... and past the verification deadline, after sweeps that saw it pass, nothing about
    // verification.
    const [{ submitted_at: submittedAt }] = await t.dataSource.query<{ submitted_at: Date }[]>(
      'SELECT submitted_at FROM incidents WHERE id = $1',
      [incident.id],
    );
    const deadline = submittedAt.getTime() + t.config.verificationDueAfterSeconds * 1000;
    await waitFor(
      'the verification deadline',
      async () => Date.now(),
      (now) => now > deadline,
    );
    // The new stay's escalation (at twice the intake deadline) is the later signal.
    const [{ stage_entered_at: stayStarted }] = await t.dataSource.query<
      { stage_entered_at: Date }[]
    >('SELECT stage_entered_at FROM incidents WHERE id = $1', [incident.id]);
    await waitFor(
      'the new stay to be reminded and escalated',
      async () =>
        (await remindersFor(incident.id))
          .filter((row) => row.stage_entered_at.getTime() === stayStarted.getTime())
          .map((row) => row.type)
          .sort(),
      (types) => types.length === 2,
    );
    await t.app.get(ReminderSweeper).passes(2);
    const rows = await notificationsFor(incident.id);
    expect(rows.filter((row) => row.type.endsWith('verification_due'))).toEqual([]);
    const reminders = await remindersFor(incident.id);
    expect(reminders.every((row) => row.type.endsWith('intake_stale'))).toBe(true);
    const [{ stage_entered_at: stageEnteredAt }] = await t.dataSource.query<
      { stage_entered_at: Date }[]
    >('SELECT stage_entered_at FROM incidents WHERE id = $1', [incident.id]);
    const current = reminders.filter(
      (row) => row.stage_entered_at.getTime() === stageEnteredAt.getTime(),
    );
    expect(current.map((row) => row.type).sort()).toEqual([
      'escalation.intake_stale',
      'reminder.intake_stale',
    ]);
  });

  it('reminds the writers of a verified incident waiting for publication', async () => {
    const incident = await fileIncident(t, monitor, { title: 'Ready to publish' });
    await forceStatus(t, incident.id, 'verified');
    const rows = await waitForTypes(incident.id, [
      'reminder.publication_due',
      'escalation.publication_due',
    ]);
    expect(recipients(rows, 'reminder.publication_due')).toEqual([writer.user.id]);
    expect(recipients(rows, 'escalation.publication_due')).toEqual([admin.user.id]);
  });

  it('emits a reminder.due event per reminder while a webhook subscribes to it, with ids only', async () => {
    const eventOf = async (incidentId: string) => {
      const [reminder] = await remindersFor(incidentId);
      const [event] = await t.dataSource.query<
        { type: string; payload: Record<string, unknown> }[]
      >('SELECT type, payload FROM outbox_events WHERE id = $1', [reminder.id]);
      return event;
    };
    // Nobody listens: the reminder goes out in-app and nothing is queued for webhooks.
    const unheard = await fileIncident(t, monitor, { title: 'No webhook listens' });
    await waitForTypes(unheard.id, ['reminder.intake_stale']);
    expect(await eventOf(unheard.id)).toBeUndefined();

    const hook = await http()
      .post('/api/v1/webhooks')
      .set(admin.auth)
      .send({
        url: 'http://127.0.0.1:9/hook',
        events: ['reminder.due'],
        secret: 'a-webhook-secret-0123',
      });
    expect(hook.status).toBe(201);
    expect(hook.body).toMatchObject({ events: ['reminder.due'], active: true });
    try {
      const incident = await fileIncident(t, monitor, { title: 'Event for webhooks' });
      await waitForTypes(incident.id, ['reminder.intake_stale']);
      expect(await eventOf(incident.id)).toEqual({
        type: 'reminder.due',
        payload: {
          incidentId: incident.id,
          reminder: 'reminder.intake_stale',
          status: 'intake',
          stageEnteredAt: expect.any(String),
        },
      });
    } finally {
      const removed = await http().delete(`/api/v1/webhooks/${hook.body.id}`).set(admin.auth);
      expect(removed.status).toBe(204);
    }
  });

  it('reminds nobody of a withdrawn draft, while a draft filed beside it is reminded and escalated', async () => {
    const kept = await fileIncident(t, monitor, { title: 'Kept draft' });
    const withdrawn = await fileIncident(t, monitor, { title: 'Filed by mistake' });
    const response = await http()
      .post(`/api/v1/incidents/${withdrawn.id}/transitions`)
      .set(monitor.auth)
      .send({ action: 'withdraw', version: 1, note: 'Filed twice by mistake' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'withdrawn', dueAt: null, overdue: false });

    // The positive signal: the draft beside it went through both deadlines.
    await waitForTypes(kept.id, ['reminder.intake_stale', 'escalation.intake_stale']);
    await t.app.get(ReminderSweeper).passes(2);
    expect(await notificationsFor(withdrawn.id)).toEqual([]);
    expect(await remindersFor(withdrawn.id)).toEqual([]);
  });

  it('sends one digest per user per day, listing what waits for them', async () => {
    const reminders = t.app.get(RemindersService);
    const first = await reminders.digest('2026-01-01');
    expect(first).toBeGreaterThan(0);
    expect(await reminders.digest('2026-01-01')).toBe(0);

    const digests = await t.dataSource.query<{ user_id: string; title: string; body: string }[]>(
      `SELECT user_id, title, body FROM notifications WHERE type = 'digest'`,
    );
    expect(digests).toHaveLength(first);
    const of = (caller: Caller) => digests.find((row) => row.user_id === caller.user.id);
    expect(of(monitor)).toMatchObject({ title: 'What waits for you on 2026-01-01' });
    // By reference and title, each with what it waits for (every deadline here is past).
    expect(of(monitor)?.body).toMatch(
      /^- INC-\d{4}-\d{4} "Workers at a Vladivostok site": in intake, to complete and submit \(overdue\)$/m,
    );
    expect(of(verifier)?.body).toMatch(
      /^- INC-\d{4}-\d{4} "[^"]+": waiting for verification \(overdue\)$/m,
    );
    expect(of(writer)?.body).toMatch(
      /^- INC-\d{4}-\d{4} "[^"]+": verified, waiting for publication \(overdue\)$/m,
    );
    expect(of(admin)?.body).toMatch(
      /^- INC-\d{4}-\d{4} "Workers at a Vladivostok site": past twice its deadline \(overdue\)$/m,
    );
    expect(of(monitor)?.body).toMatch(
      /^\d+ incidents? (is|are) waiting for you, \d+ of them overdue:$/m,
    );

    // Through the scheduled job on the maintenance queue, for another day.
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.maintenance));
    const job = await queue.add(JOBS.digest, { day: '2026-01-02' });
    const done = await waitFor(
      'the digest job',
      async () => ({
        state: await job.getState(),
        value: (await queue.getJob(job.id!))?.returnvalue,
      }),
      (value) => value.state === 'completed' || value.state === 'failed',
    );
    expect(done).toEqual({ state: 'completed', value: first });
  });

  it(`notifies ${SWEEP_BATCH + 1000} incidents that pass their deadline at once, each once`, async () => {
    const template = await fileIncident(t, monitor, { title: 'Bulk template' });
    const count = SWEEP_BATCH + 1000;
    // All share one stage_entered_at, already past the verification deadline: the batches
    // must still make progress through ties.
    await t.dataSource.query(
      `INSERT INTO incidents (reference, status, title, regime, category, occurred_from, occurred_to,
                              created_by, stage_entered_at)
       SELECT 'BULK-' || g, 'in_verification', 'Bulk ' || g, regime, category, occurred_from,
              occurred_to, created_by, now() - interval '3 seconds'
         FROM incidents, generate_series(1, $2::int) g WHERE id = $1`,
      [template.id, count],
    );
    const counted = () =>
      t.dataSource
        .query<{ reminders: string; notifications: string }[]>(
          `SELECT (SELECT count(*) FROM reminders r JOIN incidents i ON i.id = r.incident_id
                    WHERE i.reference LIKE 'BULK-%' AND r.type = 'reminder.verification_due') AS reminders,
                  (SELECT count(*) FROM notifications n JOIN incidents i ON i.id = n.incident_id
                    WHERE i.reference LIKE 'BULK-%' AND n.type = 'reminder.verification_due') AS notifications`,
        )
        .then(([row]) => ({
          reminders: Number(row.reminders),
          notifications: Number(row.notifications),
        }));
    const verifiers = 3; // verifier, otherVerifier, monitorVerifier (not the creator)
    await waitFor('every bulk reminder', counted, (value) => value.reminders === count, 30_000);
    // How fast is for the benchmark (npm run bench) to measure; this asserts each once.
    expect(await counted()).toEqual({ reminders: count, notifications: count * verifiers });

    const [duplicates] = await t.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM (SELECT 1 FROM reminders GROUP BY incident_id, type, stage_entered_at
                              HAVING count(*) > 1) d`,
    );
    expect(duplicates.count).toBe('0');
  }, 120_000);
});

describe('the daily digest', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The default deadlines (P7D, P3D, P2D): what is overdue is set up by hand.
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const digestOf = async (userId: string): Promise<string> => {
    const [row] = await t.dataSource.query<{ body: string }[]>(
      `SELECT body FROM notifications WHERE type = 'digest' AND user_id = $1`,
      [userId],
    );
    return row.body;
  };

  it('names what waits by reference and title, overdue first, twenty at most and then how many more', async () => {
    const monitor = await signIn(t, 'monitor');
    const verifier = await signIn(t, 'verifier');
    const writer = await signIn(t, 'writer');
    const drafts: { id: string; reference: string }[] = [];
    for (let n = 1; n <= 22; n += 1) {
      drafts.push(await fileIncident(t, monitor, { title: `Draft ${n}` }));
    }
    // Two of them are past the intake deadline of seven days, the older one first.
    await t.dataSource.query(
      `UPDATE incidents SET stage_entered_at = now() - interval '9 days' WHERE id = $1`,
      [drafts[20].id],
    );
    await t.dataSource.query(
      `UPDATE incidents SET stage_entered_at = now() - interval '8 days' WHERE id = $1`,
      [drafts[21].id],
    );
    const inVerification = await fileIncident(t, monitor, { title: 'Waiting for a verifier' });
    await forceStatus(t, inVerification.id, 'in_verification');
    const verified = await fileIncident(t, monitor, { title: 'Waiting for a writer' });
    await forceStatus(t, verified.id, 'verified');

    expect(await t.app.get(RemindersService).digest('2026-03-01')).toBe(3);

    const lines = (await digestOf(monitor.user.id)).split('\n');
    expect(lines[0]).toBe('22 incidents are waiting for you, 2 of them overdue:');
    expect(lines.slice(1, 3)).toEqual([
      `- ${drafts[20].reference} "Draft 21": in intake, to complete and submit (overdue)`,
      `- ${drafts[21].reference} "Draft 22": in intake, to complete and submit (overdue)`,
    ]);
    // Then the others, oldest first: the twenty named, then the count of the rest.
    expect(lines.slice(3, 21)).toEqual(
      drafts
        .slice(0, 18)
        .map(
          (draft, n) => `- ${draft.reference} "Draft ${n + 1}": in intake, to complete and submit`,
        ),
    );
    expect(lines.slice(21)).toEqual(['and 2 more']);

    expect(await digestOf(verifier.user.id)).toBe(
      `1 incident is waiting for you:\n- ${inVerification.reference} "Waiting for a verifier": waiting for verification`,
    );
    expect(await digestOf(writer.user.id)).toBe(
      `1 incident is waiting for you:\n- ${verified.reference} "Waiting for a writer": verified, waiting for publication`,
    );
  });
});
