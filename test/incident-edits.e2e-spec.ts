import request from 'supertest';
import {
  CreatedIncidentDto,
  HistoryEntryDto,
  IncidentDto,
  SimilarIncidentDto,
} from '../src/incidents/dto/incident.dto';
import { IncidentStatus } from '../src/workflow/workflow';
import { createTestApp, TestApp } from './helpers/app';
import {
  addEvidence,
  fileIncident,
  forceStatus,
  incidentRow,
  IncidentRow,
} from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { expectError, expectFieldErrors } from './helpers/errors';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f';
const BAD_ACCESS = 'Missing, invalid, expired or revoked access token';
const daysFromToday = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The view of an incident that GET answers, from the body that POST answered. */
function withoutDuplicates(created: CreatedIncidentDto): IncidentDto {
  const { possibleDuplicates, ...incident } = created;
  expect(Array.isArray(possibleDuplicates)).toBe(true);
  return incident;
}

describe('incident views and edits (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let otherMonitor: Caller;
  let verifier: Caller;
  let otherVerifier: Caller;
  let writer: Caller;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const row = (id: string): Promise<IncidentRow> => incidentRow(t, id);
  const history = async (id: string, caller: Caller = monitor): Promise<HistoryEntryDto[]> => {
    const response = await http().get(`/api/v1/incidents/${id}/history`).set(caller.auth);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ nextCursor: null });
    return response.body.items as HistoryEntryDto[];
  };

  beforeAll(async () => {
    t = await createTestApp();
    [admin, monitor, otherMonitor, verifier, otherVerifier, writer] = await Promise.all([
      signIn(t, 'admin'),
      signIn(t, 'monitor'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('GET /api/v1/incidents/:id', () => {
    let created: CreatedIncidentDto;
    beforeAll(async () => {
      created = (await fileIncident(t, monitor, {
        title: 'Read access check',
      })) as CreatedIncidentDto;
    });

    it.each<[string, () => Caller, string[]]>([
      ['its creator', () => monitor, ['submit', 'withdraw']],
      ['another monitor', () => otherMonitor, []],
      ['a verifier', () => verifier, []],
      ['a writer', () => writer, []],
      ['an admin', () => admin, ['submit', 'withdraw']],
    ])(
      'answers 200 to %s, with the allowedActions of that caller',
      async (_who, caller, actions) => {
        const response = await http().get(`/api/v1/incidents/${created.id}`).set(caller().auth);

        expect(response.status).toBe(200);
        expect(response.body).toStrictEqual({
          ...withoutDuplicates(created),
          allowedActions: actions,
        });
      },
    );

    it('answers 400 to a malformed UUID', async () => {
      const response = await http().get('/api/v1/incidents/not-a-uuid').set(monitor.auth);
      expectError(response, 400, 'id must be a UUID');
    });

    it('answers 404 to an unknown UUID', async () => {
      const response = await http().get(`/api/v1/incidents/${UNKNOWN_ID}`).set(monitor.auth);
      expectError(response, 404, 'Incident not found');
    });

    it('answers 401 without a token', async () => {
      const response = await http().get(`/api/v1/incidents/${created.id}`);
      expectError(response, 401, BAD_ACCESS);
    });
  });

  describe('PATCH /api/v1/incidents/:id', () => {
    const patch = (id: string, caller: Caller, body: Record<string, unknown>): request.Test =>
      http().patch(`/api/v1/incidents/${id}`).set(caller.auth).send(body);

    it('lets the creator edit in intake (200, version+1, history with old and new values)', async () => {
      const created = await fileIncident(t, monitor, { title: 'Original title', tags: ['a'] });

      const response = await patch(created.id, monitor, {
        title: 'Corrected title',
        tags: ['a', 'b'],
        summary: created.summary,
        version: 1,
      });

      expect(response.status).toBe(200);
      const updated = response.body as IncidentDto;
      expect(updated).toStrictEqual({
        ...withoutDuplicates(created as CreatedIncidentDto),
        title: 'Corrected title',
        tags: ['a', 'b'],
        version: 2,
        updatedAt: expect.stringMatching(ISO),
      });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      expect(await row(created.id)).toMatchObject({
        title: 'Corrected title',
        tags: ['a', 'b'],
        version: 2,
        history: 2,
      });
      const entries = await history(created.id);
      expect(entries[entries.length - 1]).toEqual({
        id: expect.any(String),
        at: expect.stringMatching(ISO),
        actorId: monitor.user.id,
        kind: 'edited',
        data: {
          changes: {
            title: { old: 'Original title', new: 'Corrected title' },
            tags: { old: ['a'], new: ['a', 'b'] },
          },
        },
      });
    });

    it('answers 409 to a stale version and changes nothing', async () => {
      const created = await fileIncident(t, monitor, { title: 'Stale edit target' });
      expect((await patch(created.id, monitor, { title: 'First edit', version: 1 })).status).toBe(
        200,
      );
      const before = await row(created.id);

      const response = await patch(created.id, monitor, { title: 'Second edit', version: 1 });

      expectError(response, 409);
      expect(await row(created.id)).toEqual(before);
      expect(before).toMatchObject({ title: 'First edit', version: 2, history: 2 });
    });

    it('answers 403 to another monitor (object-level access) and changes nothing', async () => {
      const created = await fileIncident(t, monitor, { title: 'Not yours to edit' });
      const before = await row(created.id);

      const response = await patch(created.id, otherMonitor, { title: 'Hijacked', version: 1 });

      expectError(response, 403);
      expect(await row(created.id)).toEqual(before);
    });

    it('lets an admin edit an incident in intake', async () => {
      const created = await fileIncident(t, monitor, { title: 'Admin will fix this' });

      const response = await patch(created.id, admin, { title: 'Fixed by admin', version: 1 });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ title: 'Fixed by admin', version: 2 });
      const entries = await history(created.id);
      expect(entries[entries.length - 1]).toMatchObject({
        actorId: admin.user.id,
        kind: 'edited',
        data: { changes: { title: { old: 'Admin will fix this', new: 'Fixed by admin' } } },
      });
    });

    // In verification only the public text may change, and only writers and admins write it.
    it.each<[string, () => Caller, number]>([
      ['its creator', () => monitor, 403],
      ['another monitor', () => otherMonitor, 403],
      ['a verifier', () => verifier, 403],
      ['a writer', () => writer, 409],
      ['an admin', () => admin, 409],
    ])(
      'answers %s in in_verification %s for a title and changes nothing',
      async (_who, caller, status) => {
        const created = await fileIncident(t, monitor, { title: 'Under verification' });
        const version = await forceStatus(t, created.id, 'in_verification');
        const before = await row(created.id);

        const response = await patch(created.id, caller(), { title: 'Changed', version });

        expectError(response, status);
        expect(await row(created.id)).toEqual(before);
      },
    );

    describe('in verified', () => {
      let id: string;
      let version: number;
      beforeEach(async () => {
        const created = await fileIncident(t, monitor, { title: 'Verified incident' });
        id = created.id;
        version = await forceStatus(t, id, 'verified');
      });

      it('lets a writer set publicSummary (200, version+1, history)', async () => {
        const response = await patch(id, writer, {
          publicSummary: 'Workers were sent abroad in breach of OP8.',
          version,
        });

        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          status: 'verified',
          publicSummary: 'Workers were sent abroad in breach of OP8.',
          title: 'Verified incident',
          version: version + 1,
        });
        expect(await row(id)).toMatchObject({
          public_summary: 'Workers were sent abroad in breach of OP8.',
          version: version + 1,
        });
        const entries = await history(id);
        expect(entries[entries.length - 1]).toMatchObject({
          actorId: writer.user.id,
          kind: 'edited',
          data: {
            changes: {
              publicSummary: {
                old: 'Public text',
                new: 'Workers were sent abroad in breach of OP8.',
              },
            },
          },
        });
      });

      it.each<[string, Record<string, unknown>]>([
        ['the title', { title: 'Renamed' }],
        ['the summary', { summary: 'Rewritten' }],
        ['publicSummary together with tags', { publicSummary: 'Text', tags: ['x'] }],
      ])('answers 409 to a writer changing %s, and changes nothing', async (_what, fields) => {
        const before = await row(id);

        const response = await patch(id, writer, { ...fields, version });

        expectError(response, 409);
        expect(await row(id)).toEqual(before);
      });

      it.each<[string, () => Caller]>([
        ['its creator (a monitor)', () => monitor],
        ['a verifier', () => verifier],
      ])('answers 403 to %s setting publicSummary, and changes nothing', async (_who, caller) => {
        const before = await row(id);

        const response = await patch(id, caller(), { publicSummary: 'Not mine', version });

        expectError(response, 403);
        expect(await row(id)).toEqual(before);
      });
    });

    it.each<IncidentStatus>(['published', 'rejected', 'retracted'])(
      'answers 409 to every edit in %s, and changes nothing',
      async (status) => {
        const created = await fileIncident(t, monitor, { title: `Closed in ${status}` });
        const version = await forceStatus(t, created.id, status);
        const before = await row(created.id);

        for (const [caller, body] of [
          [monitor, { title: 'Changed' }],
          [admin, { title: 'Changed' }],
          [writer, { publicSummary: 'Changed' }],
          [admin, { publicSummary: 'Changed' }],
        ] as const) {
          expectError(await patch(created.id, caller, { ...body, version }), 409);
        }
        expect(await row(created.id)).toEqual(before);
      },
    );

    it('answers 400 to a body with only the version, and changes nothing', async () => {
      const created = await fileIncident(t, monitor, { title: 'Nothing to change' });
      const before = await row(created.id);

      const response = await patch(created.id, monitor, { version: 1 });

      expectError(response, 400);
      expect(await row(created.id)).toEqual(before);
    });

    it('answers 400 naming version to a body without one', async () => {
      const created = await fileIncident(t, monitor, { title: 'No version given' });

      const response = await patch(created.id, monitor, { title: 'Changed' });

      expectFieldErrors(response, ['version']);
      expect(await row(created.id)).toMatchObject({ title: 'No version given', version: 1 });
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['a title under 3 characters', { title: 'ab' }, ['title']],
      ['an unknown field', { status: 'verified' }, ['status']],
      ['an unknown category', { category: 'no_such_category' }, ['category']],
      ['occurredTo before the stored occurredFrom', { occurredTo: '2025-01-01' }, ['occurredTo']],
      ['a future occurredTo', { occurredTo: daysFromToday(2) }, ['occurredTo']],
      ['a null title', { title: null }, ['title']],
      ['a null summary', { summary: null }, ['summary']],
      ['null tags', { tags: null }, ['tags']],
      ['null locations', { locations: null }, ['locations']],
      ['a null datePrecision', { datePrecision: null }, ['datePrecision']],
    ])('answers 400 naming the field to %s, and changes nothing', async (_case, fields, names) => {
      const created = await fileIncident(t, monitor, { title: 'Validated edit' });
      const before = await row(created.id);

      const response = await patch(created.id, monitor, { ...fields, version: 1 });

      expectFieldErrors(response, names);
      expect(await row(created.id)).toEqual(before);
    });

    it('counts a shared country only within 90 days: near in time yes, a year away no', async () => {
      const shared = {
        summary: 'Workers from the DPRK were seen boarding a bus to a timber yard near Tynda.',
        category: 'overseas_labor',
        locations: [{ role: 'occurrence', countryCode: 'RU', placeName: 'Tynda' }],
        title: 'DPRK timber workers bussed to a yard near Tynda',
      };
      const subject = await fileIncident(t, monitor, {
        ...shared,
        occurredFrom: '2024-06-01',
        occurredTo: '2024-06-01',
      });
      const weeksLater = await fileIncident(t, otherMonitor, {
        ...shared,
        occurredFrom: '2024-07-20',
        occurredTo: '2024-07-21',
      });
      await fileIncident(t, otherMonitor, {
        ...shared,
        occurredFrom: '2025-06-01',
        occurredTo: '2025-06-01',
      });

      const response = await http().get(`/api/v1/incidents/${subject.id}/similar`).set(writer.auth);
      expect(response.status).toBe(200);
      expect((response.body as SimilarIncidentDto[]).map((item) => item.id)).toEqual([
        weeksLater.id,
      ]);
    });

    it('answers 404 to an unknown incident and 400 to a malformed id', async () => {
      expectError(await patch(UNKNOWN_ID, admin, { title: 'Changed', version: 1 }), 404);
      expectError(
        await patch('123', admin, { title: 'Changed', version: 1 }),
        400,
        'id must be a UUID',
      );
    });
  });

  describe('POST /api/v1/incidents/:id/assign', () => {
    const assign = (id: string, caller: Caller, body: Record<string, unknown>): request.Test =>
      http().post(`/api/v1/incidents/${id}/assign`).set(caller.auth).send(body);
    let id: string;
    let version: number;
    beforeEach(async () => {
      const created = await fileIncident(t, monitor, { title: 'Assignment target' });
      id = created.id;
      version = await forceStatus(t, id, 'in_verification');
    });

    it('lets a verifier assign themselves (200, assigneeId, history "assigned")', async () => {
      const response = await assign(id, verifier, { assigneeId: verifier.user.id, version });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id,
        assigneeId: verifier.user.id,
        version: version + 1,
        status: 'in_verification',
      });
      expect(await row(id)).toMatchObject({ assignee_id: verifier.user.id, version: version + 1 });
      const entries = await history(id);
      expect(entries[entries.length - 1]).toEqual({
        id: expect.any(String),
        at: expect.stringMatching(ISO),
        actorId: verifier.user.id,
        kind: 'assigned',
        data: { old: null, new: verifier.user.id },
      });
    });

    it('answers 403 to a verifier assigning someone else, and changes nothing', async () => {
      const before = await row(id);

      const response = await assign(id, verifier, { assigneeId: otherVerifier.user.id, version });

      expectError(response, 403);
      expect(await row(id)).toEqual(before);
    });

    it('lets an admin assign a verifier (200)', async () => {
      const response = await assign(id, admin, { assigneeId: otherVerifier.user.id, version });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        assigneeId: otherVerifier.user.id,
        version: version + 1,
      });
      const entries = await history(id);
      expect(entries[entries.length - 1]).toMatchObject({
        actorId: admin.user.id,
        kind: 'assigned',
        data: { old: null, new: otherVerifier.user.id },
      });
    });

    it.each<[string, () => string]>([
      ['a monitor', () => monitor.user.id],
      ['a writer', () => writer.user.id],
      ['an unknown user', () => UNKNOWN_ID],
    ])('answers 422 to an admin assigning %s, and changes nothing', async (_who, assignee) => {
      const before = await row(id);

      const response = await assign(id, admin, { assigneeId: assignee(), version });

      expectError(response, 422, /verifier/);
      expect(await row(id)).toEqual(before);
    });

    it('answers 409 to a stale version, and changes nothing', async () => {
      expect((await assign(id, verifier, { assigneeId: verifier.user.id, version })).status).toBe(
        200,
      );
      const before = await row(id);

      const response = await assign(id, admin, { assigneeId: otherVerifier.user.id, version });

      expectError(response, 409);
      expect(await row(id)).toEqual(before);
    });

    it.each<[string, () => Caller]>([
      ['a monitor', () => monitor],
      ['a writer', () => writer],
    ])('answers 403 to %s, and changes nothing', async (_who, caller) => {
      const before = await row(id);

      const response = await assign(id, caller(), { assigneeId: caller().user.id, version });

      expectError(response, 403);
      expect(await row(id)).toEqual(before);
    });

    it('answers 400 to a malformed assigneeId and 404 to an unknown incident', async () => {
      expectFieldErrors(await assign(id, admin, { assigneeId: 'nobody', version }), ['assigneeId']);
      expectError(
        await assign(UNKNOWN_ID, admin, { assigneeId: verifier.user.id, version: 1 }),
        404,
      );
    });
  });

  describe('GET /api/v1/incidents/:id/history', () => {
    it('shows creation, edits with old and new values, assignment and transitions with notes, in order', async () => {
      const created = await fileIncident(t, monitor, { title: 'Timeline subject' });
      const transition = async (caller: Caller, body: Record<string, unknown>): Promise<void> => {
        const response = await http()
          .post(`/api/v1/incidents/${created.id}/transitions`)
          .set(caller.auth)
          .send(body);
        expect(response.status).toBe(200);
      };
      const edited = await http()
        .patch(`/api/v1/incidents/${created.id}`)
        .set(monitor.auth)
        .send({ title: 'Timeline subject, corrected', version: 1 });
      expect(edited.status).toBe(200);
      const assigned = await http()
        .post(`/api/v1/incidents/${created.id}/assign`)
        .set(admin.auth)
        .send({ assigneeId: verifier.user.id, version: 2 });
      expect(assigned.status).toBe(200);
      await addEvidence(t, created.id, monitor.user.id, [{ status: 'pending' }]);
      await transition(monitor, { action: 'submit', version: 3, note: 'Ready for review' });
      await transition(verifier, {
        action: 'request_changes',
        version: 4,
        note: 'Needs a second source',
      });

      const entries = await history(created.id, writer);

      const at = { id: expect.any(String), at: expect.stringMatching(ISO) };
      expect(entries).toEqual([
        {
          ...at,
          actorId: monitor.user.id,
          kind: 'created',
          data: { reference: created.reference },
        },
        {
          ...at,
          actorId: monitor.user.id,
          kind: 'edited',
          data: {
            changes: { title: { old: 'Timeline subject', new: 'Timeline subject, corrected' } },
          },
        },
        {
          ...at,
          actorId: admin.user.id,
          kind: 'assigned',
          data: { old: null, new: verifier.user.id },
        },
        {
          ...at,
          actorId: monitor.user.id,
          kind: 'transition',
          data: {
            action: 'submit',
            from: 'intake',
            to: 'in_verification',
            note: 'Ready for review',
          },
        },
        {
          ...at,
          actorId: verifier.user.id,
          kind: 'transition',
          data: {
            action: 'request_changes',
            from: 'in_verification',
            to: 'intake',
            note: 'Needs a second source',
          },
        },
      ]);
      const times = entries.map((entry) => Date.parse(entry.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it('answers 404 to an unknown incident and 400 to a malformed id', async () => {
      expectError(
        await http().get(`/api/v1/incidents/${UNKNOWN_ID}/history`).set(monitor.auth),
        404,
        'Incident not found',
      );
      expectError(
        await http().get('/api/v1/incidents/zzz/history').set(monitor.auth),
        400,
        'id must be a UUID',
      );
    });
  });
});
