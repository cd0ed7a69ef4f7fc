import request from 'supertest';
import { EvidenceDto } from '../src/evidence/dto/evidence.dto';
import { HistoryEntryDto, IncidentDto } from '../src/incidents/dto/incident.dto';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident, incidentBody } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

/** The rules of spec 6 and 8 on who may write what, where the black-box review bypassed them. */
describe('case rules (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let otherMonitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());

  const submit = async (incident: IncidentDto): Promise<IncidentDto> => {
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(monitor.auth)
      .send({ action: 'submit', version: incident.version });
    expect(response.status).toBe(200);
    return response.body as IncidentDto;
  };
  const addSource = (caller: Caller, incidentId: string, body: Record<string, unknown> = {}) =>
    http()
      .post(`/api/v1/incidents/${incidentId}/sources`)
      .set(caller.auth)
      .send({
        kind: 'media',
        name: 'Daily NK',
        reliability: 'B',
        credibility: 2,
        confidential: false,
        ...body,
      });

  beforeAll(async () => {
    t = await createTestApp();
    [monitor, otherMonitor, verifier, writer, admin] = await Promise.all([
      signIn(t, 'monitor'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
      signIn(t, 'admin'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('sources of an incident in verification', () => {
    let incident: IncidentDto;
    let sourceId: string;

    beforeAll(async () => {
      incident = await fileIncident(t, monitor, { title: 'Sources under verification' });
      const added = await addSource(monitor, incident.id);
      expect(added.status).toBe(201);
      sourceId = (added.body as { id: string }).id;
      incident = await submit(incident);
    });

    it('another monitor may neither add nor change them (403), and nothing changes', async () => {
      expectError(await addSource(otherMonitor, incident.id), 403, /creator.*verifier.*admin/);
      expectError(
        await http()
          .patch(`/api/v1/sources/${sourceId}`)
          .set(otherMonitor.auth)
          .send({ independenceGroup: 'split', version: 1 }),
        403,
      );
      const sources = await http().get(`/api/v1/incidents/${incident.id}/sources`).set(admin.auth);
      expect((sources.body as { items: { independenceGroup: string }[] }).items).toEqual([
        expect.objectContaining({ id: sourceId, independenceGroup: sourceId, version: 1 }),
      ]);
    });

    it('its creator, a verifier and an admin may add one', async () => {
      for (const caller of [monitor, verifier, admin]) {
        const added = await addSource(caller, incident.id, { name: `Added by ${caller.user.id}` });
        expect(added.status).toBe(201);
        expect(added.body).toMatchObject({ incidentId: incident.id, createdBy: caller.user.id });
      }
    });

    it('a verifier may not add one to an incident in intake that is not theirs (403)', async () => {
      const draft = await fileIncident(t, monitor, { title: 'Still a draft' });
      expectError(await addSource(verifier, draft.id), 403, /creator.*admin/);
    });
  });

  describe('regrading a source sends its reviewed evidence back to pending', () => {
    let incident: IncidentDto;
    let sourceId: string;
    let evidenceId: string;

    beforeAll(async () => {
      incident = await fileIncident(t, monitor, { title: 'Corroboration judged on what was seen' });
      sourceId = ((await addSource(monitor, incident.id)).body as { id: string }).id;
      const evidence = await http()
        .post(`/api/v1/incidents/${incident.id}/evidence`)
        .set(monitor.auth)
        .send({
          kind: 'testimony',
          description: 'Account',
          sourceId,
          text: 'A witness saw the bus',
        });
      evidenceId = (evidence.body as EvidenceDto).id;
      incident = await submit(incident);
      const reviewed = await http()
        .post(`/api/v1/evidence/${evidenceId}/review`)
        .set(verifier.auth)
        .send({ decision: 'approved', note: 'Consistent', version: 1 });
      expect(reviewed.status).toBe(200);
    });

    it('changing the independence group reopens the review, in history and custody', async () => {
      const changed = await http()
        .patch(`/api/v1/sources/${sourceId}`)
        .set(monitor.auth)
        .send({ independenceGroup: 'a-second-group', version: 1 });
      expect(changed.status).toBe(200);
      const item = await http().get(`/api/v1/evidence/${evidenceId}`).set(verifier.auth);
      expect(item.body).toMatchObject({
        status: 'pending',
        reviewNote: null,
        reviewedBy: null,
        version: 3,
      });
      const custody = await http().get(`/api/v1/evidence/${evidenceId}/custody`).set(verifier.auth);
      expect(custody.body).toMatchObject({ nextCursor: null });
      expect((custody.body.items as { action: string }[]).map((event) => event.action)).toEqual([
        'added',
        'reviewed',
        'review_reopened',
      ]);
      const history = await http()
        .get(`/api/v1/incidents/${incident.id}/history`)
        .set(verifier.auth);
      expect(history.body.items as HistoryEntryDto[]).toContainEqual(
        expect.objectContaining({
          kind: 'edited',
          actorId: monitor.user.id,
          data: expect.objectContaining({
            source: expect.objectContaining({ id: sourceId, fields: ['independenceGroup'] }),
            evidenceReopened: [evidenceId],
          }),
        }),
      );
      const [audit] = await t.dataSource.query<{ data: Record<string, unknown> }[]>(
        `SELECT data FROM audit_events WHERE action = 'source.updated' AND entity_id = $1`,
        [sourceId],
      );
      expect(audit.data).toMatchObject({
        fields: ['independenceGroup'],
        evidenceReopened: [evidenceId],
      });
    });

    it('so the incident cannot be verified until the evidence is reviewed again (422)', async () => {
      const current = (await http().get(`/api/v1/incidents/${incident.id}`).set(verifier.auth))
        .body as IncidentDto;
      expectError(
        await http()
          .post(`/api/v1/incidents/${incident.id}/transitions`)
          .set(verifier.auth)
          .send({ action: 'verify', version: current.version, confidence: 'likely' }),
        422,
        /pending/,
      );
    });

    it('changing only the name or notes leaves the review alone', async () => {
      const again = await http()
        .post(`/api/v1/evidence/${evidenceId}/review`)
        .set(verifier.auth)
        .send({ decision: 'approved', note: 'Still consistent', version: 3 });
      expect(again.status).toBe(200);
      const renamed = await http()
        .patch(`/api/v1/sources/${sourceId}`)
        .set(monitor.auth)
        .send({ name: 'Daily NK (Seoul)', notes: 'same outlet', version: 2 });
      expect(renamed.status).toBe(200);
      const item = await http().get(`/api/v1/evidence/${evidenceId}`).set(verifier.auth);
      expect(item.body).toMatchObject({ status: 'approved', reviewNote: 'Still consistent' });
    });
  });

  describe('the public text is written by writers and admins only', () => {
    it('a monitor sending publicSummary on intake is 403 and files nothing', async () => {
      const before = await t.dataSource.query<{ count: string }[]>(
        'SELECT count(*) FROM incidents',
      );
      expectError(
        await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send(incidentBody({ publicSummary: 'Unread text for the public' })),
        403,
        /writers and admins/,
      );
      const after = await t.dataSource.query<{ count: string }[]>('SELECT count(*) FROM incidents');
      expect(after).toEqual(before);
    });

    it('a monitor editing publicSummary of their own draft is 403', async () => {
      const draft = await fileIncident(t, monitor, { title: 'A draft of mine' });
      expectError(
        await http()
          .patch(`/api/v1/incidents/${draft.id}`)
          .set(monitor.auth)
          .send({ publicSummary: 'Sneaked in', version: draft.version }),
        403,
        /writers and admins/,
      );
    });

    it('a writer may set it while in verification, and nothing else (409)', async () => {
      const draft = await fileIncident(t, monitor, { title: 'Public text in verification' });
      expect((await addSource(monitor, draft.id)).status).toBe(201);
      const incident = await submit(draft);
      expect(incident.status).toBe('in_verification');
      expectError(
        await http()
          .patch(`/api/v1/incidents/${incident.id}`)
          .set(writer.auth)
          .send({ title: 'A new title', version: incident.version }),
        409,
        /public text/,
      );
      const written = await http()
        .patch(`/api/v1/incidents/${incident.id}`)
        .set(writer.auth)
        .send({ publicSummary: 'Written by a writer', version: incident.version });
      expect(written.status).toBe(200);
      expect(written.body).toMatchObject({
        publicSummary: 'Written by a writer',
        version: incident.version + 1,
      });
      expectError(
        await http()
          .patch(`/api/v1/incidents/${incident.id}`)
          .set(monitor.auth)
          .send({ publicSummary: 'Overwritten by its monitor', version: incident.version + 1 }),
        403,
      );
    });

    it('an admin may file an incident with its public text', async () => {
      const response = await http()
        .post('/api/v1/incidents')
        .set(admin.auth)
        .send(incidentBody({ publicSummary: 'Written by an admin' }));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        publicSummary: 'Written by an admin',
        createdBy: admin.user.id,
      });
    });
  });

  describe('the creator is never the assignee', () => {
    it('an admin assigning the creator (who holds verifier) is 422, and nothing changes', async () => {
      const both = await signIn(t, 'monitor', 'verifier');
      const incident = await fileIncident(t, both, { title: 'Filed by a monitor who verifies' });
      expectError(
        await http()
          .post(`/api/v1/incidents/${incident.id}/assign`)
          .set(admin.auth)
          .send({ assigneeId: both.user.id, version: incident.version }),
        422,
        /creator/,
      );
      expectError(
        await http()
          .post(`/api/v1/incidents/${incident.id}/assign`)
          .set(both.auth)
          .send({ assigneeId: both.user.id, version: incident.version }),
        422,
        /creator/,
      );
      const after = await http().get(`/api/v1/incidents/${incident.id}`).set(admin.auth);
      expect(after.body).toMatchObject({ assigneeId: null, version: incident.version });
      const other = await http()
        .post(`/api/v1/incidents/${incident.id}/assign`)
        .set(admin.auth)
        .send({ assigneeId: verifier.user.id, version: incident.version });
      expect(other.status).toBe(200);
      expect(other.body).toMatchObject({ assigneeId: verifier.user.id });
    });
  });
});
