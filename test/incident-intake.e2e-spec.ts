import request, { Response } from 'supertest';
import {
  CreatedIncidentDto,
  HistoryEntryDto,
  SimilarIncidentDto,
} from '../src/incidents/dto/incident.dto';
import { createTestApp, TestApp } from './helpers/app';
import { fileIncident, incidentBody, incidentRow, IncidentRow } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { expectError, expectFieldErrors } from './helpers/errors';

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
  evidenceWithdrawn: 0,
};
const daysFromToday = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('incident intake (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let otherMonitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const row = (id: string): Promise<IncidentRow> => incidentRow(t, id);
  const incidentCount = async (): Promise<number> => {
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM incidents',
    );
    return count;
  };
  const history = async (id: string, caller: Caller = monitor): Promise<HistoryEntryDto[]> => {
    const response = await http().get(`/api/v1/incidents/${id}/history`).set(caller.auth);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ nextCursor: null });
    return response.body.items as HistoryEntryDto[];
  };

  beforeAll(async () => {
    t = await createTestApp();
    [admin, monitor, otherMonitor, verifier, writer] = await Promise.all([
      signIn(t, 'admin'),
      signIn(t, 'monitor'),
      signIn(t, 'monitor'),
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
        publicTitle: null,
        publicSummary: '',
        regime: 'UN-1718',
        category: 'textile_export',
        provisions: ['UNSCR-2375'],
        occurredFrom: '2025-01-12',
        occurredTo: '2025-01-29',
        datePrecision: 'day',
        locations: input.locations,
        // Each actor gets an id of its own (spec 15), kept across edits.
        actors: (input.actors as object[]).map((actor) => ({
          ...actor,
          id: expect.stringMatching(UUID),
        })),
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
        // INTAKE_STALE_AFTER (P7D) after it entered intake.
        dueAt: new Date(Date.parse(created.createdAt) + 7 * 86_400_000).toISOString(),
        overdue: false,
        escalated: false,
        allowedActions: ['submit', 'withdraw'],
        counts: ZERO_COUNTS,
        screeningChanged: false,
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

    it('takes month and year dates, and stores the first and the last day of the period', async () => {
      const month = await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .send(
          incidentBody({ occurredFrom: '2025-01', occurredTo: undefined, datePrecision: 'month' }),
        );
      expect(month.status).toBe(201);
      expect(month.body).toMatchObject({
        occurredFrom: '2025-01-01',
        occurredTo: '2025-01-31',
        datePrecision: 'month',
      });
      const year = await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .send(incidentBody({ occurredFrom: '2023', occurredTo: '2024', datePrecision: 'year' }));
      expect(year.status).toBe(201);
      expect(year.body).toMatchObject({ occurredFrom: '2023-01-01', occurredTo: '2024-12-31' });
      const day = await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .send(incidentBody({ occurredFrom: '2025-01-12', occurredTo: undefined }));
      expect(day.status).toBe(201);
      expect(day.body).toMatchObject({ occurredFrom: '2025-01-12', occurredTo: '2025-01-12' });
    });

    it('refuses a month date without month precision, naming the field and the forms', async () => {
      const before = await incidentCount();
      const body = expectError(
        await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send(incidentBody({ occurredFrom: '2025-01', occurredTo: '2025-02' })),
        400,
        'Validation failed',
      );
      expect(body.details).toEqual([
        {
          field: 'occurredFrom',
          errors: [expect.stringContaining('YYYY-MM with datePrecision month')],
        },
        {
          field: 'occurredTo',
          errors: [expect.stringContaining('YYYY-MM with datePrecision month')],
        },
      ]);
      expect(await incidentCount()).toBe(before);
    });

    it('takes a month date on PATCH too, with month precision, as the first day of the month', async () => {
      const created = await fileIncident(t, monitor, { title: 'Month precision on edit' });
      const response = await http()
        .patch(`/api/v1/incidents/${created.id}`)
        .set(monitor.auth)
        .send({ occurredFrom: '2024-11', datePrecision: 'month', version: created.version });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        occurredFrom: '2024-11-01',
        occurredTo: created.occurredTo,
        datePrecision: 'month',
        version: created.version + 1,
      });
    });

    it('names each missing required field once, as required, and files nothing', async () => {
      const before = await incidentCount();
      const body = expectError(
        await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send({ summary: 'Only a summary' }),
        400,
        'Validation failed',
      );
      expect(body.details).toEqual([
        { field: 'title', errors: ['title is required'] },
        { field: 'regime', errors: ['regime is required'] },
        { field: 'category', errors: ['category is required'] },
        { field: 'occurredFrom', errors: ['occurredFrom is required'] },
      ]);
      const nested = expectError(
        await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send(incidentBody({ locations: [{ role: 'origin' }], actors: [{ name: 'Someone' }] })),
        400,
        'Validation failed',
      );
      expect(nested.details).toEqual([
        { field: 'locations.0.countryCode', errors: ['countryCode is required'] },
        { field: 'actors.0.type', errors: ['type is required'] },
      ]);
      expect(await incidentCount()).toBe(before);
    });

    it('answers a value of the wrong type with the type alone, not every constraint', async () => {
      const body = expectError(
        await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send(incidentBody({ title: 42, tags: 'russia' })),
        400,
        'Validation failed',
      );
      expect(body.details).toEqual([
        { field: 'title', errors: ['title must be a string'] },
        { field: 'tags', errors: ['tags must be an array'] },
      ]);
    });

    it('names an unknown reference code and where the valid ones are listed', async () => {
      const before = await incidentCount();
      const body = expectError(
        await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send(
            incidentBody({
              regime: 'UN-9999',
              category: 'overseas-labour',
              provisions: ['UNSCR-9999-OP1'],
            }),
          ),
        400,
        'Unknown or inactive reference codes',
      );
      expect(body.code).toBe('validation_failed');
      expect(body.details).toEqual([
        {
          field: 'regime',
          errors: ['unknown regime "UN-9999": see GET /api/v1/reference/regimes'],
        },
        {
          field: 'category',
          errors: ['unknown category "overseas-labour": see GET /api/v1/reference/categories'],
        },
        {
          field: 'provisions',
          errors: ['unknown provision "UNSCR-9999-OP1": see GET /api/v1/reference/provisions'],
        },
      ]);
      const malformed = expectError(
        await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send(incidentBody({ regime: 'UN 1718' })),
        400,
        'Validation failed',
      );
      expect(malformed.details).toEqual([
        {
          field: 'regime',
          errors: ['regime must be a code such as UN-1718: see GET /api/v1/reference/regimes'],
        },
      ]);
      expect(await incidentCount()).toBe(before);
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
        allowedActions: ['submit', 'withdraw'],
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
