import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import fc from 'fast-check';
import request, { Response } from 'supertest';
import { createTestApp, TestApp } from './helpers/app';
import { expectError, REASONS_OF } from './helpers/errors';
import { fileIncident, incidentBody } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

const ERROR_KEYS = ['statusCode', 'error', 'code', 'message', 'details', 'requestId'];

const cursorOf = (values: unknown[]): string =>
  Buffer.from(JSON.stringify(values)).toString('base64url');

const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

interface Route {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
}

/** Every route the application registers, with its global prefix. */
function routesOf(t: TestApp): Route[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype));
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[
        Reflect.getMetadata(METHOD_METADATA, handler) as number
      ].toLowerCase() as Route['method'];
      const full = `/${[base, path].filter((part) => part && part !== '/').join('/')}`;
      const prefixed = /^\/(health|metrics)/.test(full) ? full : `/api/v1${full}`;
      routes.push({ method, path: prefixed.replace(/\/+/g, '/').replace(/\/$/, '') });
    }
  }
  return routes;
}

/** The error body of spec 3, whatever the status. */
function expectErrorBody(response: Response): void {
  const body = response.body as Record<string, unknown>;
  expect(Object.keys(body).every((key) => ERROR_KEYS.includes(key))).toBe(true);
  expect(body.statusCode).toBe(response.status);
  expect(REASONS_OF[response.status]).toContain(body.code);
  expect(typeof body.message).toBe('string');
  expect(body.requestId).toBe(response.headers['x-request-id']);
}

