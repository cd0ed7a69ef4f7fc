import request, { Response } from 'supertest';
import {
  CreatedIncidentDto,
  HistoryEntryDto,
  IncidentDto,
  IncidentPageDto,
  IncidentStatsDto,
  SimilarIncidentDto,
} from '../src/incidents/dto/incident.dto';
import { IncidentStatus } from '../src/workflow/workflow';
import { createTestApp, TestApp } from './helpers/app';
import { addEvidence, fileIncident, forceStatus, incidentBody } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { expectError } from './helpers/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f';
const BAD_ACCESS = 'Missing, invalid, expired or revoked access token';
const YEAR = new Date().getUTCFullYear();
const ZERO_COUNTS = {
  sources: 0,
  evidence: 0,
  evidencePending: 0,
  evidenceApproved: 0,
  evidenceRejected: 0,
};
/** Asserts a 400 whose details name exactly these fields, each with at least one message. */
function expectFieldErrors(response: Response, fields: string[]): void {
  const body = expectError(response, 400);
  const details = body.details as { field: string; errors: string[] }[];
  expect(details.map((detail) => detail.field).sort()).toEqual([...fields].sort());
  for (const detail of details) {
    expect(detail.errors.length).toBeGreaterThan(0);
    for (const error of detail.errors) expect(error).toEqual(expect.any(String));
  }
}

const daysFromToday = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The view of an incident that GET answers, from the body that POST answered. */
function withoutDuplicates(created: CreatedIncidentDto): IncidentDto {
  const { possibleDuplicates, ...incident } = created;
  expect(Array.isArray(possibleDuplicates)).toBe(true);
  return incident;
}

interface IncidentRow {
  status: IncidentStatus;
  version: number;
  title: string;
  summary: string;
  public_summary: string;
  tags: string[];
  assignee_id: string | null;
  updated_at: Date;
  history: number;
}

