import request from 'supertest';
import { MailRelay } from '../src/notifications/mail.relay';
import { createTestApp, TestApp } from './helpers/app';
import { quiet } from './helpers/events';
import { MailSink } from './helpers/mail';
import { addSource, fileIncident } from './helpers/incidents';
import { Caller, createUser, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

interface EmailState {
  email_status: string | null;
  email_attempts: number;
  email_next_at: Date | null;
  emailed_at: Date | null;
}

const emailStateOf = async (t: TestApp, userId: string): Promise<EmailState[]> =>
  t.dataSource.query<EmailState[]>(
    `SELECT email_status, email_attempts, email_next_at, emailed_at FROM notifications
      WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );

/**
 * The monitor files and submits an incident, a verifier takes it and sends it back: the
 * monitor (its creator) gets one 'transition' notification. Answers the incident's reference.
 */
async function sendBack(
  t: TestApp,
  monitor: Caller,
  verifier: Caller,
  title: string,
): Promise<string> {
  const http = () => request(t.app.getHttpServer());
  const incident = await fileIncident(t, monitor, { title });
  await addSource(t, incident.id, monitor.user.id);
  const submitted = await http()
    .post(`/api/v1/incidents/${incident.id}/transitions`)
    .set(monitor.auth)
    .send({ action: 'submit', version: 1 });
  expect(submitted.status).toBe(200);
  expect(submitted.body).toMatchObject({ status: 'in_verification', version: 2 });
  const assigned = await http()
    .post(`/api/v1/incidents/${incident.id}/assign`)
    .set(verifier.auth)
    .send({ assigneeId: verifier.user.id, version: 2 });
  expect(assigned.status).toBe(200);
  expect(assigned.body).toMatchObject({ assigneeId: verifier.user.id, version: 3 });
  const sentBack = await http()
    .post(`/api/v1/incidents/${incident.id}/transitions`)
    .set(verifier.auth)
    .send({ action: 'request_changes', note: 'Needs a second source', version: 3 });
  expect(sentBack.status).toBe(200);
  expect(sentBack.body).toMatchObject({ status: 'intake', version: 4 });
  return incident.reference;
}

describe('e-mail copies of notifications (SMTP_URL set)', () => {
  const sink = new MailSink();
  let t: TestApp;
  let verifier: Caller;

  beforeAll(async () => {
    const port = await sink.start();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Sanctions Tracker <tracker@example.org>',
      MAIL_RETRY_DELAY: 'PT0.2S',
    });
    verifier = await signIn(t, 'verifier');
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('mails the recipient one copy with the title as subject and marks it sent', async () => {
    const monitor = await signIn(t, 'monitor');
    const reference = await sendBack(t, monitor, verifier, 'Mailed transition');

    const [state] = await waitFor(
      'the e-mail to be sent',
      () => emailStateOf(t, monitor.user.id),
      (rows) => rows.length === 1 && rows[0].email_status === 'sent',
    );
    expect(state).toEqual({
      email_status: 'sent',
      email_attempts: 1,
      email_next_at: null,
      emailed_at: expect.any(Date),
    });
    const [notification] = await t.dataSource.query<{ title: string; body: string }[]>(
      'SELECT title, body FROM notifications WHERE user_id = $1',
      [monitor.user.id],
    );
    expect(notification.title).toBe(`${reference}: changes requested`);

    const received = sink.to(monitor.user.email);
    expect(received).toHaveLength(1);
    expect(received[0]).toEqual({
      envelopeFrom: 'tracker@example.org',
      envelopeTo: [monitor.user.email],
      headers: expect.objectContaining({
        from: 'Sanctions Tracker <tracker@example.org>',
        to: monitor.user.email,
        subject: notification.title,
      }),
      text: `${notification.body}\n\nIncident: ${reference}`,
    });
    expect(received[0].text).toContain('sent "Mailed transition" back to you and asks for changes');
    expect(received[0].text).toContain('Note: Needs a second source');
    // The verifier was told of the submission, but not of the request they made themselves.
    await t.app.get(MailRelay).passes(2);
    expect(
      sink
        .to(verifier.user.email)
        .map((mail) => mail.headers.subject)
        .filter((subject) => subject.startsWith(reference)),
    ).toEqual([`${reference} was submitted for verification`]);

    // Nothing more arrives on later passes.
    await t.app.get(MailRelay).passes(3);
    expect(sink.to(monitor.user.email)).toHaveLength(1);
  });

  it('retries after a transient refusal and delivers exactly once', async () => {
    const monitor = await signIn(t, 'monitor');
    sink.refuseOnce.add(monitor.user.email);
    const reference = await sendBack(t, monitor, verifier, 'Retried transition');

    const [state] = await waitFor(
      'the retried e-mail to be sent',
      () => emailStateOf(t, monitor.user.id),
      (rows) => rows.length === 1 && rows[0].email_status === 'sent',
    );
    expect(state).toMatchObject({ email_status: 'sent', email_attempts: 2 });
    expect(sink.refused).toContain(monitor.user.email);
    const received = sink.to(monitor.user.email);
    expect(received).toHaveLength(1);
    expect(received[0].headers.subject).toBe(`${reference}: changes requested`);

    // The failure was logged by its SMTP code alone: no address, no body.
    const failures = t.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'mailer: e-mail failed, will retry');
    expect(failures).toEqual([
      expect.objectContaining({
        level: 'warn',
        responseCode: 451,
        command: 'RCPT TO',
        attempts: 1,
        gaveUp: false,
      }),
    ]);
    const everything = t.logLines.join('\n');
    expect(everything).not.toContain(monitor.user.email);
    expect(everything).not.toContain('Retried transition');
    expect(everything).toMatch(/"msg":"mailer: pass done"/);
  });

  it('gives up on the copy of a deactivated user without mailing them', async () => {
    const left = await createUser(t, ['monitor']);
    await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [left.id]);
    await t.dataSource.query(
      `INSERT INTO notifications (user_id, type, title, body, email_status, email_next_at)
       VALUES ($1, 'digest', 'What waits for you', 'Nothing', 'pending', now())`,
      [left.id],
    );
    const [state] = await waitFor(
      'the copy to be given up',
      () => emailStateOf(t, left.id),
      (rows) => rows[0]?.email_status !== 'pending',
    );
    expect(state).toEqual({
      email_status: 'failed',
      email_attempts: 0,
      email_next_at: null,
      emailed_at: null,
    });
    expect(sink.to(left.email)).toEqual([]);
  });

  it('mails a mention to the named user only, without the comment’s words', async () => {
    const monitor = await signIn(t, 'monitor');
    const named = await signIn(t, 'writer');
    const incident = await fileIncident(t, monitor, { title: 'Discussed by mail' });
    const commented = await request(t.app.getHttpServer())
      .post(`/api/v1/incidents/${incident.id}/comments`)
      .set(verifier.auth)
      .send({
        body: 'The convoy left Rason at night',
        mentions: [named.user.id, verifier.user.id],
      });
    expect(commented.status).toBe(201);

    const [state] = await waitFor(
      'the mention to be mailed',
      () => emailStateOf(t, named.user.id),
      (rows) => rows.length === 1 && rows[0].email_status === 'sent',
    );
    expect(state).toMatchObject({ email_status: 'sent', email_attempts: 1 });
    const received = sink.to(named.user.email);
    expect(received).toHaveLength(1);
    expect(received[0].headers.subject).toBe(
      `${incident.reference}: ${verifier.user.displayName} mentioned you`,
    );
    expect(received[0].text).toBe(
      `${verifier.user.displayName} mentioned you in a comment on "Discussed by mail".\n\n` +
        `Incident: ${incident.reference}`,
    );
    expect(JSON.stringify(sink.messages)).not.toContain('Rason');

    // The author named themselves and the creator was not named: neither is mailed.
    await quiet(t);
    await t.app.get(MailRelay).passes(2);
    // (The shared verifier hears of other tests' submissions: only mail about this incident counts.)
    const aboutThis = (address: string) =>
      sink.to(address).filter((mail) => mail.text.includes(`Incident: ${incident.reference}`));
    expect(aboutThis(verifier.user.email)).toEqual([]);
    expect(aboutThis(monitor.user.email)).toEqual([]);
  });
});

describe('e-mail copies of notifications (no SMTP_URL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates notifications without an e-mail status and runs no mailer', async () => {
    const monitor = await signIn(t, 'monitor');
    const verifier = await signIn(t, 'verifier');
    await sendBack(t, monitor, verifier, 'Unmailed transition');
    const rows = await waitFor(
      'the notification',
      () => emailStateOf(t, monitor.user.id),
      (found) => found.length === 1,
    );
    expect(rows).toEqual([
      { email_status: null, email_attempts: 0, email_next_at: null, emailed_at: null },
    ]);

    // A row left pending (say, from before SMTP was turned off) is never picked up.
    await t.dataSource.query(
      `INSERT INTO notifications (user_id, type, title, body, email_status, email_next_at)
       VALUES ($1, 'digest', 'What waits for you', 'Nothing', 'pending', now())`,
      [monitor.user.id],
    );
    expect(t.app.get(MailRelay).isRunning).toBe(false);
    await expect(t.app.get(MailRelay).passes()).rejects.toThrow('mailer is not running');
    // The loops that do run have looked again since, and left it alone.
    await quiet(t);
    const [pending] = await t.dataSource.query<EmailState[]>(
      `SELECT email_status, email_attempts FROM notifications WHERE user_id = $1 AND type = 'digest'`,
      [monitor.user.id],
    );
    expect(pending).toEqual({ email_status: 'pending', email_attempts: 0 });
    expect(t.logLines.some((line) => line.includes('"loop":"mailer"'))).toBe(false);
  });
});
