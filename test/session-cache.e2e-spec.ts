import request from 'supertest';
import { SessionCache } from '../src/session-cache/session-cache';
import { LISTENER_APPLICATION_NAME } from '../src/session-cache/session-cache.listener';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { incidentBody } from './helpers/incidents';
import { Caller, login, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

const BAD_ACCESS = 'Missing, invalid, expired or revoked access token';

/**
 * The API keeps a caller's session lookup for AUTH_CACHE_TTL (10 s by default). These tests
 * show that no change to a user or a session survives in it: changes through the API end access
 * at once, in this instance and in another one on the same database, and changes made straight
 * in the database end it as soon as PostgreSQL's notice arrives.
 */
describe('Caller cache (AUTH_CACHE_TTL)', () => {
  let t: TestApp;
  let admin: Caller;

  const me = (app: TestApp, caller: Caller): request.Test =>
    request(app.app.getHttpServer()).get('/api/v1/auth/me').set(caller.auth);
  const sql = (statement: string, parameters: unknown[]): Promise<unknown> =>
    t.dataSource.query(statement, parameters);
  const cache = (): SessionCache => t.app.get(SessionCache);

  /** Requests until the API refuses the token; the notice is asynchronous, so allow it a moment. */
  async function refusedSoon(app: TestApp, caller: Caller): Promise<void> {
    const response = await waitFor(
      'the token to be refused',
      () => me(app, caller),
      (answer) => answer.status === 401,
      5_000,
    );
    expectError(response, 401, BAD_ACCESS);
  }

  /** Two answers in a row from a warm cache: the caller is cached. */
  async function warm(app: TestApp, caller: Caller): Promise<void> {
    for (let i = 0; i < 2; i += 1) {
      const response = await me(app, caller);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: caller.user.id, active: true });
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
  });

  afterAll(async () => {
    await t.close();
  });

  it('is on and listening once the app has started', async () => {
    expect(cache().enabled).toBe(true);
    const listeners = await t.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_APPLICATION_NAME],
    );
    expect(Number(listeners[0].count)).toBe(1);
  });

  it('forgets a user deactivated straight in the database', async () => {
    const caller = await signIn(t, 'writer');
    await warm(t, caller);
    expect(cache().get(caller.user.id, tokenSession(caller))).toMatchObject({
      id: caller.user.id,
      roles: ['writer'],
    });

    await sql('UPDATE users SET active = false WHERE id = $1', [caller.user.id]);

    await refusedSoon(t, caller);
  });

  it('forgets a session revoked straight in the database, and only that user', async () => {
    const caller = await signIn(t, 'monitor');
    const bystander = await signIn(t, 'monitor');
    await warm(t, caller);
    await warm(t, bystander);

    await sql("UPDATE sessions SET revoked_at = now(), revoked_reason = 'ops' WHERE user_id = $1", [
      caller.user.id,
    ]);

    await refusedSoon(t, caller);
    const still = await me(t, bystander);
    expect(still.status).toBe(200);
    expect(still.body.id).toBe(bystander.user.id);
  });

  it('applies a role changed straight in the database to the next requests', async () => {
    const caller = await signIn(t, 'monitor');
    const created = await request(t.app.getHttpServer())
      .post('/api/v1/incidents')
      .set(caller.auth)
      .send(incidentBody());
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('intake');

    await sql(`UPDATE users SET roles = '{writer}' WHERE id = $1`, [caller.user.id]);

    const refused = await waitFor(
      'the monitor role to be gone',
      () =>
        request(t.app.getHttpServer())
          .post('/api/v1/incidents')
          .set(caller.auth)
          .send(incidentBody()),
      (answer) => answer.status === 403,
      5_000,
    );
    expectError(refused, 403);
  });

  it('ends access at once when the API deactivates a user (no waiting)', async () => {
    const caller = await signIn(t, 'verifier');
    await warm(t, caller);

    const patched = await request(t.app.getHttpServer())
      .patch(`/api/v1/users/${caller.user.id}`)
      .set(admin.auth)
      .send({ active: false, version: 1 });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);

    expectError(await me(t, caller), 401, BAD_ACCESS);
  });

  it('ends access at once on logout and after a password change (no waiting)', async () => {
    const leaving = await signIn(t, 'writer');
    await warm(t, leaving);
    const out = await request(t.app.getHttpServer())
      .post('/api/v1/auth/logout')
      .set(leaving.auth)
      .send({ refreshToken: leaving.refreshToken });
    expect(out.status).toBe(204);
    expect(out.body).toEqual({});
    expectError(await me(t, leaving), 401, BAD_ACCESS);

    const changing = await signIn(t, 'writer');
    await warm(t, changing);
    const changed = await request(t.app.getHttpServer())
      .post('/api/v1/auth/password')
      .set(changing.auth)
      .send({
        currentPassword: 'correct horse battery staple',
        newPassword: 'a brand new passphrase 42',
      });
    expect(changed.status).toBe(200);
    expect(changed.body.accessToken).toEqual(expect.any(String));
    expectError(await me(t, changing), 401, BAD_ACCESS);
  });

  it('reads the database for every request while the listener is away, then listens again', async () => {
    const caller = await signIn(t, 'writer');
    await warm(t, caller);

    const [{ terminated }] = await t.dataSource.query<{ terminated: boolean }[]>(
      `SELECT bool_or(pg_terminate_backend(pid)) AS terminated FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database()`,
      [LISTENER_APPLICATION_NAME],
    );
    expect(terminated).toBe(true);
    await waitFor(
      'the cache to close',
      async () => cache().enabled,
      (on) => !on,
      5_000,
    );
    expect(cache().size).toBe(0);

    // Nobody hears this change; without the cache the very next request sees it anyway.
    await sql('UPDATE users SET active = false WHERE id = $1', [caller.user.id]);
    expectError(await me(t, caller), 401, BAD_ACCESS);

    await waitFor(
      'the listener to reconnect',
      async () => cache().enabled,
      (on) => on,
      10_000,
    );
    const again = await signIn(t, 'writer');
    await warm(t, again);
    expect(cache().get(again.user.id, tokenSession(again))).toMatchObject({ id: again.user.id });
  });

  it('forgets every caller when the sessions table is truncated', async () => {
    const first = await signIn(t, 'writer');
    const second = await signIn(t, 'verifier');
    await warm(t, first);
    await warm(t, second);

    await t.dataSource.query('TRUNCATE sessions CASCADE');

    await refusedSoon(t, first);
    expectError(await me(t, second), 401, BAD_ACCESS);
    admin = await login(t, admin.user.email);
  });

  describe('with a second instance on the same database', () => {
    let other: TestApp;

    beforeAll(async () => {
      other = await createTestApp({ DATABASE_URL: t.config.databaseUrl });
    });

    afterAll(async () => {
      await other.close();
    });

    it('ends access there too when this instance deactivates the user', async () => {
      const caller = await signIn(t, 'monitor');
      const there = await login(other, caller.user.email);
      await warm(other, there);

      const patched = await request(t.app.getHttpServer())
        .patch(`/api/v1/users/${caller.user.id}`)
        .set(admin.auth)
        .send({ active: false, version: 1 });
      expect(patched.status).toBe(200);

      await refusedSoon(other, there);
    });
  });

  describe('with AUTH_CACHE_TTL=PT0S', () => {
    let off: TestApp;

    beforeAll(async () => {
      off = await createTestApp({ AUTH_CACHE_TTL: 'PT0S' });
    });

    afterAll(async () => {
      await off.close();
    });

    it('keeps nothing and opens no listener, and still serves callers', async () => {
      const caller = await signIn(off, 'monitor');
      await warm(off, caller);

      expect(off.app.get(SessionCache).enabled).toBe(false);
      expect(off.app.get(SessionCache).size).toBe(0);
      const listeners = await off.dataSource.query<{ count: string }[]>(
        `SELECT count(*) AS count FROM pg_stat_activity
          WHERE application_name = $1 AND datname = current_database()`,
        [LISTENER_APPLICATION_NAME],
      );
      expect(Number(listeners[0].count)).toBe(0);
    });
  });
});

/** The session id inside an access token. */
function tokenSession(caller: Caller): string {
  const payload = JSON.parse(
    Buffer.from(caller.accessToken.split('.')[1], 'base64url').toString('utf8'),
  ) as { sid: string };
  return payload.sid;
}
