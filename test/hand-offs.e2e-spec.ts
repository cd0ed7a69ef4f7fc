import request from 'supertest';
import { IncidentDto } from '../src/incidents/dto/incident.dto';
import { MailRelay } from '../src/notifications/mail.relay';
import { createTestApp, TestApp } from './helpers/app';
import { latestEvent, settled } from './helpers/events';
import { addSource, fileIncident } from './helpers/incidents';
import { MailSink } from './helpers/mail';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

interface Expected {
  recipients: Caller[];
  title: string;
  body: string;
}

/**
 * Spec 9: every action of the workflow tells exactly the people it hands the work to, at once,
 * in-app and by e-mail, with its note; never the person who acted.
 */
describe('hand-off notifications, in-app and by e-mail (e2e)', () => {
  const sink = new MailSink();
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  let secondVerifier: Caller;
  /** Files incidents and verifies others' (never their own). */
  let monitorVerifier: Caller;
  let writer: Caller;
  let secondWriter: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    const port = await sink.start();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Sanctions Tracker <tracker@example.org>',
    });
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
    secondVerifier = await signIn(t, 'verifier');
    monitorVerifier = await signIn(t, 'monitor', 'verifier');
    writer = await signIn(t, 'writer');
    secondWriter = await signIn(t, 'writer');
    admin = await signIn(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const byId = (callers: Caller[]): string[] => callers.map((caller) => caller.user.id).sort();
  const byEmail = (callers: Caller[]): string[] =>
    callers.map((caller) => caller.user.email).sort();
  const name = (caller: Caller): string => caller.user.displayName;

  /** Takes the action and answers the incident's new version. */
  async function act(
    incident: IncidentDto,
    caller: Caller,
    version: number,
    body: Record<string, unknown>,
  ): Promise<number> {
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(caller.auth)
      .send({ ...body, version });
    expect({ action: body.action, status: response.status }).toEqual({
      action: body.action,
      status: 200,
    });
    return (response.body as IncidentDto).version;
  }

  /**
   * The last transition of the incident notified exactly `recipients` in-app with this text,
   * and each of them got one e-mail of it; nobody else did.
   */
  async function expectHandOff(incident: IncidentDto, expected: Expected): Promise<void> {
    const mailsBefore = sink.messages.length;
    const eventId = await latestEvent(t, incident.id, 'incident.transitioned');
    await settled(t, eventId);
    const rows = await t.dataSource.query<{ user_id: string; title: string; body: string }[]>(
      'SELECT user_id, title, body FROM notifications WHERE event_id = $1 ORDER BY user_id',
      [eventId],
    );
    expect(rows).toEqual(
      byId(expected.recipients).map((userId) => ({
        user_id: userId,
        title: expected.title,
        body: expected.body,
      })),
    );
    const fresh = () =>
      sink.messages.slice(mailsBefore).filter((mail) => mail.headers.subject === expected.title);
    await waitFor(
      `${expected.recipients.length} e-mails of "${expected.title}"`,
      async () => fresh().length,
      (count) => count >= expected.recipients.length,
    );
    // The positive signal that nothing more is on its way: the mailer looked twice more.
    await t.app.get(MailRelay).passes(2);
    expect(
      fresh()
        .flatMap((mail) => mail.envelopeTo)
        .sort(),
    ).toEqual(byEmail(expected.recipients));
    for (const mail of fresh()) {
      expect(mail.text).toBe(`${expected.body}\n\nIncident: ${incident.reference}`);
    }
  }

  it('walks one incident through every action and tells each step to the right people', async () => {
    const incident = await fileIncident(t, monitor, { title: 'Musan mine workers' });
    await addSource(t, incident.id, monitor.user.id);
    const added = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({ kind: 'testimony', description: 'A worker’s account', text: 'We left via Rason.' });
    expect(added.status).toBe(201);
    const ref = incident.reference;

    // submit, nobody assigned: every verifier but the creator.
    let version = await act(incident, monitor, 1, { action: 'submit' });
    await expectHandOff(incident, {
      recipients: [verifier, secondVerifier, monitorVerifier],
      title: `${ref} was submitted for verification`,
      body: `${name(monitor)} submitted "Musan mine workers" for verification.\n\nReview its evidence, then verify it, reject it or ask for changes.`,
    });

    // assign, by an admin: the assignee.
    const assigned = await http()
      .post(`/api/v1/incidents/${incident.id}/assign`)
      .set(admin.auth)
      .send({ assigneeId: verifier.user.id, version });
    expect(assigned.status).toBe(200);
    version = (assigned.body as IncidentDto).version;
    const assignEvent = await latestEvent(t, incident.id, 'incident.assigned');
    await settled(t, assignEvent);
    const assignment = await t.dataSource.query<{ user_id: string; title: string }[]>(
      'SELECT user_id, title FROM notifications WHERE event_id = $1',
      [assignEvent],
    );
    expect(assignment).toEqual([
      { user_id: verifier.user.id, title: `${ref} was assigned to you` },
    ]);

    // request_changes: the creator, with the note.
    version = await act(incident, verifier, version, {
      action: 'request_changes',
      note: 'Name the border crossing.',
    });
    await expectHandOff(incident, {
      recipients: [monitor],
      title: `${ref}: changes requested`,
      body: `${name(verifier)} sent "Musan mine workers" back to you and asks for changes.\n\nNote: Name the border crossing.\n\nMake the changes, then submit it again.`,
    });

    // submit again, now assigned: the assignee alone.
    version = await act(incident, monitor, version, { action: 'submit' });
    await expectHandOff(incident, {
      recipients: [verifier],
      title: `${ref} was submitted for verification`,
      body: `${name(monitor)} submitted "Musan mine workers" for verification.\n\nReview its evidence, then verify it, reject it or ask for changes.`,
    });

    // verify: every writer.
    const reviewed = await http()
      .post(`/api/v1/evidence/${(added.body as { id: string }).id}/review`)
      .set(verifier.auth)
      .send({ decision: 'approved', note: 'Consistent', version: 1 });
    expect(reviewed.status).toBe(200);
    version = await act(incident, verifier, version, { action: 'verify', confidence: 'likely' });
    const verifiedText: Expected = {
      recipients: [writer, secondWriter],
      title: `${ref} was verified and waits for publication`,
      body: `${name(verifier)} verified "Musan mine workers" (confidence: likely).\n\nWrite its public text and publish it.`,
    };
    await expectHandOff(incident, verifiedText);

    // return_to_verification, by a writer: the assignee, with the note.
    version = await act(incident, writer, version, {
      action: 'return_to_verification',
      note: 'The dates disagree with the evidence.',
    });
    await expectHandOff(incident, {
      recipients: [verifier],
      title: `${ref} was returned to verification`,
      body: `${name(writer)} returned "Musan mine workers" to verification.\n\nNote: The dates disagree with the evidence.\n\nReview it again.`,
    });
    version = await act(incident, verifier, version, { action: 'verify', confidence: 'likely' });
    await expectHandOff(incident, verifiedText);

    // publish: the creator and the assignee, not the writer who published.
    const publicText = await http()
      .patch(`/api/v1/incidents/${incident.id}`)
      .set(writer.auth)
      .send({ publicSummary: 'About 100 workers were sent to Russia.', version });
    expect(publicText.status).toBe(200);
    version = (publicText.body as IncidentDto).version;
    version = await act(incident, writer, version, { action: 'publish' });
    await expectHandOff(incident, {
      recipients: [monitor, verifier],
      title: `${ref} was published`,
      body: `${name(writer)} published "Musan mine workers".`,
    });

    // retract: the creator and the assignee, with the note.
    version = await act(incident, secondWriter, version, {
      action: 'retract',
      note: 'A source withdrew their account.',
    });
    await expectHandOff(incident, {
      recipients: [monitor, verifier],
      title: `${ref} was retracted`,
      body: `${name(secondWriter)} retracted "Musan mine workers" from publication.\n\nNote: A source withdrew their account.`,
    });

    // reopen: the assignee.
    version = await act(incident, admin, version, {
      action: 'reopen',
      note: 'New evidence arrived.',
    });
    await expectHandOff(incident, {
      recipients: [verifier],
      title: `${ref} was reopened`,
      body: `${name(admin)} reopened "Musan mine workers"; it is back in intake.\n\nNote: New evidence arrived.`,
    });

    // withdraw, by its creator: the assignee.
    await act(incident, monitor, version, { action: 'withdraw', note: 'Filed twice.' });
    await expectHandOff(incident, {
      recipients: [verifier],
      title: `${ref} was withdrawn`,
      body: `${name(monitor)} withdrew "Musan mine workers".\n\nNote: Filed twice.`,
    });
  });

  it('tells the creator of a rejection, not the assignee or the verifier who rejects', async () => {
    const incident = await fileIncident(t, monitor, { title: 'Rejected case' });
    await addSource(t, incident.id, monitor.user.id);
    let version = await act(incident, monitor, 1, { action: 'submit' });
    await expectHandOff(incident, {
      recipients: [verifier, secondVerifier, monitorVerifier],
      title: `${incident.reference} was submitted for verification`,
      body: `${name(monitor)} submitted "Rejected case" for verification.\n\nReview its evidence, then verify it, reject it or ask for changes.`,
    });
    const taken = await http()
      .post(`/api/v1/incidents/${incident.id}/assign`)
      .set(secondVerifier.auth)
      .send({ assigneeId: secondVerifier.user.id, version });
    expect(taken.status).toBe(200);
    version = (taken.body as IncidentDto).version;
    await act(incident, verifier, version, {
      action: 'reject',
      note: 'The workers went to China, not Russia.',
    });
    await expectHandOff(incident, {
      recipients: [monitor],
      title: `${incident.reference} was rejected`,
      body: `${name(verifier)} rejected "Rejected case".\n\nNote: The workers went to China, not Russia.`,
    });
  });

  it('never asks the creator to verify their own incident, even when someone else submits it', async () => {
    const incident = await fileIncident(t, monitorVerifier, { title: 'Filed by a verifier' });
    await addSource(t, incident.id, monitorVerifier.user.id);
    await act(incident, admin, 1, { action: 'submit' });
    await expectHandOff(incident, {
      recipients: [verifier, secondVerifier],
      title: `${incident.reference} was submitted for verification`,
      body: `${name(admin)} submitted "Filed by a verifier" for verification.\n\nReview its evidence, then verify it, reject it or ask for changes.`,
    });
  });
});