describe('bad input never answers 500 (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let incidentId: string;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    [admin, monitor] = await Promise.all([signIn(t, 'admin'), signIn(t, 'monitor')]);
    incidentId = (await fileIncident(t, monitor)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the cases the black-box review found', () => {
    it('JSON nested 3,000 levels deep is 400 on every JSON route, login included', async () => {
      const deep = nested(3000);
      for (const [path, caller] of [
        ['/api/v1/auth/login', null],
        ['/api/v1/incidents', monitor],
        ['/api/v1/exports', admin],
        ['/api/v1/webhooks', admin],
      ] as const) {
        const call = http().post(path).set('Content-Type', 'application/json');
        if (caller) void call.set(caller.auth);
        expectError(await call.send(deep), 400, /nested deeper than 32 levels/);
      }
      const patched = await http()
        .patch(`/api/v1/incidents/${incidentId}`)
        .set(monitor.auth)
        .set('Content-Type', 'application/json')
        .send(deep);
      expectError(patched, 400, /nested/);
    });

    it('JSON nested 32 levels deep is parsed, and validated as usual', async () => {
      const response = await http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":"a@example.org","password":${nested(31)}}`);
      const body = expectError(response, 400, 'Validation failed');
      expect(body.details).toEqual([{ field: 'password', errors: expect.any(Array) }]);
    });

    it.each([
      ['incidents', '/api/v1/incidents?sort=-updatedAt'],
      ['public incidents', '/api/v1/public/incidents'],
      ['exports', '/api/v1/exports'],
      ['notifications', '/api/v1/notifications'],
      ['webhooks', '/api/v1/webhooks'],
      ['users', '/api/v1/users'],
      ['sources', '/api/v1/incidents/INCIDENT/sources'],
    ])('a cursor whose timestamp has a 6-digit year is 400 on %s', async (_what, path) => {
      for (const timestamp of ['+275760-09-13T00:00:00.000Z', '+010000-01-01T00:00:00.000Z']) {
        const cursor = cursorOf([timestamp, '3b241101-e2bb-4255-8caf-4136c566a962']);
        const separator = path.includes('?') ? '&' : '?';
        const response = await http()
          .get(`${path.replace('INCIDENT', incidentId)}${separator}cursor=${cursor}`)
          .set(admin.auth);
        expectError(response, 400, 'cursor is not valid');
      }
    });

    it('a 19-digit offset in the queue cursor and a 19-digit audit seq are 400', async () => {
      const cursor = cursorOf(['9999999999999999999']);
      expectError(
        await http().get(`/api/v1/admin/queues/webhooks/failed?cursor=${cursor}`).set(admin.auth),
        400,
        'cursor is not valid',
      );
      expectError(
        await http().get(`/api/v1/audit?cursor=${cursor}`).set(admin.auth),
        400,
        'cursor is not valid',
      );
    });

    it.each(['provisions', 'locations', 'actors', 'quantities', 'tags', 'summary'])(
      '"%s": null on create is 400 naming the field, and files nothing',
      async (field) => {
        const response = await http()
          .post('/api/v1/incidents')
          .set(monitor.auth)
          .send(incidentBody({ [field]: null }));
        const body = expectError(response, 400, 'Validation failed');
        expect(body.details).toEqual([expect.objectContaining({ field })]);
      },
    );

    it('a NUL byte in text is a 400 logged as a client error, without the value or a stack', async () => {
      const marker = 'nul-marker-7d1f';
      const response = await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .send(incidentBody({ summary: `${marker}\u0000after` }));
      const body = expectError(response, 400);
      const lines = t.logLines.filter((line) => line.includes(body.requestId));
      expect(lines.some((line) => line.includes('client error'))).toBe(true);
      expect(lines.join('\n')).not.toMatch(/unexpected error|"stack"/);
      expect(t.logLines.join('\n')).not.toContain(marker);
    });
  });

  describe('a body without its required fields names each one as required, once', () => {
    it.each<[string, () => string, () => Caller, Record<string, unknown>, string[]]>([
      [
        'a source',
        () => `/api/v1/incidents/${incidentId}/sources`,
        () => monitor,
        {},
        ['kind', 'name', 'reliability', 'credibility', 'confidential'],
      ],
      [
        'evidence',
        () => `/api/v1/incidents/${incidentId}/evidence`,
        () => monitor,
        {},
        ['kind', 'description'],
      ],
      [
        'a user',
        () => '/api/v1/users',
        () => admin,
        {},
        ['email', 'displayName', 'password', 'roles'],
      ],
      ['an export', () => '/api/v1/exports', () => admin, {}, ['format', 'scope']],
      [
        'an assignment',
        () => `/api/v1/incidents/${incidentId}/assign`,
        () => admin,
        {},
        ['assigneeId', 'version'],
      ],
    ])('%s', async (_what, path, caller, payload, fields) => {
      const response = await http().post(path()).set(caller().auth).send(payload);
      const body = expectError(response, 400, 'Validation failed');
      expect(body.details).toEqual(
        fields.map((field) => ({ field, errors: [`${field} is required`] })),
      );
    });

    it('a user whose values are wrong hears what is wrong with each, roles named', async () => {
      const response = await http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({
          email: 'new-user@example.org',
          displayName: 'New User',
          password: 'short',
          roles: ['boss'],
        });
      const body = expectError(response, 400, 'Validation failed');
      expect(body.details).toEqual([
        { field: 'password', errors: ['password must be longer than or equal to 12 characters'] },
        {
          field: 'roles',
          errors: [
            'each value in roles must be one of the following values: admin, monitor, verifier, writer',
          ],
        },
      ]);
    });
  });

  it('generated bodies, queries, cursors and path values, on every route: never a 500', async () => {
    const routes = routesOf(t).filter((route) => !route.path.includes('/download'));
    expect(routes.length).toBeGreaterThan(40);
    const uuid = '3b241101-e2bb-4255-8caf-4136c566a962';
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '',
        '\u0000',
        'a\u0000b',
        '9999-99-99',
        '0000-01-01',
        '+275760-09-13',
        '10000-01-01',
        '2025-02-30',
        '1e400',
        '-1',
        '99999999999999999999999',
        'me',
        'none',
        "' OR 1=1 --",
        '%00',
        'x'.repeat(5000),
      ),
    );
    const cursor = fc.oneof(
      text,
      fc
        .tuple(
          fc.constantFrom(
            '+275760-09-13T00:00:00.000Z',
            '0000-01-01T00:00:00.000Z',
            '2020-02-31T00:00:00.000Z',
            '2020-01-01',
            '9999999999999999999',
            '-1',
            '1.5',
          ),
          fc.constantFrom(uuid, 'not-a-uuid', ''),
        )
        .map((values) => cursorOf(values)),
      fc.jsonValue({ maxDepth: 2 }).map((value) => cursorOf([value])),
    );
    const value: fc.Arbitrary<unknown> = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.constantFrom(1e308, -1e308, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, 0.5, -0),
      text,
      fc.array(text, { maxLength: 3 }),
      fc.array(fc.constant(null), { maxLength: 2 }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const keys = fc.constantFrom(
      'title',
      'summary',
      'publicSummary',
      'regime',
      'category',
      'provisions',
      'occurredFrom',
      'occurredTo',
      'datePrecision',
      'locations',
      'actors',
      'quantities',
      'tags',
      'version',
      'action',
      'note',
      'confidence',
      'assigneeId',
      'email',
      'password',
      'refreshToken',
      'currentPassword',
      'newPassword',
      'displayName',
      'roles',
      'active',
      'decision',
      'format',
      'scope',
      'filters',
      'fields',
      'url',
      'events',
      'secret',
      'kind',
      'name',
      'reliability',
      'credibility',
      'independenceGroup',
      'confidential',
      'contact',
      'notes',
      'publishedAt',
      'sourceId',
      'text',
      'description',
      'capturedAt',
      'code',
      'label',
      'regimeCode',
    );
    const body = fc.oneof(
      fc.dictionary(keys, value, { maxKeys: 8 }),
      fc.jsonValue({ maxDepth: 3 }),
      fc.integer({ min: 33, max: 4000 }).map((depth) => nested(depth)),
    );
    const queryKeys = fc.constantFrom(
      'limit',
      'cursor',
      'status',
      'regime',
      'category',
      'provision',
      'country',
      'tag',
      'assigneeId',
      'createdBy',
      'occurredFrom',
      'occurredTo',
      'q',
      'sort',
      'unread',
      'actorId',
      'entityType',
      'entityId',
      'action',
      'from',
      'to',
    );
    const query = fc.dictionary(queryKeys, fc.oneof(text, cursor, fc.integer().map(String)), {
      maxKeys: 4,
    });
    const pathValue = fc.constantFrom(
      uuid,
      incidentId,
      'not-a-uuid',
      'INC-2025-0001',
      '%00',
      'a'.repeat(300),
      'webhooks',
      '1',
      '..',
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        body,
        query,
        pathValue,
        fc.boolean(),
        async (route, payload, parameters, id, anonymous) => {
          const path = route.path.replace(/:[A-Za-z]+/g, encodeURIComponent(id));
          const call = http()[route.method](path).query(parameters);
          if (!anonymous) void call.set(admin.auth);
          if (route.method !== 'get' && route.method !== 'delete') {
            void call.set('Content-Type', 'application/json');
            void call.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
          }
          const response = await call;
          sent += 1;
          if (response.status >= 500) {
            throw new Error(
              `${route.method.toUpperCase()} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
            );
          }
          if (response.status >= 400) expectErrorBody(response);
        },
      ),
      { numRuns: 1500 },
    );
    expect(sent).toBe(1500);
    expect(t.logLines.filter((line) => line.includes('unexpected error'))).toEqual([]);
  }, 120_000);

  it('answers 400, not 500, for NUL characters in text, JSON fields and search', async () => {
    const nulTitle = await http().post('/api/v1/incidents').set(monitor.auth).send({
      title: 'a\u0000bcd',
      regime: 'UN-1718',
      category: 'overseas_labor',
      occurredFrom: '2025-01-01',
      occurredTo: '2025-01-02',
    });
    expectError(nulTitle, 400, 'A value is not valid for this field');
    const nulPlace = await http()
      .post('/api/v1/incidents')
      .set(monitor.auth)
      .send({
        title: 'Valid title',
        regime: 'UN-1718',
        category: 'overseas_labor',
        occurredFrom: '2025-01-01',
        occurredTo: '2025-01-02',
        locations: [{ role: 'origin', countryCode: 'KP', placeName: 'Mu\u0000san' }],
      });
    expectError(nulPlace, 400);
    expectError(
      await http().get('/api/v1/incidents').query({ q: 'a\u0000b' }).set(monitor.auth),
      400,
    );
    expect(
      t.logLines.filter((line) => line.includes('Mu\\u0000san') || line.includes('a\\u0000bcd')),
    ).toEqual([]);
  });
});
