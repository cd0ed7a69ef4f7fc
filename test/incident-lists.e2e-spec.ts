import request from 'supertest';
import { IncidentDto, IncidentPageDto, IncidentStatsDto } from '../src/incidents/dto/incident.dto';
import { createTestApp, TestApp } from './helpers/app';
import { fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { expectError, expectFieldErrors } from './helpers/errors';

const UNKNOWN_ID = '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f';
const BAD_ACCESS = 'Missing, invalid, expired or revoked access token';
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

    it('filters by assigneeId me and none', async () => {
      expect((await list({ assigneeId: 'me' })).names).toEqual(['labor']);
      expect((await list({ assigneeId: 'me' }, writer)).names).toEqual([]);
      expect((await list({ assigneeId: 'none' })).names).toEqual([
        'it',
        'coal',
        'arms',
        'scrap',
        'ore',
      ]);
    });

    it('filters by createdBy me', async () => {
      expect((await list({ createdBy: 'me' }, otherLister)).names).toEqual(['scrap']);
      expect((await list({ createdBy: 'me' })).names).toEqual([]);
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
      ['a malformed assigneeId', { assigneeId: 'someone' }, ['assigneeId']],
      ['createdBy none (only assigneeId has it)', { createdBy: 'none' }, ['createdBy']],
      ['overdue that is not true or false', { overdue: 'yes' }, ['overdue']],
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
      // Both filters select the same two labour-export incidents.
      const theTwoLabourExports = {
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
      };
      expect(await stats({ tag: 'labor-export' })).toEqual(theTwoLabourExports);
      expect(await stats({ country: 'KP', occurredFrom: '2024-01-01', q: 'workers' })).toEqual(
        theTwoLabourExports,
      );
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

describe('stage deadlines on incidents, and the overdue filter (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const enteredAgo = (id: string, hours: number): Promise<unknown> =>
    t.dataSource.query(
      `UPDATE incidents SET stage_entered_at = now() - make_interval(hours => $2) WHERE id = $1`,
      [id, hours],
    );
  const get = async (id: string): Promise<IncidentDto> => {
    const response = await http().get(`/api/v1/incidents/${id}`).set(verifier.auth);
    expect(response.status).toBe(200);
    return response.body as IncidentDto;
  };
  let fresh: IncidentDto;
  let due: IncidentDto;
  let escalated: IncidentDto;
  let published: IncidentDto;

  beforeAll(async () => {
    t = await createTestApp({
      INTAKE_STALE_AFTER: 'PT10H',
      VERIFICATION_DUE_AFTER: 'PT10H',
      PUBLICATION_DUE_AFTER: 'PT10H',
    });
    [monitor, verifier] = await Promise.all([signIn(t, 'monitor'), signIn(t, 'verifier')]);
    fresh = await fileIncident(t, monitor, { title: 'Fresh intake' });
    due = await fileIncident(t, monitor, { title: 'Waiting for verification' });
    escalated = await fileIncident(t, monitor, { title: 'Waiting for publication' });
    published = await fileIncident(t, monitor, { title: 'Already published' });
    await forceStatus(t, due.id, 'in_verification');
    await forceStatus(t, escalated.id, 'verified');
    await forceStatus(t, published.id, 'published');
    await enteredAgo(fresh.id, 1);
    await enteredAgo(due.id, 12);
    await enteredAgo(escalated.id, 25);
    await enteredAgo(published.id, 100);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows when the stage is due, and whether it or twice it has passed', async () => {
    const [entered] = await t.dataSource.query<{ stage_entered_at: Date }[]>(
      'SELECT stage_entered_at FROM incidents WHERE id = $1',
      [due.id],
    );
    expect(await get(due.id)).toMatchObject({
      dueAt: new Date(entered.stage_entered_at.getTime() + 10 * 3_600_000).toISOString(),
      overdue: true,
      escalated: false,
    });
    expect(await get(fresh.id)).toMatchObject({ overdue: false, escalated: false });
    expect(await get(escalated.id)).toMatchObject({ overdue: true, escalated: true });
    expect(await get(published.id)).toMatchObject({
      dueAt: null,
      overdue: false,
      escalated: false,
    });
  });

  it('lists what is overdue, and what is not, and counts them', async () => {
    const titles = async (overdue: string): Promise<string[]> => {
      const response = await http().get('/api/v1/incidents').query({ overdue }).set(verifier.auth);
      expect(response.status).toBe(200);
      return (response.body as IncidentPageDto).items.map((item) => item.title).sort();
    };
    expect(await titles('true')).toEqual(['Waiting for publication', 'Waiting for verification']);
    expect(await titles('false')).toEqual(['Already published', 'Fresh intake']);
    const stats = await http()
      .get('/api/v1/incidents/stats')
      .query({ overdue: 'true' })
      .set(verifier.auth);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ total: 2 });
  });
});
