import request, { Response } from 'supertest';
import { ErrorBody } from '../src/common/error-body';
import { UserDto } from '../src/users/dto/user.dto';
import { createTestApp, TestApp } from './helpers/app';
import { Caller, createUser, login, PASSWORD, signIn } from './helpers/users';
import { expectError } from './helpers/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f';
const BAD_ACCESS = 'Missing, invalid, expired or revoked access token';
const fieldsOf = (body: ErrorBody): string[] =>
  (body.details as { field: string }[]).map((detail) => detail.field);

interface UserRow {
  email: string;
  display_name: string;
  roles: string[];
  active: boolean;
  version: number;
  password_hash: string;
}

describe('users (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const row = async (id: string): Promise<UserRow> => {
    const [found] = await t.dataSource.query<UserRow[]>(
      'SELECT email, display_name, roles, active, version, password_hash FROM users WHERE id = $1',
      [id],
    );
    return found;
  };
  const newUser = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    email: `new-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`,
    displayName: 'New Person',
    password: PASSWORD,
    roles: ['writer'],
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    monitor = await signIn(t, 'monitor');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('POST /api/v1/users', () => {
    it('creates a user (201) without exposing the password hash', async () => {
      const input = newUser({
        email: `  Ana.Lopez-${Date.now()}@Example.ORG `,
        roles: ['writer', 'verifier'],
      });

      const response = await http().post('/api/v1/users').set(admin.auth).send(input);

      expect(response.status).toBe(201);
      const email = (input.email as string).trim().toLowerCase();
      expect(response.body).toEqual({
        id: expect.stringMatching(UUID),
        email,
        displayName: 'New Person',
        roles: ['writer', 'verifier'],
        active: true,
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      expect(response.text).not.toMatch(/password|\$argon2/i);
      const created = response.body as UserDto;
      const stored = await row(created.id);
      expect(stored.email).toBe(email);
      const [, params] = /^\$argon2id\$v=19\$([^$]+)\$/.exec(stored.password_hash) ?? [];
      const cost = Object.fromEntries(
        params.split(',').map((pair) => pair.split('=') as [string, string]),
      );
      expect(Number(cost.m)).toBeGreaterThanOrEqual(19_456);
      expect(Number(cost.t)).toBeGreaterThanOrEqual(2);
      expect(Number(cost.p)).toBeGreaterThanOrEqual(1);
      const audit = await t.dataSource.query<{ actor_id: string; action: string }[]>(
        'SELECT actor_id, action FROM audit_events WHERE entity_id = $1',
        [created.id],
      );
      expect(audit).toEqual([{ actor_id: admin.user.id, action: 'user.created' }]);

      const signedIn = await login(t, email);
      expect(signedIn.user.roles).toEqual(['writer', 'verifier']);
    });

    it('answers 409 to the same email in another case and creates nothing', async () => {
      const input = newUser();
      expect((await http().post('/api/v1/users').set(admin.auth).send(input)).status).toBe(201);

      const response = await http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ ...input, email: (input.email as string).toUpperCase(), displayName: 'Twin' });

      expectError(response, 409, 'A user with this email already exists');
      const [{ count }] = await t.dataSource.query<{ count: string }[]>(
        'SELECT count(*) FROM users WHERE email = $1',
        [input.email],
      );
      expect(count).toBe('1');
    });

    it.each([
      ['a password under 12 characters', { password: 'elevenchars' }, ['password']],
      ['an unknown role', { roles: ['superuser'] }, ['roles']],
      ['no role at all', { roles: [] }, ['roles']],
      ['an invalid email', { email: 'not-an-email' }, ['email']],
      ['an unknown field', { isAdmin: true }, ['isAdmin']],
    ])('answers 400 to %s, naming the field', async (_label, over, fields) => {
      const input = newUser(over);

      const response = await http().post('/api/v1/users').set(admin.auth).send(input);

      const body = expectError(response, 400, 'Validation failed');
      expect(fieldsOf(body)).toEqual(fields);
      expect(JSON.stringify(body)).not.toContain(PASSWORD);
      const rows = await t.dataSource.query<unknown[]>('SELECT 1 FROM users WHERE email = $1', [
        input.email,
      ]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('access', () => {
    it.each([
      ['post', '/api/v1/users'],
      ['get', '/api/v1/users'],
      ['get', '/api/v1/users/:id'],
      ['patch', '/api/v1/users/:id'],
    ] as const)('refuses a monitor with 403 on %s %s', async (method, path) => {
      const target = await createUser(t, ['writer']);
      const input = newUser();
      const call = http()[method](path.replace(':id', target.id)).set(monitor.auth);
      if (method === 'post') void call.send(input);
      if (method === 'patch') void call.send({ displayName: 'Hijacked', version: target.version });

      expectError(await call, 403, 'This action needs one of the roles: admin');

      expect(await row(target.id)).toMatchObject({ display_name: target.displayName, version: 1 });
      const rows = await t.dataSource.query<unknown[]>('SELECT 1 FROM users WHERE email = $1', [
        input.email,
      ]);
      expect(rows).toHaveLength(0);
    });

    it('refuses a caller without a token with 401', async () => {
      expectError(await http().get('/api/v1/users'), 401, BAD_ACCESS);
      expectError(await http().post('/api/v1/users').send(newUser()), 401, BAD_ACCESS);
    });
  });

  describe('GET /api/v1/users', () => {
    it('pages through every user with a keyset cursor, without repeats', async () => {
      for (let i = 0; i < 7; i += 1) await createUser(t, ['writer']);
      const [{ count }] = await t.dataSource.query<{ count: string }[]>(
        'SELECT count(*) FROM users',
      );

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response: Response = await http()
          .get('/api/v1/users')
          .query(cursor ? { limit: 3, cursor } : { limit: 3 })
          .set(admin.auth);
        expect(response.status).toBe(200);
        const page = response.body as { items: UserDto[]; nextCursor: string | null };
        expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor']);
        expect(page.items.length).toBeLessThanOrEqual(3);
        expect(response.text).not.toMatch(/password|\$argon2/i);
        seen.push(...page.items.map((user) => user.id));
        cursor = page.nextCursor;
        pages += 1;
        if (cursor !== null) expect(page.items).toHaveLength(3);
      } while (cursor !== null && pages < 20);

      expect(cursor).toBeNull();
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(Number(count));
      expect(pages).toBe(Math.ceil(Number(count) / 3));
      expect(seen).toEqual(expect.arrayContaining([admin.user.id, monitor.user.id]));
    });

    it('defaults to 25 items and answers nextCursor null on the last page', async () => {
      const response = await http().get('/api/v1/users').set(admin.auth);

      expect(response.status).toBe(200);
      const page = response.body as { items: UserDto[]; nextCursor: string | null };
      const [{ count }] = await t.dataSource.query<{ count: string }[]>(
        'SELECT count(*) FROM users',
      );
      expect(page.items).toHaveLength(Math.min(25, Number(count)));
      expect(page.nextCursor).toEqual(Number(count) > 25 ? expect.any(String) : null);
      expect(page.items[0]).toEqual({
        id: expect.stringMatching(UUID),
        email: expect.any(String),
        displayName: expect.any(String),
        roles: expect.any(Array),
        active: expect.any(Boolean),
        version: expect.any(Number),
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
    });

    it.each([
      ['a garbage cursor', { cursor: 'not a cursor!' }, 'cursor is not valid'],
      [
        'a cursor of the wrong shape',
        { cursor: Buffer.from(JSON.stringify({ a: 1 })).toString('base64url') },
        'cursor is not valid',
      ],
      [
        'a well-formed cursor holding no timestamp or id',
        { cursor: Buffer.from(JSON.stringify(['yesterday', 'nobody'])).toString('base64url') },
        'cursor is not valid',
      ],
      [
        'a cursor with an impossible date',
        {
          cursor: Buffer.from(JSON.stringify(['2024-02-31T10:11:12.123456Z', UNKNOWN_ID])).toString(
            'base64url',
          ),
        },
        'cursor is not valid',
      ],
      [
        'a cursor whose id is no UUID',
        {
          cursor: Buffer.from(
            JSON.stringify(['2024-02-01T10:11:12.123456Z', 'a'.repeat(36)]),
          ).toString('base64url'),
        },
        'cursor is not valid',
      ],
      ['limit=0', { limit: 0 }, 'Validation failed'],
      ['limit=101', { limit: 101 }, 'Validation failed'],
      ['limit=abc', { limit: 'abc' }, 'Validation failed'],
      ['an unknown query parameter', { offset: 10 }, 'Validation failed'],
    ])('answers 400 to %s', async (_label, query, message) => {
      const response = await http().get('/api/v1/users').query(query).set(admin.auth);

      expectError(response, 400, message);
    });
  });

  describe('GET /api/v1/users/:id', () => {
    it('returns one user', async () => {
      const user = await createUser(t, ['verifier']);

      const response = await http().get(`/api/v1/users/${user.id}`).set(admin.auth);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(user);
      expect(response.text).not.toMatch(/password|\$argon2/i);
    });

    it('answers 400 to a malformed UUID', async () => {
      const response = await http().get('/api/v1/users/not-a-uuid').set(admin.auth);

      expectError(response, 400, 'id must be a UUID');
    });

    it('answers 404 to an unknown UUID', async () => {
      const response = await http().get(`/api/v1/users/${UNKNOWN_ID}`).set(admin.auth);

      expectError(response, 404, 'User not found');
    });
  });

  describe('PATCH /api/v1/users/:id', () => {
    const patch = (id: string, body: object, caller = admin): request.Test =>
      http().patch(`/api/v1/users/${id}`).set(caller.auth).send(body);

    it('updates the fields given and bumps the version', async () => {
      const user = await createUser(t, ['writer']);

      const response = await patch(user.id, {
        displayName: 'Renamed Person',
        roles: ['writer', 'verifier'],
        version: 1,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        ...user,
        displayName: 'Renamed Person',
        roles: ['writer', 'verifier'],
        version: 2,
        updatedAt: expect.stringMatching(ISO),
      });
      expect(await row(user.id)).toMatchObject({
        display_name: 'Renamed Person',
        roles: ['writer', 'verifier'],
        version: 2,
      });
    });

    it('answers 409 to a stale version and changes nothing', async () => {
      const user = await createUser(t, ['writer']);
      expect((await patch(user.id, { displayName: 'First Edit', version: 1 })).status).toBe(200);
      const before = await row(user.id);

      const response = await patch(user.id, {
        displayName: 'Second Edit',
        roles: ['admin'],
        active: false,
        version: 1,
      });

      expectError(response, 409, /changed by someone else/);
      expect(await row(user.id)).toEqual(before);
      expect(before).toMatchObject({ display_name: 'First Edit', version: 2, active: true });
      const audit = await t.dataSource.query<{ action: string }[]>(
        `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`,
        [user.id],
      );
      expect(audit.map((event) => event.action)).toEqual(['user.created', 'user.updated']);
    });

    it('answers 400 without a version, to an unknown field, and to a malformed UUID', async () => {
      const user = await createUser(t, ['writer']);

      const noVersion = expectError(await patch(user.id, { displayName: 'X' }), 400);
      expect(fieldsOf(noVersion)).toEqual(['version']);
      const unknown = expectError(
        await patch(user.id, { email: 'x@example.org', version: 1 }),
        400,
      );
      expect(fieldsOf(unknown)).toEqual(['email']);
      expectError(await patch('12345', { version: 1 }), 400, 'id must be a UUID');
      expect((await row(user.id)).version).toBe(1);
    });

    it('answers 404 to an unknown UUID', async () => {
      expectError(
        await patch(UNKNOWN_ID, { displayName: 'Ghost', version: 1 }),
        404,
        'User not found',
      );
    });

    it("deactivation ends the user's access at once", async () => {
      const target = await signIn(t, 'writer');
      expect((await http().get('/api/v1/auth/me').set(target.auth)).status).toBe(200);

      const response = await patch(target.user.id, { active: false, version: 1 });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: target.user.id, active: false, version: 2 });
      expectError(await http().get('/api/v1/auth/me').set(target.auth), 401, BAD_ACCESS);
      expectError(
        await http().post('/api/v1/auth/refresh').send({ refreshToken: target.refreshToken }),
        401,
      );
      expectError(
        await http()
          .post('/api/v1/auth/login')
          .send({ email: target.user.email, password: PASSWORD }),
        401,
        'Invalid email or password',
      );
    });

    it('refuses to let an admin deactivate themselves or drop their own admin role (422)', async () => {
      const self = await signIn(t, 'admin');

      expectError(
        await patch(self.user.id, { active: false, version: 1 }, self),
        422,
        /cannot deactivate themselves/,
      );
      expectError(
        await patch(self.user.id, { roles: ['monitor'], version: 1 }, self),
        422,
        /drop their own admin role/,
      );

      expect(await row(self.user.id)).toMatchObject({ active: true, roles: ['admin'], version: 1 });
      expect((await http().get('/api/v1/users').set(self.auth)).status).toBe(200);
    });

    it('applies a role change on the next request with the same token', async () => {
      const promoted = await signIn(t, 'monitor');
      expectError(await http().get('/api/v1/users').set(promoted.auth), 403);

      const response = await patch(promoted.user.id, { roles: ['monitor', 'admin'], version: 1 });
      expect(response.status).toBe(200);

      const list = await http().get('/api/v1/users').set(promoted.auth);
      expect(list.status).toBe(200);
      expect((list.body as { items: unknown[] }).items.length).toBeGreaterThan(0);

      const demoted = await patch(promoted.user.id, { roles: ['monitor'], version: 2 });
      expect(demoted.status).toBe(200);
      expectError(await http().get('/api/v1/users').set(promoted.auth), 403);
    });
  });

  describe('GET /api/v1/users/directory', () => {
    it('gives every staff role the names, roles and standing of all users, and no e-mail', async () => {
      const leaving = await createUser(t, ['verifier']);
      const deactivated = await http()
        .patch(`/api/v1/users/${leaving.id}`)
        .set(admin.auth)
        .send({ active: false, version: leaving.version });
      expect(deactivated.status).toBe(200);
      for (const roles of [['monitor'], ['verifier'], ['writer'], ['admin']] as const) {
        const caller = await signIn(t, ...roles);
        const response = await http().get('/api/v1/users/directory').set(caller.auth);
        expect(response.status).toBe(200);
        const { items } = response.body as {
          items: { id: string; displayName: string; roles: string[]; active: boolean }[];
        };
        expect(items).toContainEqual({
          id: monitor.user.id,
          displayName: monitor.user.displayName,
          roles: ['monitor'],
          active: true,
        });
        expect(items).toContainEqual({
          id: leaving.id,
          displayName: leaving.displayName,
          roles: ['verifier'],
          active: false,
        });
        for (const item of items)
          expect(Object.keys(item).sort()).toEqual(['active', 'displayName', 'id', 'roles']);
        expect(response.text).not.toContain('@example.org');
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    it('is 401 without a token', async () => {
      expectError(await http().get('/api/v1/users/directory'), 401);
    });
  });
});
