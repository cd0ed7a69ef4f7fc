import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/app';
import { Caller, createUser, login, PASSWORD, signIn } from './helpers/users';
import { expectError } from './helpers/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BAD_CREDENTIALS = 'Invalid email or password';
const BAD_ACCESS = 'Missing, invalid, expired or revoked access token';
const BAD_REFRESH = 'Refresh token is invalid, expired or revoked';
const NEW_PASSWORD = 'a brand new passphrase 2024';
function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until just after a wall-clock second begins, so the next steps share one JWT `iat`. */
async function startOfNextSecond(): Promise<void> {
  await sleep(1000 - (Date.now() % 1000) + 10);
}

describe('auth (e2e)', () => {
  let t: TestApp;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const me = (token: string): request.Test =>
    http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const refresh = (refreshToken: string): request.Test =>
    http().post('/api/v1/auth/refresh').send({ refreshToken });
  /** Moves every exchange back out of REFRESH_GRACE: a reuse from then on is a reuse. */
  const pastTheGrace = (): Promise<unknown> =>
    t.dataSource.query(
      `UPDATE refresh_tokens SET consumed_at = consumed_at - interval '1 hour' WHERE consumed_at IS NOT NULL`,
    );

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('POST /api/v1/auth/login', () => {
    it('returns tokens and the user, and never a password hash', async () => {
      const user = await createUser(t, ['monitor']);

      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.any(String),
        expiresIn: 15 * 60,
        user: {
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          roles: ['monitor'],
          active: true,
        },
      });
      expect(response.text).not.toMatch(/passwordHash|password_hash|\$argon2/);
      const body = response.body as { accessToken: string; refreshToken: string };
      const [refreshId, refreshSecret] = body.refreshToken.split('.');
      expect(refreshId).toMatch(UUID);
      expect(refreshSecret).toMatch(/^[\w-]{43}$/);
      const claims = jwtPayload(body.accessToken);
      expect(claims.sid).toMatch(UUID);
      expect(claims).toMatchObject({ sub: user.id, roles: ['monitor'], aud: 'sanctions-tracker' });
      expect(claims.exp).toBe((claims.iat as number) + 15 * 60);
      expect(
        JSON.parse(Buffer.from(body.accessToken.split('.')[0], 'base64url').toString()),
      ).toEqual(expect.objectContaining({ alg: 'HS256' }));

      const who = await me(body.accessToken);
      expect(who.status).toBe(200);
      expect(who.body).toEqual({
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        roles: ['monitor'],
        active: true,
      });
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const user = await createUser(t, ['writer']);

      const wrongPassword = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'not the password at all' });
      const unknownEmail = await http()
        .post('/api/v1/auth/login')
        .send({ email: `nobody-${Date.now()}@example.org`, password: PASSWORD });

      const a = expectError(wrongPassword, 401, BAD_CREDENTIALS);
      const b = expectError(unknownEmail, 401, BAD_CREDENTIALS);
      expect(a.message).toBe(b.message);
      expect(a.details).toBeUndefined();
      expect(b.details).toBeUndefined();
      expect(a.requestId).not.toBe(b.requestId);
    });

    it('refuses a deactivated user even with the right password', async () => {
      const user = await createUser(t, ['verifier']);
      await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [user.id]);

      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD });

      expectError(response, 401, BAD_CREDENTIALS);
      expect(response.body).not.toHaveProperty('accessToken');
    });

    it('treats the email case-insensitively', async () => {
      const user = await createUser(t, ['monitor'], `Mixed.Case-${Date.now()}@Example.ORG`);
      expect(user.email).toBe(user.email.toLowerCase());

      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: `  ${user.email.toUpperCase()} `, password: PASSWORD });

      expect(response.status).toBe(200);
      expect((response.body as { user: { id: string } }).user.id).toBe(user.id);
    });

    it('rejects an unknown field with 400 naming the field', async () => {
      const user = await createUser(t, ['monitor']);

      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD, rememberMe: true });

      const body = expectError(response, 400, 'Validation failed');
      expect(body.details).toEqual([
        { field: 'rememberMe', errors: [expect.stringContaining('rememberMe')] },
      ]);
    });

    it('rejects a missing or mistyped field with 400 naming it', async () => {
      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: 'someone@example.org', password: 12345 });

      const body = expectError(response, 400, 'Validation failed');
      expect(body.details).toEqual([{ field: 'password', errors: expect.any(Array) }]);
    });

    it('rejects malformed JSON with 400', async () => {
      const response = await http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email": "a@example.org", "password": ');

      expectError(response, 400, /not valid JSON/);
    });
  });

  describe('access tokens', () => {
    let caller: Caller;
    let sid: string;
    const jwt = new JwtService();
    const secret = (): string => t.config.jwtSecret;

    beforeAll(async () => {
      caller = await signIn(t, 'monitor');
      sid = jwtPayload(caller.accessToken).sid as string;
    });

    const claims = (): Record<string, unknown> => ({
      sub: caller.user.id,
      sid,
      roles: ['monitor'],
    });

    it('accepts a token signed like the service signs them (control for the cases below)', async () => {
      const token = jwt.sign(claims(), {
        secret: secret(),
        algorithm: 'HS256',
        audience: 'sanctions-tracker',
        expiresIn: 60,
      });

      const response = await me(token);

      expect(response.status).toBe(200);
      expect((response.body as { id: string }).id).toBe(caller.user.id);
    });

    it('refuses a request without a token', async () => {
      expectError(await http().get('/api/v1/auth/me'), 401, BAD_ACCESS);
    });

    it('refuses a garbage token', async () => {
      expectError(await me('not-a-jwt'), 401, BAD_ACCESS);
      expectError(
        await http().get('/api/v1/auth/me').set('Authorization', caller.accessToken),
        401,
        BAD_ACCESS,
      );
    });

    it('refuses a token signed with another secret', async () => {
      const token = jwt.sign(claims(), {
        secret: 'another-secret-that-is-long-enough-0123456789',
        algorithm: 'HS256',
        audience: 'sanctions-tracker',
        expiresIn: 60,
      });
      expectError(await me(token), 401, BAD_ACCESS);
    });

    it('refuses a token whose signature was tampered with', async () => {
      const [header, , signature] = caller.accessToken.split('.');
      const payload = b64url({ ...jwtPayload(caller.accessToken), roles: ['admin'] });
      expectError(await me(`${header}.${payload}.${signature}`), 401, BAD_ACCESS);
    });

    it('refuses a token for another audience', async () => {
      const token = jwt.sign(claims(), {
        secret: secret(),
        algorithm: 'HS256',
        audience: 'some-other-service',
        expiresIn: 60,
      });
      expectError(await me(token), 401, BAD_ACCESS);
    });

    it('refuses an unsigned token (alg "none")', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
        ...claims(),
        aud: 'sanctions-tracker',
        iat: now,
        exp: now + 60,
      })}.`;
      expectError(await me(token), 401, BAD_ACCESS);
    });

    it('refuses a token signed with HS512 even with the right secret', async () => {
      const token = jwt.sign(claims(), {
        secret: secret(),
        algorithm: 'HS512',
        audience: 'sanctions-tracker',
        expiresIn: 60,
      });
      expectError(await me(token), 401, BAD_ACCESS);
    });

    it('refuses a well-signed token without exp: tokens never last forever', async () => {
      const token = jwt.sign(claims(), {
        secret: secret(),
        algorithm: 'HS256',
        audience: 'sanctions-tracker',
      });
      expect(jwtPayload(token)).not.toHaveProperty('exp');
      expectError(await me(token), 401, BAD_ACCESS);
    });

    it.each<[string, unknown]>([
      ['a number', 12345],
      ['an array holding the UUID', ['SUB']],
      ['an object', { id: 'SUB' }],
      ['null', null],
    ])('refuses a well-signed token whose sub is %s with 401', async (_what, sub) => {
      const value = JSON.parse(JSON.stringify(sub).replace('SUB', caller.user.id)) as unknown;
      const token = jwt.sign(
        { ...claims(), sub: value },
        { secret: secret(), algorithm: 'HS256', audience: 'sanctions-tracker', expiresIn: 60 },
      );
      expectError(await me(token), 401, BAD_ACCESS);
    });

    it('refuses a well-signed token whose sub or sid is not a UUID', async () => {
      const token = jwt.sign(
        { ...claims(), sid: "x' OR 1=1 --" },
        { secret: secret(), algorithm: 'HS256', audience: 'sanctions-tracker', expiresIn: 60 },
      );
      expectError(await me(token), 401, BAD_ACCESS);
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('rotates: issues new tokens and refuses the old refresh token', async () => {
      const caller = await signIn(t, 'writer');

      const first = await refresh(caller.refreshToken);
      expect(first.status).toBe(200);
      const rotated = first.body as { accessToken: string; refreshToken: string; user: unknown };
      expect(rotated).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 15 * 60,
        user: caller.user,
      });
      expect(rotated.refreshToken).not.toBe(caller.refreshToken);
      expect(jwtPayload(rotated.accessToken).sid).toBe(jwtPayload(caller.accessToken).sid);
      expect((await me(rotated.accessToken)).status).toBe(200);

      await pastTheGrace();
      expectError(await refresh(caller.refreshToken), 401, BAD_REFRESH);
    });

    it('revokes the whole family when a rotated token is reused', async () => {
      const caller = await signIn(t, 'writer');
      const second = (await refresh(caller.refreshToken)).body as { refreshToken: string };
      const third = await refresh(second.refreshToken);
      expect(third.status).toBe(200);
      const newest = third.body as { accessToken: string; refreshToken: string };
      expect((await me(newest.accessToken)).status).toBe(200);

      await pastTheGrace();
      expectError(await refresh(caller.refreshToken), 401, BAD_REFRESH);

      expectError(await refresh(newest.refreshToken), 401, BAD_REFRESH);
      expectError(await me(newest.accessToken), 401, BAD_ACCESS);
      expectError(await me(caller.accessToken), 401, BAD_ACCESS);
      const [session] = await t.dataSource.query<{ revoked_reason: string | null }[]>(
        'SELECT revoked_reason FROM sessions WHERE id = $1',
        [jwtPayload(caller.accessToken).sid],
      );
      expect(session.revoked_reason).toBe('refresh_reuse');
    });

    it('gives two refreshes of one token within REFRESH_GRACE the same successor', async () => {
      const caller = await signIn(t, 'writer');
      const [a, b] = await Promise.all([
        refresh(caller.refreshToken),
        refresh(caller.refreshToken),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const first = a.body as { accessToken: string; refreshToken: string };
      const second = b.body as { accessToken: string; refreshToken: string };
      expect(second.refreshToken).toBe(first.refreshToken);
      expect(second.refreshToken).not.toBe(caller.refreshToken);
      expect(jwtPayload(second.accessToken).sid).toBe(jwtPayload(caller.accessToken).sid);
      expect((await me(first.accessToken)).status).toBe(200);
      expect((await me(second.accessToken)).status).toBe(200);
      // A retry a moment later still gets it, and the session lives on.
      const retried = await refresh(caller.refreshToken);
      expect(retried.status).toBe(200);
      expect((retried.body as { refreshToken: string }).refreshToken).toBe(first.refreshToken);
      const next = await refresh(first.refreshToken);
      expect(next.status).toBe(200);
      const events = await t.dataSource.query<{ count: string }[]>(
        `SELECT count(*) FROM audit_events WHERE action = 'auth.refreshed' AND entity_id = $1`,
        [jwtPayload(caller.accessToken).sid],
      );
      expect(Number(events[0].count)).toBe(2);
    });

    it('revokes the family when a token is presented again after REFRESH_GRACE', async () => {
      const caller = await signIn(t, 'writer');
      const successor = (await refresh(caller.refreshToken)).body as {
        accessToken: string;
        refreshToken: string;
      };
      await pastTheGrace();
      expectError(await refresh(caller.refreshToken), 401, BAD_REFRESH);
      expectError(await refresh(successor.refreshToken), 401, BAD_REFRESH);
      expectError(await me(successor.accessToken), 401, BAD_ACCESS);
      const [session] = await t.dataSource.query<{ revoked_reason: string | null }[]>(
        'SELECT revoked_reason FROM sessions WHERE id = $1',
        [jwtPayload(caller.accessToken).sid],
      );
      expect(session.revoked_reason).toBe('refresh_reuse');
    });

    it('leaves the other sessions of the same user alone when one family is revoked', async () => {
      const user = await createUser(t, ['monitor']);
      const laptop = await login(t, user.email);
      const phone = await login(t, user.email);
      await refresh(laptop.refreshToken);

      await pastTheGrace();
      expectError(await refresh(laptop.refreshToken), 401, BAD_REFRESH);

      expect((await me(phone.accessToken)).status).toBe(200);
      expect((await refresh(phone.refreshToken)).status).toBe(200);
    });

    it.each([
      ['garbage', 'garbage'],
      ['no secret part', '3b241101-e2bb-4255-8caf-4136c566a962'],
      ['unknown id', '3b241101-e2bb-4255-8caf-4136c566a962.c2VjcmV0'],
      ['36 hex digits that are no UUID', `${'a'.repeat(36)}.c2VjcmV0`],
      ['36 dashes', `${'-'.repeat(36)}.c2VjcmV0`],
      ['empty', ''],
    ])('answers 401 to a refresh token that is %s', async (_label, token) => {
      expectError(await refresh(token), 401, BAD_REFRESH);
    });

    it('answers 401 to a real token id with a wrong secret', async () => {
      const caller = await signIn(t, 'monitor');
      const [id] = caller.refreshToken.split('.');

      expectError(
        await refresh(`${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`),
        401,
        BAD_REFRESH,
      );
      // A failed guess must not burn the real token.
      expect((await refresh(caller.refreshToken)).status).toBe(200);
    });

    it('answers 401 to a body without a refresh token and no cookie', async () => {
      expectError(await http().post('/api/v1/auth/refresh').send({}), 401, BAD_REFRESH);
    });

    it('answers 400 to a refresh token that is not a string', async () => {
      const body = expectError(
        await http().post('/api/v1/auth/refresh').send({ refreshToken: 42 }),
        400,
      );
      expect(body.details).toEqual([{ field: 'refreshToken', errors: expect.any(Array) }]);
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it('revokes the session: its refresh and access tokens stop working', async () => {
      const caller = await signIn(t, 'verifier');

      const response = await http()
        .post('/api/v1/auth/logout')
        .set(caller.auth)
        .send({ refreshToken: caller.refreshToken });

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expectError(await refresh(caller.refreshToken), 401, BAD_REFRESH);
      expectError(await me(caller.accessToken), 401, BAD_ACCESS);
    });

    it("refuses to log out someone else's refresh token, which keeps working", async () => {
      const alice = await signIn(t, 'monitor');
      const bob = await signIn(t, 'monitor');

      const response = await http()
        .post('/api/v1/auth/logout')
        .set(alice.auth)
        .send({ refreshToken: bob.refreshToken });

      expectError(response, 401, BAD_REFRESH);
      expect((await me(bob.accessToken)).status).toBe(200);
      expect((await me(alice.accessToken)).status).toBe(200);
      expect((await refresh(bob.refreshToken)).status).toBe(200);
    });

    it('answers 401 to a malformed refresh token', async () => {
      const caller = await signIn(t, 'monitor');

      const response = await http()
        .post('/api/v1/auth/logout')
        .set(caller.auth)
        .send({ refreshToken: `${'a'.repeat(36)}.c2VjcmV0` });

      expectError(response, 401, BAD_REFRESH);
      expect((await me(caller.accessToken)).status).toBe(200);
    });

    it('needs an access token', async () => {
      const caller = await signIn(t, 'monitor');
      const response = await http()
        .post('/api/v1/auth/logout')
        .send({ refreshToken: caller.refreshToken });

      expectError(response, 401, BAD_ACCESS);
      expect((await refresh(caller.refreshToken)).status).toBe(200);
    });
  });

  describe('POST /api/v1/auth/password', () => {
    const change = (caller: Caller, body: object): request.Test =>
      http().post('/api/v1/auth/password').set(caller.auth).send(body);

    it('rejects a new password shorter than 12 characters with 400', async () => {
      const caller = await signIn(t, 'monitor');

      const response = await change(caller, { currentPassword: PASSWORD, newPassword: 'short-pw' });

      const body = expectError(response, 400, 'Validation failed');
      expect(body.details).toEqual([{ field: 'newPassword', errors: expect.any(Array) }]);
      expect((await me(caller.accessToken)).status).toBe(200);
      await expect(login(t, caller.user.email)).resolves.toMatchObject({ user: caller.user });
    });

    it('rejects a wrong current password with 422 and changes nothing', async () => {
      const caller = await signIn(t, 'monitor');

      const response = await change(caller, {
        currentPassword: 'this is not my password',
        newPassword: NEW_PASSWORD,
      });

      expectError(response, 422, 'Current password is wrong');
      expect((await me(caller.accessToken)).status).toBe(200);
      await expect(login(t, caller.user.email)).resolves.toMatchObject({ user: caller.user });
      await expect(login(t, caller.user.email, NEW_PASSWORD)).rejects.toThrow(/401/);
    });

    it('issues working tokens and ends every older token and session', async () => {
      const user = await createUser(t, ['writer']);
      const other = await login(t, user.email);
      // Start the session at the top of a second: the change below then falls in the same
      // second as the old access token's iat, which a whole-second check cannot tell apart.
      await startOfNextSecond();
      const caller = await login(t, user.email);

      const response = await change(caller, {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      });

      expect(response.status).toBe(200);
      const tokens = response.body as { accessToken: string; refreshToken: string };
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 15 * 60,
        user: caller.user,
      });
      expect(response.text).not.toMatch(/passwordHash|\$argon2/);
      const who = await me(tokens.accessToken);
      expect(who.status).toBe(200);
      expect((who.body as { id: string }).id).toBe(user.id);

      expectError(await me(caller.accessToken), 401, BAD_ACCESS);
      expectError(await me(other.accessToken), 401, BAD_ACCESS);
      expectError(await refresh(other.refreshToken), 401, BAD_REFRESH);
      expectError(await refresh(caller.refreshToken), 401, BAD_REFRESH);

      // The new session still works after all those refusals.
      const rotated = await refresh(tokens.refreshToken);
      expect(rotated.status).toBe(200);
      expect((await me((rotated.body as { accessToken: string }).accessToken)).status).toBe(200);

      expectError(
        await http().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }),
        401,
        BAD_CREDENTIALS,
      );
      const again = await login(t, user.email, NEW_PASSWORD);
      expect(again.user.id).toBe(user.id);
    });

    it('rejects a new password equal to the current one with 422', async () => {
      const caller = await signIn(t, 'monitor');

      const response = await change(caller, { currentPassword: PASSWORD, newPassword: PASSWORD });

      expectError(response, 422, 'New password must differ from the current one');
      expect((await me(caller.accessToken)).status).toBe(200);
    });

    it('needs an access token', async () => {
      const response = await http()
        .post('/api/v1/auth/password')
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });

      expectError(response, 401, BAD_ACCESS);
    });
  });
});

describe('access token expiry (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL: 'PT1S' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses an access token once it has expired', async () => {
    const caller = await signIn(t, 'monitor');
    const claims = jwtPayload(caller.accessToken);
    expect(claims.exp).toBe((claims.iat as number) + 1);

    await sleep(2100);

    expectError(
      await request(t.app.getHttpServer()).get('/api/v1/auth/me').set(caller.auth),
      401,
      BAD_ACCESS,
    );
    // The session itself lives on: the refresh token still yields a fresh access token.
    const renewed = await request(t.app.getHttpServer())
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: caller.refreshToken });
    expect(renewed.status).toBe(200);
    expect((renewed.body as { expiresIn: number }).expiresIn).toBe(1);
  });
});

describe('login throttling (e2e)', () => {
  describe('per account', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    });

    afterAll(async () => {
      await t?.close();
    });

    it('answers 429 with Retry-After after 3 failures, even with the right password', async () => {
      const user = await createUser(t, ['monitor']);
      const attempt = (email: string, password: string): request.Test =>
        request(t.app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });

      for (let i = 0; i < 3; i += 1) {
        expectError(await attempt(user.email, `wrong password ${i}`), 401, BAD_CREDENTIALS);
      }

      const blocked = await attempt(user.email.toUpperCase(), PASSWORD);

      expectError(blocked, 429, /too many/i);
      const retryAfter = blocked.headers['retry-after'];
      expect(retryAfter).toMatch(/^[1-9]\d*$/);
      expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60);
      expect(blocked.body).not.toHaveProperty('accessToken');

      // Another account from the same address is unaffected.
      const other = await createUser(t, ['monitor']);
      expect((await attempt(other.email, PASSWORD)).status).toBe(200);
    });

    it('resets the account counter after a successful login', async () => {
      const user = await createUser(t, ['monitor']);
      const attempt = (password: string): request.Test =>
        request(t.app.getHttpServer())
          .post('/api/v1/auth/login')
          .send({ email: user.email, password });

      expect((await attempt('wrong password one')).status).toBe(401);
      expect((await attempt('wrong password two')).status).toBe(401);
      expect((await attempt(PASSWORD)).status).toBe(200);
      expect((await attempt('wrong password three')).status).toBe(401);
      expect((await attempt('wrong password four')).status).toBe(401);

      const response = await attempt(PASSWORD);
      expect(response.status).toBe(200);
      expect(response.body).toHaveProperty('accessToken');
    });
  });

  describe('per client address', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ LOGIN_MAX_FAILURES_PER_IP: '3' });
    });

    afterAll(async () => {
      await t?.close();
    });

    it('answers 429 once one address has failed 3 times across different emails', async () => {
      const user = await createUser(t, ['monitor']);
      const attempt = (email: string, password: string): request.Test =>
        request(t.app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });

      for (let i = 0; i < 3; i += 1) {
        expectError(
          await attempt(`stranger-${i}-${Date.now()}@example.org`, `guess ${i} of many`),
          401,
          BAD_CREDENTIALS,
        );
      }

      const blocked = await attempt(user.email, PASSWORD);

      expectError(blocked, 429, /too many/i);
      expect(blocked.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    });
  });
});