describe('incidents (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let otherMonitor: Caller;
  let verifier: Caller;
  let otherVerifier: Caller;
  let writer: Caller;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const row = async (id: string): Promise<IncidentRow> => {
    const [found] = await t.dataSource.query<IncidentRow[]>(
      `SELECT status, version, title, summary, public_summary, tags, assignee_id, updated_at,
              (SELECT count(*)::int FROM incident_history h WHERE h.incident_id = i.id) AS history
         FROM incidents i WHERE id = $1`,
      [id],
    );
    return found;
  };
  const incidentCount = async (): Promise<number> => {
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM incidents',
    );
    return count;
  };
  const history = async (id: string, caller: Caller = monitor): Promise<HistoryEntryDto[]> => {
    const response = await http().get(`/api/v1/incidents/${id}/history`).set(caller.auth);
    expect(response.status).toBe(200);
    return response.body as HistoryEntryDto[];
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

  describe('POST /api/v1/incidents', () => {
    it('files an incident in intake (201) with reference, version 1, allowedActions and zero counts', async () => {
      const input = incidentBody({
        title: 'Garment factory in Dandong finishing clothes from Sinuiju',
        summary: 'Labels are switched before export; about 300 pieces a week.',
        category: 'textile_export',
        provisions: ['UNSCR-2375'],
        tags: ['textiles'],
      });

      const response = await http().post('/api/v1/incidents').set(monitor.auth).send(input);

      expect(response.status).toBe(201);
      const created = response.body as CreatedIncidentDto;
      expect(created).toStrictEqual({
        id: expect.stringMatching(UUID),
        reference: expect.stringMatching(new RegExp(`^INC-${YEAR}-\\d{4}$`)),
        status: 'intake',
        version: 1,
        title: input.title,
        summary: input.summary,
        publicSummary: '',
        regime: 'UN-1718',
        category: 'textile_export',
        provisions: ['UNSCR-2375'],
        occurredFrom: '2025-01-12',
        occurredTo: '2025-01-29',
        datePrecision: 'day',
        locations: input.locations,
        actors: input.actors,
        quantities: input.quantities,
        tags: ['textiles'],
        confidence: null,
        assigneeId: null,
        createdBy: monitor.user.id,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
        submittedAt: null,
        verifiedAt: null,
        publishedAt: null,
        allowedActions: ['submit'],
        counts: ZERO_COUNTS,
        possibleDuplicates: [],
      });
      const stored = await row(created.id);
      expect(stored).toMatchObject({ status: 'intake', version: 1, title: input.title });
      expect(await history(created.id)).toEqual([
        {
          id: expect.any(String),
          at: expect.stringMatching(ISO),
          actorId: monitor.user.id,
          kind: 'created',
          data: { reference: created.reference },
        },
      ]);
      const audit = await t.dataSource.query<{ actor_id: string; action: string }[]>(
        'SELECT actor_id, action FROM audit_events WHERE entity_id = $1',
        [created.id],
      );
      expect(audit).toEqual([{ actor_id: monitor.user.id, action: 'incident.created' }]);
      const outbox = await t.dataSource.query<{ type: string }[]>(
        'SELECT type FROM outbox_events WHERE aggregate_id = $1',
        [created.id],
      );
      expect(outbox).toEqual([{ type: 'incident.created' }]);
    });

    it('numbers references INC-<year>-NNNN, one higher with each create', async () => {
      const numbers: number[] = [];
      for (const caller of [monitor, admin, otherMonitor]) {
        const created = await fileIncident(t, caller, {
          title: `Numbering check ${numbers.length}`,
        });
        const match = new RegExp(`^INC-${YEAR}-(\\d{4})$`).exec(created.reference);
        expect(match).not.toBeNull();
        numbers.push(Number(match![1]));
      }
      expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2]);
    });

    it('lets an admin file too, with submit allowed for the admin', async () => {
      const response = await http()
        .post('/api/v1/incidents')
        .set(admin.auth)
        .send(incidentBody({ title: 'Filed by an admin' }));

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        status: 'intake',
        version: 1,
        createdBy: admin.user.id,
        allowedActions: ['submit'],
      });
    });

    it('lists a near-duplicate as a possible duplicate with a score between 0 and 1', async () => {
      const base = {
        category: 'seafood_export',
        summary: 'Fishing rights around Sinpo were sold to foreign trawlers for the squid season.',
        occurredFrom: '2024-08-01',
        occurredTo: '2024-08-31',
        locations: [{ role: 'occurrence', countryCode: 'KP', placeName: 'Sinpo' }],
      };
      const firstResponse = await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .send(incidentBody({ ...base, title: 'Squid fishing rights sold to foreign trawlers' }));
      expect(firstResponse.status).toBe(201);
      const first = firstResponse.body as CreatedIncidentDto;
      expect(first.possibleDuplicates).toEqual([]);

      const secondResponse = await http()
        .post('/api/v1/incidents')
        .set(otherMonitor.auth)
        .send(incidentBody({ ...base, title: 'Squid fishing rights sold to foreign fleets' }));

      expect(secondResponse.status).toBe(201);
      const second = secondResponse.body as CreatedIncidentDto;
      expect(second.possibleDuplicates).toEqual([
        {
          id: first.id,
          reference: first.reference,
          title: 'Squid fishing rights sold to foreign trawlers',
          status: 'intake',
          category: 'seafood_export',
          occurredFrom: '2024-08-01',
          occurredTo: '2024-08-31',
          score: expect.any(Number),
        },
      ]);
      const [duplicate] = second.possibleDuplicates;
      expect(duplicate.score).toBeGreaterThan(0);
      expect(duplicate.score).toBeLessThan(1);
    });

    it.each<[string, () => Caller]>([
      ['writer', () => writer],
      ['verifier', () => verifier],
    ])('refuses a %s (403) and files nothing', async (_role, caller) => {
      const before = await incidentCount();
      const response = await http()
        .post('/api/v1/incidents')
        .set(caller().auth)
        .send(incidentBody());

      expectError(response, 403);
      expect(await incidentCount()).toBe(before);
    });

    it('answers 401 without a token and files nothing', async () => {
      const before = await incidentCount();
      const response = await http().post('/api/v1/incidents').send(incidentBody());

      expectError(response, 401, BAD_ACCESS);
      expect(await incidentCount()).toBe(before);
    });

    const future = daysFromToday(2);
    const many = <T>(count: number, make: (i: number) => T): T[] =>
      Array.from({ length: count }, (_, i) => make(i));

    it.each<[string, Record<string, unknown>, string[]]>([
      ['a title under 3 characters', { title: 'ab' }, ['title']],
      ['a title of 2 characters padded with spaces', { title: '   ab   ' }, ['title']],
      ['a title over 200 characters', { title: 'x'.repeat(201) }, ['title']],
      ['no title', { title: undefined }, ['title']],
      ['an unknown field', { severity: 'high' }, ['severity']],
      ['an unknown regime code', { regime: 'UN-9999' }, ['regime']],
      ['an unknown category code', { category: 'no_such_category' }, ['category']],
      ['an unknown provision code', { provisions: ['UNSCR-9999-OP1'] }, ['provisions']],
      [
        'a provision of another regime',
        { regime: 'UN-1267', provisions: ['UNSCR-2397-OP8'] },
        ['provisions'],
      ],
      [
        'a country code that is not ISO 3166-1 alpha-2',
        { locations: [{ role: 'origin', countryCode: 'XX' }] },
        ['locations.0.countryCode'],
      ],
      [
        'occurredTo before occurredFrom',
        { occurredFrom: '2025-01-29', occurredTo: '2025-01-12' },
        ['occurredTo'],
      ],
      ['an occurredTo in the future', { occurredTo: future }, ['occurredTo']],
      [
        'both dates in the future',
        { occurredFrom: future, occurredTo: future },
        ['occurredFrom', 'occurredTo'],
      ],
      [
        'an impossible date (2025-02-30)',
        { occurredFrom: '2025-02-30', occurredTo: '2025-03-02' },
        ['occurredFrom'],
      ],
      ['a date not in YYYY-MM-DD', { occurredFrom: '12/01/2025' }, ['occurredFrom']],
      [
        'more than 50 locations',
        { locations: many(51, () => ({ role: 'transit', countryCode: 'CN' })) },
        ['locations'],
      ],
      [
        'more than 100 actors',
        { actors: many(101, (i) => ({ name: `Actor ${i}`, type: 'person' })) },
        ['actors'],
      ],
      [
        'more than 20 quantities',
        { quantities: many(21, (i) => ({ value: i, unit: 'workers', approximate: false })) },
        ['quantities'],
      ],
      ['more than 30 tags', { tags: many(31, (i) => `tag-${i}`) }, ['tags']],
      ['a tag that is not a lower-case slug', { tags: ['Labor Export'] }, ['tags']],
      ['an upper-case tag', { tags: ['Russia'] }, ['tags']],
      [
        'a negative quantity',
        { quantities: [{ value: -1, unit: 'workers', approximate: false }] },
        ['quantities.0.value'],
      ],
      [
        'latitude 91',
        { locations: [{ role: 'occurrence', countryCode: 'RU', latitude: 91, longitude: 30 }] },
        ['locations.0.latitude'],
      ],
      [
        'longitude -181',
        { locations: [{ role: 'occurrence', countryCode: 'RU', latitude: 43, longitude: -181 }] },
        ['locations.0.longitude'],
      ],
      [
        'an IMO number with a wrong check digit',
        { actors: [{ name: 'Chon Ma San', type: 'vessel', imoNumber: '9074728' }] },
        ['actors.0.imoNumber'],
      ],
      [
        'an IMO number that is not seven digits',
        { actors: [{ name: 'Chon Ma San', type: 'vessel', imoNumber: 'IMO9074729' }] },
        ['actors.0.imoNumber'],
      ],
    ])(
      'answers 400 naming the field to %s, and files nothing',
      async (_case, overrides, fields) => {
        const before = await incidentCount();
        const response = await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send(incidentBody(overrides));

        expectFieldErrors(response, fields);
        expect(await incidentCount()).toBe(before);
      },
    );

    it('accepts every limit at its boundary (201)', async () => {
      const today = daysFromToday(0);
      const input = incidentBody({
        title: 'x'.repeat(200),
        occurredFrom: today,
        occurredTo: today,
        locations: many(50, (i) => ({
          role: 'transit',
          countryCode: 'CN',
          latitude: i % 2 === 0 ? 90 : -90,
          longitude: i % 2 === 0 ? 180 : -180,
        })),
        actors: [
          { name: 'Chon Ma San', type: 'vessel', imoNumber: '9074729' },
          ...many(99, (i) => ({ name: `Actor ${i}`, type: 'person' })),
        ],
        quantities: many(20, (i) => ({ value: i, unit: 'workers', approximate: false })),
        tags: many(30, (i) => `tag-${i}`),
      });

      const response = await http().post('/api/v1/incidents').set(monitor.auth).send(input);

      expect(response.status).toBe(201);
      const created = response.body as CreatedIncidentDto;
      expect(created).toMatchObject({
        title: input.title,
        occurredFrom: today,
        occurredTo: today,
        locations: input.locations,
        actors: input.actors,
        quantities: input.quantities,
        tags: input.tags,
      });
      expect(created.quantities[0].value).toBe(0);
    });

    it('accepts a three-character title', async () => {
      const response = await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .send(incidentBody({ title: 'Ore' }));

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ title: 'Ore', status: 'intake' });
    });

    it('answers 400 to malformed JSON and files nothing', async () => {
      const before = await incidentCount();
      const response = await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .set('Content-Type', 'application/json')
        .send('{"title": "Broken", "regime":');

      expectError(response, 400, /not valid JSON/);
      expect(await incidentCount()).toBe(before);
    });
  });

  describe('GET /api/v1/incidents/:id', () => {
    let created: CreatedIncidentDto;
    beforeAll(async () => {
      created = (await fileIncident(t, monitor, {
        title: 'Read access check',
      })) as CreatedIncidentDto;
    });

    it.each<[string, () => Caller, string[]]>([
      ['its creator', () => monitor, ['submit']],
      ['another monitor', () => otherMonitor, []],
      ['a verifier', () => verifier, []],
      ['a writer', () => writer, []],
      ['an admin', () => admin, ['submit']],
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

  describe('GET /api/v1/incidents/:id/similar', () => {
    it('returns the near-duplicate with a score, not an unrelated incident', async () => {
      const shared = {
        summary: 'A tanker switched off its transponder and met a DPRK-flagged vessel at night.',
        category: 'ship_to_ship_transfer',
        occurredFrom: '2023-04-02',
        occurredTo: '2023-04-03',
        locations: [{ role: 'occurrence', countryCode: 'CN', placeName: 'Yellow Sea' }],
      };
      const original = await fileIncident(t, monitor, {
        ...shared,
        title: 'Night-time ship-to-ship transfer of refined oil in the Yellow Sea',
      });
      const duplicate = await fileIncident(t, otherMonitor, {
        ...shared,
        title: 'Night-time ship-to-ship transfer of refined oil, Yellow Sea',
      });
      // Same text, but another category: not a duplicate.
      await fileIncident(t, monitor, {
        ...shared,
        category: 'petroleum_import',
        title: 'Night-time ship-to-ship transfer of refined oil in the Yellow Sea',
      });
      // Same text and category, but neither the dates nor the countries overlap.
      await fileIncident(t, monitor, {
        ...shared,
        occurredFrom: '2021-01-01',
        occurredTo: '2021-01-02',
        locations: [{ role: 'occurrence', countryCode: 'JP' }],
        title: 'Night-time ship-to-ship transfer of refined oil in the Yellow Sea',
      });

      for (const [subject, other] of [
        [duplicate, original],
        [original, duplicate],
      ]) {
        const response = await http()
          .get(`/api/v1/incidents/${subject.id}/similar`)
          .set(writer.auth);

        expect(response.status).toBe(200);
        const similar = response.body as SimilarIncidentDto[];
        expect(similar).toEqual([
          {
            id: other.id,
            reference: other.reference,
            title: other.title,
            status: 'intake',
            category: 'ship_to_ship_transfer',
            occurredFrom: '2023-04-02',
            occurredTo: '2023-04-03',
            score: expect.any(Number),
          },
        ]);
        expect(similar[0].score).toBeGreaterThan(0);
        expect(similar[0].score).toBeLessThan(1);
      }
    });

    it('answers 404 to an unknown incident and 400 to a malformed id', async () => {
      expectError(
        await http().get(`/api/v1/incidents/${UNKNOWN_ID}/similar`).set(monitor.auth),
        404,
        'Incident not found',
      );
      expectError(
        await http().get('/api/v1/incidents/1/similar').set(monitor.auth),
        400,
        'id must be a UUID',
      );
    });
  });
});

/**
 * Lists and stats run on a database of their own, so every filter can be checked against the
 * exact set of incidents it must return.
 */
describe('incident lists and stats (e2e)', () => {
  let t: TestApp;
  let lister: Caller;
  let otherLister: Caller;
  let verifier: Caller;
  let writer: Caller;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const ids: Record<string, string> = {};
  const nameOf = (id: string): string =>
    Object.keys(ids).find((name) => ids[name] === id) ?? `other:${id}`;

  /** The names of the incidents a list answers, in the order given. */
  const list = async (query: Record<string, string | number>, caller?: Caller) => {
    const response = await http()
      .get('/api/v1/incidents')
      .query(query)
      .set((caller ?? verifier).auth);
    expect(response.status).toBe(200);
    const page = response.body as IncidentPageDto;
    return { names: page.items.map((item) => nameOf(item.id)), page };
  };

  beforeAll(async () => {
    t = await createTestApp();
    [lister, otherLister, verifier, writer] = await Promise.all([
      signIn(t, 'monitor'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
    ]);
    const fixtures: [string, Caller, Record<string, unknown>][] = [
      [
        'coal',
        lister,
        {
          title: 'Coal loaded at Nampho onto a Togo-flagged bulk carrier',
          summary: 'Anthracite was moved by transfer in the Gulf of Tonkin.',
          category: 'coal_export',
          provisions: ['UNSCR-2371'],
          occurredFrom: '2024-03-01',
          occurredTo: '2024-03-10',
          locations: [
            { role: 'origin', countryCode: 'KP', placeName: 'Nampho' },
            { role: 'destination', countryCode: 'CN', placeName: 'Ningbo' },
          ],
          actors: [{ name: 'Chon Ma San', type: 'vessel', imoNumber: '9074729' }],
          quantities: [],
          tags: ['coal', 'maritime'],
        },
      ],
      [
        'labor',
        lister,
        {
          title: 'Construction brigade dispatched to the Russian Far East',
          summary: 'A brigade of about forty workers arrived on tourist visas.',
          category: 'overseas_labor',
          provisions: ['UNSCR-2397-OP8'],
          occurredFrom: '2024-06-01',
          occurredTo: '2024-06-30',
          locations: [
            { role: 'origin', countryCode: 'KP' },
            { role: 'destination', countryCode: 'RU', placeName: 'Vladivostok' },
          ],
          actors: [{ name: 'Rodong Construction Company', type: 'company' }],
          tags: ['labor-export'],
        },
      ],
      [
        'it',
        lister,
        {
          title: 'IT workers operating freelance accounts from Shenyang',
          summary: 'Developers used stolen identities on freelance platforms.',
          category: 'it_workers',
          provisions: ['UNSCR-2397-OP8'],
          occurredFrom: '2024-09-15',
          occurredTo: '2024-09-15',
          locations: [
            { role: 'origin', countryCode: 'KP' },
            { role: 'occurrence', countryCode: 'CN', placeName: 'Shenyang' },
          ],
          actors: [{ name: 'Chosun Expo', type: 'company' }],
          tags: ['labor-export', 'cyber'],
        },
      ],
      [
        'arms',
        lister,
        {
          title: 'Cargo flights delivering armoured vehicles to Benghazi',
          summary: 'Flight tracking shows repeated cargo flights.',
          regime: 'UN-1970',
          category: 'arms_embargo',
          provisions: [],
          occurredFrom: '2023-12-01',
          occurredTo: '2024-01-31',
          locations: [{ role: 'occurrence', countryCode: 'LY', placeName: 'Benghazi' }],
          actors: [{ name: 'Unnamed cargo airline', type: 'company' }],
          quantities: [],
          tags: ['arms'],
        },
      ],
      [
        'ore',
        lister,
        {
          title: 'Iron ore barges leaving Chongjin',
          summary: 'The iron ore was loaded at night.',
          category: 'mineral_export',
          provisions: ['UNSCR-2371'],
          occurredFrom: '2022-05-01',
          occurredTo: '2022-05-31',
          locations: [{ role: 'origin', countryCode: 'KP', placeName: 'Chongjin' }],
          actors: [],
          quantities: [],
          tags: ['mineral'],
        },
      ],
      [
        'scrap',
        otherLister,
        {
          title: 'Ore concentrate and scrap iron seized',
          summary: 'Customs seized concentrate; the scrap was iron.',
          category: 'mineral_export',
          provisions: ['UNSCR-2371'],
          occurredFrom: '2022-07-01',
          occurredTo: '2022-07-02',
          locations: [{ role: 'origin', countryCode: 'KP' }],
          actors: [],
          quantities: [],
          tags: ['mineral'],
        },
      ],
    ];
    for (const [name, caller, overrides] of fixtures) {
      ids[name] = (await fileIncident(t, caller, overrides)).id;
    }
    const edited = await http()
      .patch(`/api/v1/incidents/${ids.it}`)
      .set(lister.auth)
      .send({ quantities: [{ value: 12, unit: 'developers', approximate: true }], version: 1 });
    expect(edited.status).toBe(200);
    await forceStatus(t, ids.coal, 'verified');
    const laborVersion = await forceStatus(t, ids.labor, 'in_verification');
    await forceStatus(t, ids.arms, 'published');
    await forceStatus(t, ids.ore, 'rejected');
    const assigned = await http()
      .post(`/api/v1/incidents/${ids.labor}/assign`)
      .set(verifier.auth)
      .send({ assigneeId: verifier.user.id, version: laborVersion });
    expect(assigned.status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('GET /api/v1/incidents', () => {
    it('answers every staff role the incident views with their allowedActions and counts', async () => {
      for (const caller of [lister, verifier, writer]) {
        const { page } = await list({}, caller);
        expect(page.nextCursor).toBeNull();
        for (const item of page.items) {
          const single = await http().get(`/api/v1/incidents/${item.id}`).set(caller.auth);
          expect(single.status).toBe(200);
          expect(item).toStrictEqual(single.body);
        }
      }
    });

    it.each<[string, Record<string, string>, string[]]>([
      ['status', { status: 'intake' }, ['it', 'scrap']],
      ['status verified', { status: 'verified' }, ['coal']],
      ['regime', { regime: 'UN-1970' }, ['arms']],
      ['category', { category: 'mineral_export' }, ['scrap', 'ore']],
      ['provision', { provision: 'UNSCR-2397-OP8' }, ['it', 'labor']],
      ['country (destination)', { country: 'RU' }, ['labor']],
      ['country (any role)', { country: 'CN' }, ['it', 'coal']],
      ['country in lower case', { country: 'ly' }, ['arms']],
      ['tag', { tag: 'labor-export' }, ['it', 'labor']],
      ['an unused tag', { tag: 'nothing-here' }, []],
      [
        'occurredFrom (overlap, boundary inclusive)',
        { occurredFrom: '2024-06-30' },
        ['it', 'labor'],
      ],
      [
        'occurredTo (overlap, boundary inclusive)',
        { occurredTo: '2023-12-01' },
        ['arms', 'scrap', 'ore'],
      ],
      [
        'a window overlapping ranges that start before it',
        { occurredFrom: '2024-01-15', occurredTo: '2024-03-01' },
        ['coal', 'arms'],
      ],
      [
        'a window inside one range',
        { occurredFrom: '2024-06-10', occurredTo: '2024-06-12' },
        ['labor'],
      ],
      ['a window between ranges', { occurredFrom: '2022-06-01', occurredTo: '2022-06-30' }, []],
      [
        'combined filters',
        { country: 'KP', category: 'mineral_export', status: 'rejected' },
        ['ore'],
      ],
      ['q on the title', { q: 'armoured' }, ['arms']],
      ['q on the summary', { q: 'anthracite' }, ['coal']],
      ['q on an actor name', { q: 'Rodong' }, ['labor']],
      ['q on a place name', { q: 'Vladivostok' }, ['labor']],
      ['q with two words (AND)', { q: 'iron ore' }, ['scrap', 'ore']],
      ['q with a quoted phrase', { q: '"iron ore"' }, ['ore']],
      ['q with an -exclusion', { q: 'iron -barges' }, ['scrap']],
      ['q with an -exclusion on a place', { q: 'workers -Shenyang' }, ['labor']],
      ['q with or', { q: 'Rodong or anthracite' }, ['labor', 'coal']],
      ['q with a stemmed form', { q: 'worker' }, ['it', 'labor']],
    ])('filters by %s', async (_filter, query, expected) => {
      const { names, page } = await list(query);
      expect(names).toEqual(expected);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by assigneeId', async () => {
      expect((await list({ assigneeId: verifier.user.id })).names).toEqual(['labor']);
      expect((await list({ assigneeId: writer.user.id })).names).toEqual([]);
    });

    it('filters by createdBy', async () => {
      expect((await list({ createdBy: otherLister.user.id })).names).toEqual(['scrap']);
      expect((await list({ createdBy: lister.user.id })).names).toEqual([
        'it',
        'labor',
        'coal',
        'arms',
        'ore',
      ]);
    });

    it('sorts by -occurredFrom by default, and by -createdAt and -updatedAt on request', async () => {
      const byOccurrence = ['it', 'labor', 'coal', 'arms', 'scrap', 'ore'];
      expect((await list({})).names).toEqual(byOccurrence);
      expect((await list({ sort: '-occurredFrom' })).names).toEqual(byOccurrence);
      expect((await list({ sort: '-createdAt' })).names).toEqual([
        'scrap',
        'ore',
        'arms',
        'it',
        'labor',
        'coal',
      ]);
      // labor was assigned last and it was edited; forceStatus does not touch updated_at.
      expect((await list({ sort: '-updatedAt' })).names).toEqual([
        'labor',
        'it',
        'scrap',
        'ore',
        'arms',
        'coal',
      ]);
    });

    it.each<[string, Record<string, string | number>, string[]]>([
      ['limit 0', { limit: 0 }, ['limit']],
      ['limit 101', { limit: 101 }, ['limit']],
      ['limit that is not a number', { limit: 'ten' }, ['limit']],
      ['an unknown sort', { sort: 'title' }, ['sort']],
      ['an unknown status', { status: 'draft' }, ['status']],
      ['a malformed assigneeId', { assigneeId: 'me' }, ['assigneeId']],
      ['a malformed createdBy', { createdBy: '42' }, ['createdBy']],
      ['a country that is not ISO 3166-1', { country: 'XX' }, ['country']],
      ['a malformed date', { occurredFrom: '2024-1-1' }, ['occurredFrom']],
      ['an impossible date', { occurredFrom: '2024-02-30' }, ['occurredFrom']],
      ['an impossible occurredTo', { occurredTo: '2023-13-01' }, ['occurredTo']],
      ['an unknown parameter', { colour: 'red' }, ['colour']],
    ])('answers 400 naming the parameter to %s', async (_case, query, fields) => {
      const response = await http().get('/api/v1/incidents').query(query).set(verifier.auth);
      expectFieldErrors(response, fields);
    });

    it('accepts limit 1 and limit 100', async () => {
      const one = await list({ limit: 1 });
      expect(one.names).toEqual(['it']);
      expect(one.page.nextCursor).toEqual(expect.any(String));
      const hundred = await list({ limit: 100 });
      expect(hundred.names).toHaveLength(6);
      expect(hundred.page.nextCursor).toBeNull();
    });

    it.each<[string, () => Promise<string>]>([
      ['garbage', async () => 'not-a-cursor!'],
      ['valid base64 of the wrong shape', async () => Buffer.from('{"a":1}').toString('base64url')],
      [
        'a cursor with an impossible date',
        async () => Buffer.from(JSON.stringify(['2024-02-31', UNKNOWN_ID])).toString('base64url'),
      ],
      [
        'a cursor of another sort',
        async () => {
          const { page } = await list({ limit: 1, sort: '-createdAt' });
          return page.nextCursor!;
        },
      ],
    ])('answers 400 to %s as cursor', async (_case, cursor) => {
      const response = await http()
        .get('/api/v1/incidents')
        .query({ cursor: await cursor() })
        .set(verifier.auth);
      expectError(response, 400, /cursor/);
    });

    it('answers 401 without a token', async () => {
      expectError(await http().get('/api/v1/incidents'), 401, BAD_ACCESS);
    });
  });

  describe('GET /api/v1/incidents/stats', () => {
    const byKey = (buckets: { key: string; count: number }[]) =>
      [...buckets].sort((a, b) => a.key.localeCompare(b.key));
    const stats = async (query: Record<string, string>): Promise<IncidentStatsDto> => {
      const response = await http().get('/api/v1/incidents/stats').query(query).set(writer.auth);
      expect(response.status).toBe(200);
      const body = response.body as IncidentStatsDto;
      expect(Object.keys(body).sort()).toEqual([
        'byCategory',
        'byCountry',
        'byMonth',
        'byStatus',
        'total',
      ]);
      return {
        total: body.total,
        byStatus: byKey(body.byStatus),
        byCategory: byKey(body.byCategory),
        byCountry: byKey(body.byCountry),
        byMonth: byKey(body.byMonth),
      };
    };

    it('counts every incident by status, category, country and month', async () => {
      expect(await stats({})).toEqual({
        total: 6,
        byStatus: [
          { key: 'in_verification', count: 1 },
          { key: 'intake', count: 2 },
          { key: 'published', count: 1 },
          { key: 'rejected', count: 1 },
          { key: 'verified', count: 1 },
        ],
        byCategory: [
          { key: 'arms_embargo', count: 1 },
          { key: 'coal_export', count: 1 },
          { key: 'it_workers', count: 1 },
          { key: 'mineral_export', count: 2 },
          { key: 'overseas_labor', count: 1 },
        ],
        byCountry: [
          { key: 'CN', count: 2 },
          { key: 'KP', count: 5 },
          { key: 'LY', count: 1 },
          { key: 'RU', count: 1 },
        ],
        byMonth: [
          { key: '2022-05', count: 1 },
          { key: '2022-07', count: 1 },
          { key: '2023-12', count: 1 },
          { key: '2024-03', count: 1 },
          { key: '2024-06', count: 1 },
          { key: '2024-09', count: 1 },
        ],
      });
    });

    it('counts only what the filters select', async () => {
      expect(await stats({ tag: 'labor-export' })).toEqual({
        total: 2,
        byStatus: [
          { key: 'in_verification', count: 1 },
          { key: 'intake', count: 1 },
        ],
        byCategory: [
          { key: 'it_workers', count: 1 },
          { key: 'overseas_labor', count: 1 },
        ],
        byCountry: [
          { key: 'CN', count: 1 },
          { key: 'KP', count: 2 },
          { key: 'RU', count: 1 },
        ],
        byMonth: [
          { key: '2024-06', count: 1 },
          { key: '2024-09', count: 1 },
        ],
      });
      expect(await stats({ country: 'KP', occurredFrom: '2024-01-01', q: 'workers' })).toEqual({
        total: 2,
        byStatus: [
          { key: 'in_verification', count: 1 },
          { key: 'intake', count: 1 },
        ],
        byCategory: [
          { key: 'it_workers', count: 1 },
          { key: 'overseas_labor', count: 1 },
        ],
        byCountry: [
          { key: 'CN', count: 1 },
          { key: 'KP', count: 2 },
          { key: 'RU', count: 1 },
        ],
        byMonth: [
          { key: '2024-06', count: 1 },
          { key: '2024-09', count: 1 },
        ],
      });
      expect(await stats({ status: 'retracted' })).toEqual({
        total: 0,
        byStatus: [],
        byCategory: [],
        byCountry: [],
        byMonth: [],
      });
    });

    it('answers 400 to a bad filter and 401 without a token', async () => {
      expectFieldErrors(
        await http().get('/api/v1/incidents/stats').query({ status: 'draft' }).set(writer.auth),
        ['status'],
      );
      expectFieldErrors(
        await http()
          .get('/api/v1/incidents/stats')
          .query({ occurredTo: '2024-02-30' })
          .set(writer.auth),
        ['occurredTo'],
      );
      expectError(await http().get('/api/v1/incidents/stats'), 401, BAD_ACCESS);
    });
  });

  // Last in this database on purpose: it inserts incidents while it pages.
  describe('keyset pagination while incidents are being filed', () => {
    let pager: Caller;
    const dates = [
      '2024-06-01',
      '2024-06-01',
      '2024-06-01',
      '2023-01-05',
      '2021-03-03',
      '2024-12-24',
      '2020-02-02',
    ];
    beforeAll(async () => {
      pager = await signIn(t, 'monitor');
      for (const [i, date] of dates.entries()) {
        await fileIncident(t, pager, {
          title: `Paging fixture ${i}`,
          occurredFrom: date,
          occurredTo: date,
        });
      }
    });

    type Sort = '-occurredFrom' | '-createdAt' | '-updatedAt';
    const keyOf = (incident: IncidentDto, sort: Sort): string =>
      sort === '-occurredFrom'
        ? incident.occurredFrom
        : sort === '-createdAt'
          ? incident.createdAt
          : incident.updatedAt;

    it.each<Sort>(['-occurredFrom', '-createdAt', '-updatedAt'])(
      'with sort %s and limit 2 visits every existing row exactly once',
      async (sort) => {
        const existing = (
          await t.dataSource.query<{ id: string }[]>('SELECT id FROM incidents')
        ).map((incident) => incident.id);
        expect(existing.length).toBeGreaterThanOrEqual(13);
        const seen: IncidentDto[] = [];
        let cursor: string | null = null;
        let pages = 0;
        // Dates both before and after what was already seen, and equal to the page boundary.
        const inserts = ['2025-01-01', '2019-01-01', 'boundary', '2022-06-15', 'boundary'];
        do {
          const query: Record<string, string | number> = { limit: 2, sort };
          if (cursor) query.cursor = cursor;
          const response = await http().get('/api/v1/incidents').query(query).set(verifier.auth);
          expect(response.status).toBe(200);
          const page = response.body as IncidentPageDto;
          expect(page.items.length).toBeLessThanOrEqual(2);
          if (page.nextCursor !== null) expect(page.items).toHaveLength(2);
          seen.push(...page.items);
          cursor = page.nextCursor;
          const insert = inserts[pages];
          if (insert && seen.length > 0) {
            const date = insert === 'boundary' ? seen[seen.length - 1].occurredFrom : insert;
            await fileIncident(t, pager, {
              title: `Filed while paging ${sort} ${pages}`,
              occurredFrom: date,
              occurredTo: date,
            });
          }
          pages += 1;
          expect(pages).toBeLessThan(50);
        } while (cursor !== null);

        const seenIds = seen.map((incident) => incident.id);
        expect(new Set(seenIds).size).toBe(seenIds.length);
        for (const id of existing) {
          expect(seenIds.filter((seenId) => seenId === id)).toHaveLength(1);
        }
        for (let i = 1; i < seen.length; i += 1) {
          const previous = keyOf(seen[i - 1], sort);
          const current = keyOf(seen[i], sort);
          expect(previous >= current).toBe(true);
          if (previous === current) expect(seen[i - 1].id > seen[i].id).toBe(true);
        }
      },
    );
  });
});

describe('possible duplicates on intake, when things change or fail (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  const post = (): Promise<Response> =>
    request(t.app.getHttpServer()).post('/api/v1/incidents').set(monitor.auth).send(incidentBody());

  beforeAll(async () => {
    t = await createTestApp();
    monitor = await signIn(t, 'monitor');
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('still finds them after a migration changed a column the prepared query returns', async () => {
    for (let i = 0; i < 12; i += 1) expect((await post()).status).toBe(201);

    await t.dataSource.query('ALTER TABLE incidents ALTER COLUMN reference TYPE varchar(30)');

    for (let i = 0; i < 12; i += 1) {
      const response = await post();
      expect(response.status).toBe(201);
      expect(response.body.possibleDuplicates).toHaveLength(5);
      expect(response.body.possibleDuplicates[0]).toMatchObject({
        title: incidentBody().title,
        score: 1,
      });
    }
  });

  it('files the incident (201) without them when their lookup fails, and logs why', async () => {
    const { SimilarIncidents } = await import('../src/incidents/similar-incidents');
    jest
      .spyOn(t.app.get(SimilarIncidents), 'find')
      .mockRejectedValueOnce(new Error('lookup failed'));

    const response = await post();

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'intake', possibleDuplicates: [] });
    const stored = await t.dataSource.query<{ reference: string }[]>(
      'SELECT reference FROM incidents WHERE id = $1',
      [response.body.id],
    );
    expect(stored).toEqual([{ reference: response.body.reference }]);
    const logged = t.logLines.find((line) =>
      line.includes('possible duplicates of a new incident'),
    );
    expect(logged).toContain(response.body.id);
    expect(logged).toContain('lookup failed');
    expect(logged).not.toContain(incidentBody().title as string);
  });
});
