import request from 'supertest';
import { ErrorBody } from '../src/common/error-body';
import { createTestApp, TestApp } from './helpers/app';
import { createUser, login, PASSWORD, signIn } from './helpers/users';
import { expectError } from './helpers/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
interface AuditRow {
  seq: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: Record<string, unknown>;
}

describe('api edges (e2e)', () => {
  let t: TestApp;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());

  beforeAll(async () => {
    // The most verbose level, so that the log checks below cover every line the service can write.
    t = await createTestApp({ LOG_LEVEL: 'trace' });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('X-Request-Id', () => {
    it('echoes a valid incoming id, in the header and in an error body', async () => {
      const ok = await http().get('/health/live').set('X-Request-Id', 'client-42.a_b:c');
      expect(ok.status).toBe(200);
      expect(ok.headers['x-request-id']).toBe('client-42.a_b:c');

      const failed = await http().get('/api/v1/auth/me').set('X-Request-Id', 'trace-0001');
      expectError(failed, 401);
      expect((failed.body as ErrorBody).requestId).toBe('trace-0001');
    });

    it('generates a fresh UUID when none or an invalid one is sent', async () => {
      const none = await http().get('/health/live');
      const another = await http().get('/health/live');
      const invalid = await http()
        .get('/health/live')
        .set('X-Request-Id', 'has spaces; and <html>');
      const tooLong = await http().get('/health/live').set('X-Request-Id', 'x'.repeat(129));

      for (const response of [none, another, invalid, tooLong]) {
        expect(response.status).toBe(200);
        expect(response.headers['x-request-id']).toMatch(UUID);
      }
      expect(none.headers['x-request-id']).not.toBe(another.headers['x-request-id']);
    });
  });

  it('sets the helmet security headers on API responses and on errors', async () => {
    for (const response of [await http().get('/health/live'), await http().get('/api/v1/nope')]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'strict-transport-security': expect.stringMatching(/max-age=\d+/),
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'permissions-policy': expect.stringContaining('camera=()'),
      });
      expect(response.headers).not.toHaveProperty('x-powered-by');
    }
  });

  it('serves Swagger UI over plain HTTP to any host name, with a policy that lets it render', async () => {
    for (const path of ['/api/docs', '/api/docs/', '/api/docs/swagger-ui-init.js']) {
      const response = await http().get(path).set('Host', 'tracker.ngo.example:3000');
      expect(response.status).toBe(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(csp).toContain("script-src 'self' 'unsafe-inline'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    const page = await http().get('/api/docs/').set('Host', 'tracker.ngo.example:3000');
    expect(page.text).toMatch(/<div id="swagger-ui"><\/div>/);
    // Its assets are served from the same origin, as relative paths the policy allows.
    expect(page.text).not.toMatch(/src="https?:\/\//);
    const json = await http().get('/api/docs-json').set('Host', 'tracker.ngo.example:3000');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
  });

  it('names every operation of the contract with a unique camelCase verb', async () => {
    const document = (await http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => String(operation.operationId)),
    );
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.filter((id) => !/^[a-z][A-Za-z]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['listIncidents', 'revealSource', 'login']));
  });

  it('marks every response to a signed-in caller no-store, and only those', async () => {
    const caller = await signIn(t, 'writer');
    const mine = await http().get('/api/v1/auth/me').set(caller.auth);
    expect(mine.status).toBe(200);
    expect(mine.headers['cache-control']).toBe('no-store');
    const refused = await http().get('/api/v1/users').set(caller.auth);
    expect(refused.status).toBe(403);
    expect(refused.headers['cache-control']).toBe('no-store');
    const anonymous = await http().get('/api/v1/public/incidents');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['cache-control']).toBeUndefined();
  });

  describe('request bodies', () => {
    it('answers 413 with the error body to a body over 1 MiB', async () => {
      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: 'a@example.org', password: 'x'.repeat(1024 * 1024) });

      expectError(response, 413, 'Request body is too large');
    });

    it('still parses a body just under 1 MiB (and then validates it)', async () => {
      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: 'a@example.org', password: 'p', padding: 'x'.repeat(1024 * 1024 - 100) });

      const body = expectError(response, 400, 'Validation failed');
      expect(body.details).toEqual([{ field: 'padding', errors: expect.any(Array) }]);
    });

    it('answers 400 with the error body to an empty JSON body', async () => {
      const response = await http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('');

      expectError(response, 400, /empty/);
    });
  });

  it.each(['/api/v1/nope', '/nope', '/api/v2/auth/login'])(
    'answers 404 with the error body to the unknown route %s',
    async (path) => {
      expectError(await http().get(path), 404, `Cannot GET ${path}`);
    },
  );

  describe('operations', () => {
    it('GET /health/live answers 200 {status: ok, environment} (development under NODE_ENV=test)', async () => {
      const response = await http().get('/health/live');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok', environment: 'development' });
    });

    it('GET /health/ready reports database, redis and storage up', async () => {
      const response = await http().get('/health/ready');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        status: 'ok',
        checks: { database: 'up', redis: 'up', storage: 'up' },
      });
    });

    it('GET /metrics serves Prometheus text with the request latency histogram', async () => {
      expect((await http().get('/health/live')).status).toBe(200);

      const response = await http().get('/metrics');

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(response.text).toMatch(
        /^http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} [1-9]\d*$/m,
      );
      expect(response.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    });

    it('GET /api/docs-json serves an OpenAPI document of the routes', async () => {
      const response = await http().get('/api/docs-json');

      expect(response.status).toBe(200);
      const document = response.body as { openapi: string; paths: Record<string, object> };
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/login',
          '/api/v1/auth/refresh',
          '/api/v1/users',
          '/api/v1/users/{id}',
        ]),
      );
      expect(document.paths['/api/v1/auth/login']).toHaveProperty('post');
      expect(Object.keys(document.paths)).not.toContain('/metrics');
    });
  });

  describe('logs and audit of sign-ins', () => {
    const maxSeq = async (): Promise<string> => {
      const [{ seq }] = await t.dataSource.query<{ seq: string }[]>(
        'SELECT coalesce(max(seq), 0)::text AS seq FROM audit_events',
      );
      return seq;
    };
    const eventsAfter = (seq: string): Promise<AuditRow[]> =>
      t.dataSource.query<AuditRow[]>(
        `SELECT seq::text, actor_id, action, entity_type, entity_id, data
           FROM audit_events WHERE seq > $1 ORDER BY seq`,
        [seq],
      );

    it('a successful login appends exactly one auth.login_succeeded event', async () => {
      const user = await createUser(t, ['monitor']);
      const before = await maxSeq();

      const caller = await login(t, user.email);

      const events = await eventsAfter(before);
      expect(events).toEqual([
        {
          seq: expect.any(String),
          actor_id: user.id,
          action: 'auth.login_succeeded',
          entity_type: 'user',
          entity_id: user.id,
          data: { ip: expect.any(String), sessionId: expect.stringMatching(UUID), remember: false },
        },
      ]);
      expect(caller.user.id).toBe(user.id);
    });

    it('a failed login appends exactly one auth.login_failed event, without the password', async () => {
      const user = await createUser(t, ['monitor']);
      const wrong = 'definitely-the-wrong-password';
      const before = await maxSeq();

      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: wrong });

      expectError(response, 401, 'Invalid email or password');
      const events = await eventsAfter(before);
      expect(events).toEqual([
        {
          seq: expect.any(String),
          actor_id: null,
          action: 'auth.login_failed',
          entity_type: 'user',
          entity_id: user.id,
          data: { ip: expect.any(String), reason: 'wrong_password' },
        },
      ]);
      expect(JSON.stringify(events)).not.toContain(wrong);
    });

    it('a login with an unknown email appends exactly one auth.login_failed event', async () => {
      const before = await maxSeq();

      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: `ghost-${Date.now()}@example.org`, password: PASSWORD });

      expectError(response, 401, 'Invalid email or password');
      expect(await eventsAfter(before)).toEqual([
        {
          seq: expect.any(String),
          actor_id: null,
          action: 'auth.login_failed',
          entity_type: 'user',
          entity_id: null,
          data: { ip: expect.any(String), reason: 'unknown_email' },
        },
      ]);
    });

    it('no log line holds a password, an access token, a refresh token or a password link', async () => {
      const user = await createUser(t, ['writer']);
      const wrong = 'a-wrong-password-that-must-not-be-logged';
      const newPassword = 'another long passphrase to log nowhere';
      const refused = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: wrong });
      expect(refused.status).toBe(401);
      const first = await login(t, user.email);
      const refreshed = await http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.refreshToken });
      expect(refreshed.status).toBe(200);
      const second = refreshed.body as { accessToken: string; refreshToken: string };
      const changed = await http()
        .post('/api/v1/auth/password')
        .set('Authorization', `Bearer ${second.accessToken}`)
        .send({ currentPassword: PASSWORD, newPassword });
      expect(changed.status).toBe(200);
      const third = changed.body as { accessToken: string; refreshToken: string };
      const loggedOut = await http()
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${third.accessToken}`)
        .send({ refreshToken: third.refreshToken });
      expect(loggedOut.status).toBe(204);
      // A refused token goes through the error path, which must not log it either.
      expect(
        (await http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }))
          .status,
      ).toBe(401);

      // A set-password link, shown to an admin, then used; and a forgotten password.
      const admin = await signIn(t, 'admin');
      const issued = await http()
        .post(`/api/v1/users/${user.id}/password-reset`)
        .set(admin.auth)
        .send();
      expect(issued.status).toBe(201);
      const { link } = issued.body as { link: string };
      const resetToken = link.split('#token=')[1];
      expect(resetToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const resetPassword = 'a reset passphrase to log nowhere';
      const used = await http()
        .post('/api/v1/auth/password/reset')
        .send({ token: resetToken, newPassword: resetPassword });
      expect(used.status).toBe(204);
      // A refused token takes the error path.
      expect(
        (
          await http()
            .post('/api/v1/auth/password/reset')
            .send({ token: resetToken, newPassword: resetPassword })
        ).status,
      ).toBe(400);
      expect(
        (await http().post('/api/v1/auth/password/forgot').send({ email: user.email })).status,
      ).toBe(202);

      const secrets = [
        PASSWORD,
        wrong,
        newPassword,
        link,
        resetToken,
        resetPassword,
        ...[first, second, third].flatMap((tokens) => [
          tokens.accessToken,
          tokens.accessToken.split('.')[2],
          tokens.refreshToken,
          tokens.refreshToken.split('.')[1],
        ]),
      ];
      expect(t.logLines.length).toBeGreaterThan(0);
      const leaks = t.logLines.filter((line) => secrets.some((secret) => line.includes(secret)));
      expect(leaks).toEqual([]);

      // The lines are there, as JSON, with what the spec asks of a request log.
      for (const line of t.logLines) expect(() => JSON.parse(line) as unknown).not.toThrow();
      const requests = t.logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === 'request');
      expect(requests).toContainEqual(
        expect.objectContaining({
          requestId: expect.any(String),
          userId: user.id,
          method: 'POST',
          route: '/api/v1/auth/password',
          status: 200,
          durationMs: expect.any(Number),
        }),
      );
    });
  });
});
