import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { EvidenceDto } from '../src/evidence/dto/evidence.dto';
import { IncidentDto } from '../src/incidents/dto/incident.dto';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

const PNG = readFileSync(join(__dirname, '..', 'demo', 'files', 'musan-mine-placeholder.png'));

describe('withdrawing a draft and a pending evidence item (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let otherMonitor: Caller;
  let verifier: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());
  const transition = (id: string, caller: Caller, body: Record<string, unknown>) =>
    http().post(`/api/v1/incidents/${id}/transitions`).set(caller.auth).send(body);
  const withdrawEvidence = (id: string, caller: Caller, body: Record<string, unknown>) =>
    http().post(`/api/v1/evidence/${id}/withdraw`).set(caller.auth).send(body);
  const testimony = async (incidentId: string, caller: Caller, text: string): Promise<string> => {
    const added = await http()
      .post(`/api/v1/incidents/${incidentId}/evidence`)
      .set(caller.auth)
      .send({ kind: 'testimony', description: 'Account', text });
    expect(added.status).toBe(201);
    return (added.body as EvidenceDto).id;
  };
  const incidentOf = async (id: string, caller: Caller): Promise<IncidentDto> => {
    const response = await http().get(`/api/v1/incidents/${id}`).set(caller.auth);
    expect(response.status).toBe(200);
    return response.body as IncidentDto;
  };

  beforeAll(async () => {
    t = await createTestApp();
    [monitor, otherMonitor, verifier, admin] = await Promise.all([
      signIn(t, 'monitor'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'admin'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('an evidence item', () => {
    it('is withdrawn by its uploader with a note: status, custody, history and audit, and its file stays', async () => {
      const incident = await fileIncident(t, monitor);
      const upload = await http()
        .post(`/api/v1/incidents/${incident.id}/evidence`)
        .set(monitor.auth)
        .field('kind', 'image')
        .field('description', 'Uploaded twice')
        .attach('file', PNG, { filename: 'mine.png', contentType: 'image/png' });
      expect(upload.status).toBe(201);
      const item = upload.body as EvidenceDto;

      const response = await withdrawEvidence(item.id, monitor, {
        note: 'The same photo was added twice',
        version: 1,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: item.id,
        status: 'withdrawn',
        version: 2,
        sha256: item.sha256,
        createdBy: monitor.user.id,
      });

      // Nothing is deleted: the row, the stored file and its custody log stay.
      const [stored] = await t.dataSource.query<{ status: string }[]>(
        'SELECT status FROM evidence WHERE id = $1',
        [item.id],
      );
      expect(stored).toEqual({ status: 'withdrawn' });
      const sha = item.sha256!;
      const path = join(t.config.storageDir, 'evidence', sha.slice(0, 2), sha.slice(2, 4), sha);
      expect(existsSync(path)).toBe(true);
      const custody = await http().get(`/api/v1/evidence/${item.id}/custody`).set(monitor.auth);
      expect(custody.status).toBe(200);
      expect(
        (custody.body as { items: { action: string; actorId: string; data: unknown }[] }).items.map(
          ({ action, actorId, data }) => ({ action, actorId, data }),
        ),
      ).toEqual([
        { action: 'added', actorId: monitor.user.id, data: expect.any(Object) },
        {
          action: 'withdrawn',
          actorId: monitor.user.id,
          data: { note: 'The same photo was added twice' },
        },
      ]);
      const history = await http().get(`/api/v1/incidents/${incident.id}/history`).set(admin.auth);
      expect(
        (history.body as { items: { kind: string; data: unknown }[] }).items
          .filter((entry) => entry.kind === 'evidence_withdrawn')
          .map((entry) => entry.data),
      ).toEqual([{ evidenceId: item.id, note: 'The same photo was added twice' }]);
      const audit = await t.dataSource.query<{ actor_id: string; data: unknown }[]>(
        `SELECT actor_id, data FROM audit_events WHERE action = 'evidence.withdrawn' AND entity_id = $1`,
        [item.id],
      );
      expect(audit).toEqual([{ actor_id: monitor.user.id, data: { incidentId: incident.id } }]);

      // It counts apart from the evidence that counts.
      expect((await incidentOf(incident.id, monitor)).counts).toEqual({
        sources: 0,
        evidence: 0,
        evidencePending: 0,
        evidenceApproved: 0,
        evidenceRejected: 0,
        evidenceWithdrawn: 1,
      });
    });

    it('counts for no precondition: a draft with only withdrawn evidence cannot be submitted', async () => {
      const incident = await fileIncident(t, monitor);
      const id = await testimony(incident.id, monitor, 'Wrong incident');
      const withdrawn = await withdrawEvidence(id, monitor, { note: 'Wrong incident', version: 1 });
      expect(withdrawn.status).toBe(200);
      const submit = await transition(incident.id, monitor, { action: 'submit', version: 1 });
      const body = expectError(
        submit,
        422,
        'Add at least one source or evidence item before submitting',
      );
      expect(body.code).toBe('precondition_failed');
    });

    it('no longer holds verification back while pending, and is never reviewed', async () => {
      const incident = await fileIncident(t, monitor);
      const kept = await testimony(incident.id, monitor, 'What was seen');
      const mistaken = await testimony(incident.id, monitor, 'Added by mistake');
      const submitted = await transition(incident.id, monitor, { action: 'submit', version: 1 });
      expect(submitted.status).toBe(200);
      const approved = await http()
        .post(`/api/v1/evidence/${kept}/review`)
        .set(verifier.auth)
        .send({ decision: 'approved', note: 'Consistent', version: 1 });
      expect(approved.status).toBe(200);
      const blocked = await transition(incident.id, verifier, {
        action: 'verify',
        version: 2,
        confidence: 'likely',
      });
      expectError(blocked, 422, 'Every evidence item must be reviewed first (some are pending)');

      // Withdrawn while the incident is in verification, by its uploader.
      const withdrawn = await withdrawEvidence(mistaken, monitor, {
        note: 'Duplicate',
        version: 1,
      });
      expect(withdrawn.status).toBe(200);
      const review = await http()
        .post(`/api/v1/evidence/${mistaken}/review`)
        .set(verifier.auth)
        .send({ decision: 'approved', note: 'Too late', version: 2 });
      expectError(review, 409, 'A withdrawn evidence item cannot be reviewed');

      const verified = await transition(incident.id, verifier, {
        action: 'verify',
        version: 2,
        confidence: 'likely',
      });
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({
        status: 'verified',
        counts: { evidence: 1, evidenceApproved: 1, evidencePending: 0, evidenceWithdrawn: 1 },
      });
    });

    it('is refused to anyone but its uploader or an admin, once reviewed or withdrawn, on a stale version, and without a note', async () => {
      const incident = await fileIncident(t, monitor);
      const id = await testimony(incident.id, monitor, 'Refusals');

      const other = await withdrawEvidence(id, otherMonitor, { note: 'Not mine', version: 1 });
      expect(expectError(other, 403, /uploader|added/).code).toBe('forbidden_role');
      const byVerifier = await withdrawEvidence(id, verifier, { note: 'Not mine', version: 1 });
      expect(expectError(byVerifier, 403).code).toBe('forbidden_role');
      const noNote = await withdrawEvidence(id, monitor, { version: 1 });
      expect(expectError(noNote, 400).code).toBe('validation_failed');
      const blankNote = await withdrawEvidence(id, monitor, { note: '   ', version: 1 });
      expect(expectError(blankNote, 400).code).toBe('validation_failed');
      const stale = await withdrawEvidence(id, monitor, { note: 'Old copy', version: 7 });
      expect(expectError(stale, 409).code).toBe('stale_version');
      const unknown = await withdrawEvidence('6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f', monitor, {
        note: 'Gone',
        version: 1,
      });
      expect(expectError(unknown, 404).code).toBe('not_found');
      const noToken = await http()
        .post(`/api/v1/evidence/${id}/withdraw`)
        .send({ note: 'x', version: 1 });
      expect(expectError(noToken, 401).code).toBe('unauthenticated');

      // An admin may withdraw another user's item; then it cannot be withdrawn again.
      const byAdmin = await withdrawEvidence(id, admin, { note: 'Filed twice', version: 1 });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body).toMatchObject({ status: 'withdrawn', version: 2 });
      const again = await withdrawEvidence(id, monitor, { note: 'Again', version: 2 });
      expect(expectError(again, 409, /Only a pending evidence item/).code).toBe('wrong_state');

      // A reviewed item stands as the verifier saw it.
      const reviewedOne = await testimony(incident.id, monitor, 'Reviewed');
      await forceStatus(t, incident.id, 'in_verification');
      const reviewed = await http()
        .post(`/api/v1/evidence/${reviewedOne}/review`)
        .set(verifier.auth)
        .send({ decision: 'rejected', note: 'Hearsay', version: 1 });
      expect(reviewed.status).toBe(200);
      const late = await withdrawEvidence(reviewedOne, monitor, {
        note: 'Take it back',
        version: 2,
      });
      expect(
        expectError(
          late,
          409,
          'Only a pending evidence item can be withdrawn (this one is rejected)',
        ).code,
      ).toBe('wrong_state');

      // Nor once the incident has moved past verification.
      const pending = await testimony(incident.id, monitor, 'Still pending');
      await forceStatus(t, incident.id, 'verified');
      const closed = await withdrawEvidence(pending, monitor, { note: 'Late', version: 1 });
      expectError(closed, 409, 'Evidence of an incident in verified cannot be withdrawn');
    });
  });

  describe('a draft', () => {
    it('is withdrawn by its creator with a note, leaves every action to an admin, and is reopened by one', async () => {
      const incident = await fileIncident(t, monitor, { title: 'Filed by mistake' });
      const noNote = await transition(incident.id, monitor, { action: 'withdraw', version: 1 });
      expectError(noNote, 422, 'A note is required for this action');
      const other = await transition(incident.id, otherMonitor, {
        action: 'withdraw',
        version: 1,
        note: 'Not mine',
      });
      expectError(other, 403, 'Your roles do not allow withdraw');

      const withdrawn = await transition(incident.id, monitor, {
        action: 'withdraw',
        version: 1,
        note: 'Filed twice; see the other draft',
      });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({
        status: 'withdrawn',
        version: 2,
        allowedActions: [],
        dueAt: null,
        overdue: false,
        escalated: false,
      });
      expect((await incidentOf(incident.id, admin)).allowedActions).toEqual(['reopen']);

      // Nothing is deleted, and nothing more can be done to it.
      const edit = await http()
        .patch(`/api/v1/incidents/${incident.id}`)
        .set(monitor.auth)
        .send({ title: 'Changed after all', version: 2 });
      expectError(edit, 409, 'An incident in withdrawn cannot be edited');
      const evidence = await http()
        .post(`/api/v1/incidents/${incident.id}/evidence`)
        .set(monitor.auth)
        .send({ kind: 'testimony', description: 'Late', text: 'x' });
      expectError(evidence, 409, 'Evidence cannot be added to an incident in withdrawn');
      const submit = await transition(incident.id, monitor, { action: 'submit', version: 2 });
      expectError(submit, 409, 'Cannot submit an incident in withdrawn');
      const listed = await http()
        .get('/api/v1/incidents?status=withdrawn&createdBy=me')
        .set(monitor.auth);
      expect(listed.status).toBe(200);
      expect((listed.body as { items: IncidentDto[] }).items.map((item) => item.id)).toEqual([
        incident.id,
      ]);

      const byCreator = await transition(incident.id, monitor, {
        action: 'reopen',
        version: 2,
        note: 'I need it back',
      });
      expectError(byCreator, 403, 'Your roles do not allow reopen');
      const reopened = await transition(incident.id, admin, {
        action: 'reopen',
        version: 2,
        note: 'It was not a duplicate after all',
      });
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ status: 'intake', version: 3 });

      const history = await http()
        .get(`/api/v1/incidents/${incident.id}/history`)
        .set(monitor.auth);
      expect(
        (history.body as { items: { kind: string; actorId: string; data: unknown }[] }).items
          .filter((entry) => entry.kind === 'transition')
          .map(({ actorId, data }) => ({ actorId, data })),
      ).toEqual([
        {
          actorId: monitor.user.id,
          data: {
            action: 'withdraw',
            from: 'intake',
            to: 'withdrawn',
            note: 'Filed twice; see the other draft',
          },
        },
        {
          actorId: admin.user.id,
          data: {
            action: 'reopen',
            from: 'withdrawn',
            to: 'intake',
            note: 'It was not a duplicate after all',
          },
        },
      ]);
    });

    it('is in the workflow served to clients', async () => {
      const response = await http().get('/api/v1/workflow').set(monitor.auth);
      expect(response.status).toBe(200);
      const body = response.body as {
        statuses: string[];
        transitions: { action: string; from: string[]; to: string }[];
      };
      expect(body.statuses).toContain('withdrawn');
      expect(body.transitions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'withdraw', from: ['intake'], to: 'withdrawn' }),
          expect.objectContaining({
            action: 'reopen',
            from: ['rejected', 'retracted', 'withdrawn'],
            to: 'intake',
          }),
        ]),
      );
    });
  });
});
