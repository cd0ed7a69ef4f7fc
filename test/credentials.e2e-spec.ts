import request from 'supertest';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { createUser, login, PASSWORD } from './helpers/users';

const NEW_PASSWORD = 'a brand new passphrase 2024';

describe('password checks count against the sign-in limits (e2e)', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a stolen access token cannot guess the current password unthrottled, and each guess is audited', async () => {
    const user = await createUser(t, ['monitor']);
    const caller = await login(t, user.email);
    const storedHash = async (): Promise<string> =>
      (
        await t.dataSource.query<{ password_hash: string }[]>(
          'SELECT password_hash FROM users WHERE id = $1',
          [user.id],
        )
      )[0].password_hash;
    const hashBefore = await storedHash();
    const guess = (currentPassword: string) =>
      http()
        .post('/api/v1/auth/password')
        .set(caller.auth)
        .send({ currentPassword, newPassword: NEW_PASSWORD });
    for (let i = 0; i < 3; i += 1) {
      expectError(await guess(`wrong guess number ${i}`), 422, 'Current password is wrong');
    }
    // The limit holds even for the right password, and for signing in to the same account.
    const refused = expectError(await guess(PASSWORD), 429, /Too many/);
    expect(refused.message).not.toMatch(/password is wrong/);
    const response = await guess(PASSWORD);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expectError(
      await http().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }),
      429,
    );
    const events = await t.dataSource.query<{ actor_id: string; data: Record<string, unknown> }[]>(
      `SELECT actor_id, data FROM audit_events WHERE action = 'auth.password_change_failed' AND entity_id = $1`,
      [user.id],
    );
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event).toEqual({
        actor_id: user.id,
        data: { ip: '127.0.0.1', reason: 'wrong_password' },
      });
    }
    expect(await storedHash()).toBe(hashBefore);
    expect(t.logLines.join('\n')).not.toContain('wrong guess number');
  });

  it('a right password after fewer failures succeeds and starts the count afresh', async () => {
    const user = await createUser(t, ['writer']);
    const caller = await login(t, user.email);
    for (let i = 0; i < 2; i += 1) {
      expectError(
        await http()
          .post('/api/v1/auth/password')
          .set(caller.auth)
          .send({ currentPassword: 'not it at all', newPassword: NEW_PASSWORD }),
        422,
      );
    }
    const changed = await http()
      .post('/api/v1/auth/password')
      .set(caller.auth)
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ user: { id: user.id } });
    for (let i = 0; i < 3; i += 1) {
      expectError(
        await http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: `bad ${i}` }),
        401,
      );
    }
    expect(
      (await http().post('/api/v1/auth/login').send({ email: user.email, password: NEW_PASSWORD }))
        .status,
    ).toBe(429);
  });

  it('holds the per-account limit against parallel guesses', async () => {
    const user = await createUser(t, ['monitor']);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: 'wrong password guess' }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(27);
    const right = await http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD });
    expectError(right, 429, /Too many failed sign-in attempts/);
  });
});

describe('TRUST_PROXY names the proxies to trust (e2e)', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const failedLogin = (forwardedFor: string, n: number) =>
    http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', forwardedFor)
      .send({ email: `nobody-${n}-${Date.now()}@example.org`, password: 'a wrong password' });
  const loggedAddresses = async (): Promise<string[]> => {
    const rows = await t.dataSource.query<{ ip: string }[]>(
      `SELECT data->>'ip' AS ip FROM audit_events WHERE action = 'auth.login_failed' ORDER BY seq`,
    );
    return rows.map((row) => row.ip);
  };

  afterEach(async () => {
    await t.close();
  });

  it('with one trusted hop, a client cannot choose its address by prefixing X-Forwarded-For', async () => {
    t = await createTestApp({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_IP: '3' });
    // What a proxy in front appends is the last entry; anything before it came from the client.
    for (let i = 0; i < 3; i += 1) {
      expectError(await failedLogin(`203.0.113.${i + 10}, 198.51.100.7`, i), 401);
    }
    expectError(await failedLogin('203.0.113.99, 198.51.100.7', 9), 429);
    expect(await loggedAddresses()).toEqual(['198.51.100.7', '198.51.100.7', '198.51.100.7']);
  });

  it('with a list of proxies, the first untrusted hop from the right is the client', async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' });
    expectError(await failedLogin('203.0.113.5, 198.51.100.8, 10.1.2.3', 1), 401);
    expect(await loggedAddresses()).toEqual(['198.51.100.8']);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored', async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_IP: '2' });
    expectError(await failedLogin('203.0.113.1', 1), 401);
    expectError(await failedLogin('203.0.113.2', 2), 401);
    expectError(await failedLogin('203.0.113.3', 3), 429);
    expect(await loggedAddresses()).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});
