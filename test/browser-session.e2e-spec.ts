import request from 'supertest';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { createUser, PASSWORD } from './helpers/users';

const HOST = 'tracker.test';
const ORIGIN = `http://${HOST}`;
const COOKIE = '__Host-st_rt';
const BAD_REFRESH = 'Refresh token is invalid, expired or revoked';
/** A refresh token as the cookie carries it: its row id, a dot, its secret. */
const TOKEN = /^[0-9a-f-]{36}\.[\w-]+$/;

/** The headers the web application sends from its own origin. */
const browser = { 'X-Requested-With': 'sanctions-tracker-web', Origin: ORIGIN, Host: HOST };

interface SetCookie {
  value: string;
  attributes: string[];
}

/** The refresh cookie a response sets, or undefined when it sets none. */
function refreshCookie(response: request.Response): SetCookie | undefined {
  const header = response.headers['set-cookie'] as string[] | string | undefined;
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const line = lines.find((candidate) => candidate.startsWith(`${COOKIE}=`));
  if (line === undefined) return undefined;
  const [pair, ...attributes] = line.split(/;\s*/);
  return { value: decodeURIComponent(pair.slice(COOKIE.length + 1)), attributes };
}

function cookieSet(response: request.Response): SetCookie {
  const cookie = refreshCookie(response);
  if (cookie === undefined) throw new Error(`no ${COOKIE} in ${JSON.stringify(response.headers)}`);
  return cookie;
}

describe('browser sessions: the refresh token in a cookie (e2e)', () => {
  let t: TestApp;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());

  const browserLogin = (email: string, extra: Record<string, unknown> = {}): request.Test =>
    http()
      .post('/api/v1/auth/login')
      .set(browser)
      .send({ email, password: PASSWORD, ...extra });

  const browserRefresh = (
    cookie: string,
    headers: Record<string, string> = browser,
  ): request.Test =>
    http().post('/api/v1/auth/refresh').set(headers).set('Cookie', `${COOKIE}=${cookie}`).send({});

  const me = (token: string): request.Test =>
    http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  const pastTheGrace = (): Promise<unknown> =>
    t.dataSource.query(
      `UPDATE refresh_tokens SET consumed_at = consumed_at - interval '1 hour' WHERE consumed_at IS NOT NULL`,
    );

  async function signedInBrowser(
    extra: Record<string, unknown> = {},
  ): Promise<{ email: string; cookie: string; accessToken: string }> {
    const user = await createUser(t, ['monitor']);
    const response = await browserLogin(user.email, extra).expect(200);
    const body = response.body as { accessToken: string };
    return { email: user.email, cookie: cookieSet(response).value, accessToken: body.accessToken };
  }

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('login', () => {
    it('with the header sets a host-only, HttpOnly, Secure, strict session cookie and leaves the token out of the body', async () => {
      const user = await createUser(t, ['monitor']);

      const response = await browserLogin(user.email);

      expect(response.status).toBe(200);
      const body = response.body as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'user']);
      expect(body.user).toMatchObject({ email: user.email });
      const cookie = cookieSet(response);
      expect(cookie.value).toMatch(TOKEN);
      expect(cookie.attributes).toEqual(
        expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']),
      );
      // A session cookie: gone when the browser closes; and host-only (no Domain).
      expect(cookie.attributes.some((a) => /^(Max-Age|Expires|Domain)=/i.test(a))).toBe(false);
      expect((await me(body.accessToken as string)).body).toMatchObject({ email: user.email });
    });

    it('with remember keeps the cookie for 14 days, on every rotation too', async () => {
      const user = await createUser(t, ['monitor']);

      const login = await browserLogin(user.email, { remember: true }).expect(200);
      const first = cookieSet(login);
      const refreshed = await browserRefresh(first.value).expect(200);

      expect(first.attributes).toContain(`Max-Age=${14 * 24 * 3600}`);
      expect(cookieSet(refreshed).attributes).toContain(`Max-Age=${14 * 24 * 3600}`);
    });

    it('without the header keeps the body mode of scripts: the token in the body, no cookie', async () => {
      const user = await createUser(t, ['monitor']);

      const response = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ refreshToken: expect.any(String) });
      expect(refreshCookie(response)).toBeUndefined();
    });

    it('refuses remember that is not a boolean', async () => {
      const user = await createUser(t, ['monitor']);

      const response = await browserLogin(user.email, { remember: 'yes' });

      expectError(response, 400);
      expect(response.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'remember' })]),
      );
      expect(refreshCookie(response)).toBeUndefined();
    });

    it('wrong credentials set no cookie', async () => {
      const user = await createUser(t, ['monitor']);

      const response = await http()
        .post('/api/v1/auth/login')
        .set(browser)
        .send({ email: user.email, password: 'not the password at all' });

      expectError(response, 401, 'Invalid email or password');
      expect(refreshCookie(response)).toBeUndefined();
    });
  });

  describe('refresh from the cookie', () => {
    it('rotates the cookie, answers a working access token and no token in the body', async () => {
      const session = await signedInBrowser();

      const response = await browserRefresh(session.cookie);

      expect(response.status).toBe(200);
      const body = response.body as Record<string, unknown>;
      expect(body.refreshToken).toBeUndefined();
      const next = cookieSet(response);
      expect(next.value).not.toBe(session.cookie);
      expect((await me(body.accessToken as string)).body).toMatchObject({
        id: expect.any(String),
        active: true,
      });
      expect(cookieSet(await browserRefresh(next.value).expect(200)).value).toMatch(TOKEN);
    });

    it('two racing refreshes inside the grace both succeed with the same successor', async () => {
      const session = await signedInBrowser();

      const [a, b] = await Promise.all([
        browserRefresh(session.cookie),
        browserRefresh(session.cookie),
      ]);

      expect([a.status, b.status]).toEqual([200, 200]);
      expect(cookieSet(a).value).toBe(cookieSet(b).value);
      expect(cookieSet(await browserRefresh(cookieSet(a).value).expect(200)).value).toMatch(TOKEN);
    });

    it('a reuse after the grace revokes the whole session and clears the cookie', async () => {
      const session = await signedInBrowser();
      const successor = cookieSet(await browserRefresh(session.cookie).expect(200)).value;
      await pastTheGrace();

      const reuse = await browserRefresh(session.cookie);

      expectError(reuse, 401, BAD_REFRESH);
      const cleared = cookieSet(reuse);
      expect(cleared.value).toBe('');
      expect(cleared.attributes).toEqual(expect.arrayContaining(['Path=/', 'Secure']));
      expectError(await browserRefresh(successor), 401, BAD_REFRESH);
      expectError(await me(session.accessToken), 401);
    });

    it('with the header but no cookie and no body token is 401', async () => {
      const response = await http().post('/api/v1/auth/refresh').set(browser).send({});

      expectError(response, 401, BAD_REFRESH);
    });

    it('a body token from a script still works beside the cookie mode', async () => {
      const user = await createUser(t, ['monitor']);
      const login = await http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);

      const response = await http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: (login.body as { refreshToken: string }).refreshToken });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ refreshToken: expect.any(String) });
      expect(refreshCookie(response)).toBeUndefined();
    });
  });

  describe('the CSRF checks of the cookie routes: 403 csrf, and nothing changes', () => {
    const refusals: [string, Record<string, string>][] = [
      ['without X-Requested-With', { Origin: ORIGIN, Host: HOST }],
      ['with another X-Requested-With', { ...browser, 'X-Requested-With': 'XMLHttpRequest' }],
      ['from another origin', { ...browser, Origin: 'https://attacker.example' }],
      ['from the same host over another scheme', { ...browser, Origin: `https://${HOST}` }],
      ['with Sec-Fetch-Site cross-site', { ...browser, 'Sec-Fetch-Site': 'cross-site' }],
      ['with Sec-Fetch-Site same-site', { ...browser, 'Sec-Fetch-Site': 'same-site' }],
      [
        'with neither Origin nor Sec-Fetch-Site',
        { 'X-Requested-With': 'sanctions-tracker-web', Host: HOST },
      ],
    ];

    it.each(refusals)('refresh %s', async (_case, headers) => {
      const session = await signedInBrowser();

      const response = await browserRefresh(session.cookie, headers);

      expectError(response, 403);
      expect(response.body.code).toBe('csrf');
      expect(refreshCookie(response)).toBeUndefined();
      // The cookie was not consumed: the application itself can still use it.
      expect(cookieSet(await browserRefresh(session.cookie).expect(200)).value).toMatch(TOKEN);
    });

    it.each([
      ['text/plain', 'refreshToken=x'],
      ['application/x-www-form-urlencoded', 'a=b'],
      ['multipart/form-data; boundary=x', '--x--'],
    ])('refresh with a %s body', async (type, payload) => {
      const session = await signedInBrowser();

      const response = await http()
        .post('/api/v1/auth/refresh')
        .set(browser)
        .set('Cookie', `${COOKIE}=${session.cookie}`)
        .set('Content-Type', type)
        .send(payload);

      expectError(response, 403);
      expect(response.body.code).toBe('csrf');
      expect(cookieSet(await browserRefresh(session.cookie).expect(200)).value).toMatch(TOKEN);
    });

    it('accepts Sec-Fetch-Site same-origin without an Origin', async () => {
      const session = await signedInBrowser();

      const response = await browserRefresh(session.cookie, {
        'X-Requested-With': 'sanctions-tracker-web',
        'Sec-Fetch-Site': 'same-origin',
        Host: HOST,
      });

      expect(response.status).toBe(200);
      expect(cookieSet(response).value).not.toBe(session.cookie);
    });

    it('a login from another origin is refused before the password is checked, and sets nothing', async () => {
      const user = await createUser(t, ['monitor']);

      const response = await http()
        .post('/api/v1/auth/login')
        .set({ ...browser, Origin: 'https://attacker.example' })
        .send({ email: user.email, password: PASSWORD });

      expectError(response, 403);
      expect(response.body.code).toBe('csrf');
      expect(refreshCookie(response)).toBeUndefined();
      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1`,
        [user.email],
      );
      expect(count).toBe(0);
    });

    it('a logout from another origin is refused and the session lives on', async () => {
      const session = await signedInBrowser();

      const response = await http()
        .post('/api/v1/auth/logout')
        .set({ ...browser, Origin: 'https://attacker.example' })
        .set('Authorization', `Bearer ${session.accessToken}`)
        .set('Cookie', `${COOKIE}=${session.cookie}`)
        .send({});

      expectError(response, 403);
      expect(response.body.code).toBe('csrf');
      expect(response.headers['clear-site-data']).toBeUndefined();
      expect((await me(session.accessToken)).body).toMatchObject({
        id: expect.any(String),
        active: true,
      });
    });
  });

  describe('logout from the cookie', () => {
    it('revokes the session, clears the cookie and tells the browser to drop what it stored', async () => {
      const session = await signedInBrowser();

      const response = await http()
        .post('/api/v1/auth/logout')
        .set(browser)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .set('Cookie', `${COOKIE}=${session.cookie}`)
        .send({});

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(response.headers['clear-site-data']).toBe('"cache", "storage"');
      const cleared = cookieSet(response);
      expect(cleared.value).toBe('');
      expect(cleared.attributes.some((a) => /^Expires=Thu, 01 Jan 1970/.test(a))).toBe(true);
      expectError(await browserRefresh(session.cookie), 401, BAD_REFRESH);
      expectError(await me(session.accessToken), 401);
    });

    it('without a cookie still clears the browser and answers 401', async () => {
      const session = await signedInBrowser();

      const response = await http()
        .post('/api/v1/auth/logout')
        .set(browser)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({});

      expectError(response, 401, BAD_REFRESH);
      expect(response.headers['clear-site-data']).toBe('"cache", "storage"');
      expect((await me(session.accessToken)).body).toMatchObject({
        id: expect.any(String),
        active: true,
      });
    });
  });

  describe('password change in the browser', () => {
    it('sets the cookie of the new session, keeps remember, and ends the old one', async () => {
      const session = await signedInBrowser({ remember: true });

      const response = await http()
        .post('/api/v1/auth/password')
        .set(browser)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .set('Cookie', `${COOKIE}=${session.cookie}`)
        .send({ currentPassword: PASSWORD, newPassword: 'another long passphrase 77' });

      expect(response.status).toBe(200);
      expect((response.body as Record<string, unknown>).refreshToken).toBeUndefined();
      const next = cookieSet(response);
      expect(next.attributes).toContain(`Max-Age=${14 * 24 * 3600}`);
      expectError(await browserRefresh(session.cookie), 401, BAD_REFRESH);
      expect(cookieSet(await browserRefresh(next.value).expect(200)).value).toMatch(TOKEN);
    });
  });
});

describe('browser sessions behind a proxy: PUBLIC_URL is the own origin (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://tracker.example.org/' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('accepts the public origin and refuses the internal one', async () => {
    const user = await createUser(t, ['monitor']);
    const login = (origin: string): request.Test =>
      request(t.app.getHttpServer())
        .post('/api/v1/auth/login')
        .set({ 'X-Requested-With': 'sanctions-tracker-web', Origin: origin, Host: 'app:3000' })
        .send({ email: user.email, password: PASSWORD });

    const internal = await login('http://app:3000');
    const public_ = await login('https://tracker.example.org');

    expectError(internal, 403);
    expect(internal.body.code).toBe('csrf');
    expect(public_.status).toBe(200);
    expect(cookieSet(public_).value).toMatch(/\./);
  });
});
