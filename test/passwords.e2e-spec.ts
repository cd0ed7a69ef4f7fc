import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request, { Response } from 'supertest';
import { INVALID_PASSWORD_TOKEN, PasswordResets } from '../src/users/password-resets.service';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { MailSink, ReceivedMail } from './helpers/mail';
import { Caller, createUser, login, PASSWORD, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const PUBLIC_URL = 'https://tracker.example.org';
const NEW_PASSWORD = 'a brand new passphrase for tests';
const FORGOT_ANSWER = {
  message:
    'If this address belongs to an active account, a link to choose a new password is on its way',
};
/** A CLI run boots the application under ts-node: slow on a loaded machine. */
const CLI_TIMEOUT = 120_000;
const LINK = /^https:\/\/tracker\.example\.org\/app\/set-password#token=([A-Za-z0-9_-]{43})$/;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The token of a link in an answer or a mail. */
function tokenOf(text: string): string {
  const match = /\/app\/set-password#token=([A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`no set-password link in ${text}`);
  return match[1];
}

interface AuditRow {
  action: string;
  actor_id: string | null;
  entity_id: string;
  data: Record<string, unknown>;
}

describe('passwords forgotten and reset (e2e)', () => {
  const sink = new MailSink();
  let t: TestApp;
  let admin: Caller;
  /** Every token and link the suite saw: none may reach a log line. */
  const secrets: string[] = [];
  const http = () => request(t.app.getHttpServer());

  const issue = (userId: string, caller: Caller = admin): Promise<Response> =>
    http().post(`/api/v1/users/${userId}/password-reset`).set(caller.auth).send();
  const forgot = (email: string): Promise<Response> =>
    http().post('/api/v1/auth/password/forgot').send({ email });
  const reset = (token: string, newPassword = NEW_PASSWORD): Promise<Response> =>
    http().post('/api/v1/auth/password/reset').send({ token, newPassword });
  const expectInvalidToken = (response: Response): void => {
    const body = expectError(response, 400);
    expect({ code: body.code, message: body.message }).toEqual({
      code: 'invalid_token',
      message: INVALID_PASSWORD_TOKEN,
    });
  };
  const loginStatus = async (email: string, password: string): Promise<number> =>
    (await http().post('/api/v1/auth/login').send({ email, password })).status;
  const mailTo = async (email: string, count = 1): Promise<ReceivedMail> => {
    const mails = await waitFor(
      `mail to ${email}`,
      () => Promise.resolve(sink.to(email)),
      (found) => found.length >= count,
    );
    return mails[count - 1];
  };
  const auditOf = (userId: string, action: string): Promise<AuditRow[]> =>
    t.dataSource.query<AuditRow[]>(
      `SELECT action, actor_id, entity_id, data FROM audit_events
        WHERE entity_id = $1 AND action = $2 ORDER BY seq`,
      [userId, action],
    );

  beforeAll(async () => {
    const port = await sink.start();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Sanctions Tracker <tracker@example.org>',
      PUBLIC_URL,
    });
    admin = await signIn(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  describe("an admin's set-password link", () => {
    it('ends the sessions at once, is mailed, and sets a new password exactly once', async () => {
      const user = await createUser(t, ['monitor']);
      const caller = await login(t, user.email);
      // Warms the caller cache, which must forget the session as well.
      expect((await http().get('/api/v1/auth/me').set(caller.auth)).body).toMatchObject({
        id: user.id,
      });

      const issued = await issue(user.id);
      expect(issued.status).toBe(201);
      const body = issued.body as { link: string; expiresAt: string };
      expect(Object.keys(body).sort()).toEqual(['expiresAt', 'link']);
      expect(body.link).toMatch(LINK);
      const token = tokenOf(body.link);
      secrets.push(token, body.link);
      const hours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
      expect(issued.headers['cache-control']).toBe('no-store');

      // Their access token, refresh token and password all stop working at once.
      expectError(await http().get('/api/v1/auth/me').set(caller.auth), 401);
      expectError(
        await http().post('/api/v1/auth/refresh').send({ refreshToken: caller.refreshToken }),
        401,
      );
      expect(await loginStatus(user.email, PASSWORD)).toBe(401);

      // The link reaches the user by mail too.
      const mail = await mailTo(user.email);
      expect(mail.headers.subject).toBe('Choose a new password for sanctions-tracker');
      expect(mail.envelopeTo).toEqual([user.email]);
      expect(mail.text).toContain(body.link);

      const used = await reset(token);
      expect({ status: used.status, body: used.body as unknown }).toEqual({
        status: 204,
        body: {},
      });
      expect(await loginStatus(user.email, NEW_PASSWORD)).toBe(200);
      expect(await loginStatus(user.email, PASSWORD)).toBe(401);
      // Once only.
      expectInvalidToken(await reset(token, 'yet another passphrase here'));
      expect(await loginStatus(user.email, NEW_PASSWORD)).toBe(200);

      // Only the token's hash is stored.
      const rows = await t.dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM password_tokens WHERE user_id = $1',
        [user.id],
      );
      expect(rows).toEqual([
        expect.objectContaining({
          token_hash: sha256(token),
          purpose: 'set',
          created_by: admin.user.id,
          used_at: expect.any(Date),
        }),
      ]);
      expect(JSON.stringify(rows)).not.toContain(token);

      const [issuedEvent] = await auditOf(user.id, 'user.password_reset_issued');
      expect(issuedEvent).toEqual({
        action: 'user.password_reset_issued',
        actor_id: admin.user.id,
        entity_id: user.id,
        data: {
          tokenId: rows[0].id,
          purpose: 'set',
          expiresAt: new Date(body.expiresAt).toISOString(),
          mailed: true,
        },
      });
      expect(await auditOf(user.id, 'user.password_reset')).toEqual([
        {
          action: 'user.password_reset',
          actor_id: user.id,
          entity_id: user.id,
          data: { tokenId: rows[0].id, purpose: 'set', ip: expect.any(String) },
        },
      ]);
    });

    it('a newer link makes the older unused one invalid', async () => {
      const user = await createUser(t, ['writer']);
      const first = await issue(user.id);
      const second = await issue(user.id);
      expect([first.status, second.status]).toEqual([201, 201]);
      const [older, newer] = [first, second].map((response) =>
        tokenOf((response.body as { link: string }).link),
      );
      secrets.push(older, newer);

      expectInvalidToken(await reset(older));
      expect((await reset(newer)).status).toBe(204);
      expect(await loginStatus(user.email, NEW_PASSWORD)).toBe(200);
    });

    it('is for admins only, and only for active users that exist', async () => {
      const user = await createUser(t, ['monitor']);
      const writer = await signIn(t, 'writer');
      expectError(await issue(user.id, writer), 403);

      expectError(await issue('00000000-0000-4000-8000-000000000000'), 404, 'User not found');
      expectError(
        await http().post('/api/v1/users/not-a-uuid/password-reset').set(admin.auth).send(),
        400,
      );

      const patched = await http()
        .patch(`/api/v1/users/${user.id}`)
        .set(admin.auth)
        .send({ active: false, version: 1 });
      expect(patched.body).toMatchObject({ active: false });
      const refused = expectError(await issue(user.id), 409, /deactivated/);
      expect(refused.code).toBe('wrong_state');

      // None of them issued a token or touched the user's password.
      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM password_tokens WHERE user_id = $1',
        [user.id],
      );
      expect(count).toBe(0);
      expect(await auditOf(user.id, 'user.password_reset_issued')).toEqual([]);
    });
  });

  describe('a forgotten password', () => {
    it('answers a known and an unknown address alike and mails only the known one', async () => {
      const user = await createUser(t, ['verifier']);
      const caller = await login(t, user.email);
      const unknown = `nobody-${randomBytes(4).toString('hex')}@example.org`;

      const known = await forgot(user.email.toUpperCase());
      const stranger = await forgot(unknown);
      expect({ status: known.status, body: known.body as unknown }).toEqual({
        status: 202,
        body: FORGOT_ANSWER,
      });
      expect({ status: stranger.status, body: stranger.body as unknown }).toEqual({
        status: known.status,
        body: known.body as unknown,
      });
      expect(stranger.headers['content-length']).toBe(known.headers['content-length']);

      const mail = await mailTo(user.email);
      await t.app.get(PasswordResets).settled();
      expect(sink.to(unknown)).toEqual([]);
      expect(mail.headers.subject).toBe('Reset your sanctions-tracker password');
      const token = tokenOf(mail.text);
      secrets.push(token);
      expect(mail.text).toContain(`${PUBLIC_URL}/app/set-password#token=${token}`);

      // Asking changes nothing until the link is used: the session and password still work.
      expect((await http().get('/api/v1/auth/me').set(caller.auth)).status).toBe(200);
      const [row] = await t.dataSource.query<{ minutes: number; purpose: string }[]>(
        `SELECT purpose, extract(epoch FROM expires_at - created_at)::int / 60 AS minutes
           FROM password_tokens WHERE token_hash = $1`,
        [sha256(token)],
      );
      expect(row).toEqual({ purpose: 'reset', minutes: 30 });
      const issued = await auditOf(user.id, 'user.password_reset_issued');
      expect(issued).toEqual([
        {
          action: 'user.password_reset_issued',
          actor_id: null,
          entity_id: user.id,
          data: expect.objectContaining({ purpose: 'reset', mailed: true }),
        },
      ]);

      expect((await reset(token)).status).toBe(204);
      expectError(await http().get('/api/v1/auth/me').set(caller.auth), 401);
      expectError(
        await http().post('/api/v1/auth/refresh').send({ refreshToken: caller.refreshToken }),
        401,
      );
      expect(await loginStatus(user.email, NEW_PASSWORD)).toBe(200);
      expect(await loginStatus(user.email, PASSWORD)).toBe(401);
      expect(await auditOf(user.id, 'user.password_reset')).toEqual([
        expect.objectContaining({
          actor_id: user.id,
          data: expect.objectContaining({ purpose: 'reset' }),
        }),
      ]);
    });

    it('answers before the mail is sent: a slow mail server does not show in the answer', async () => {
      const user = await createUser(t, ['writer']);
      const release = sink.hold(user.email);
      try {
        const answer = await forgot(user.email);
        expect({ status: answer.status, body: answer.body as unknown }).toEqual({
          status: 202,
          body: FORGOT_ANSWER,
        });
        // The mail is still being delivered, held by the server, after the answer arrived.
        await waitFor(
          'the mail to reach the server',
          () => Promise.resolve(sink.holding.has(user.email)),
          (holding) => holding,
        );
        expect(sink.to(user.email)).toEqual([]);
      } finally {
        release();
      }
      secrets.push(tokenOf((await mailTo(user.email)).text));
    });

    it('mails nothing to a deactivated account', async () => {
      const gone = await createUser(t, ['monitor']);
      const patched = await http()
        .patch(`/api/v1/users/${gone.id}`)
        .set(admin.auth)
        .send({ active: false, version: 1 });
      expect(patched.body).toMatchObject({ active: false });
      const present = await createUser(t, ['monitor']);

      const answers = [await forgot(gone.email), await forgot(present.email)];
      expect(answers.map((answer) => [answer.status, answer.body as unknown])).toEqual([
        [202, FORGOT_ANSWER],
        [202, FORGOT_ANSWER],
      ]);
      // The active account's mail arrives; the deactivated one's work is done by then too.
      secrets.push(tokenOf((await mailTo(present.email)).text));
      await t.app.get(PasswordResets).settled();
      expect(sink.to(gone.email)).toEqual([]);
      expect(await auditOf(gone.id, 'user.password_reset_issued')).toEqual([]);
    });

    it('refuses used, expired, forged and malformed tokens with one message', async () => {
      const user = await createUser(t, ['writer']);
      expect((await forgot(user.email)).status).toBe(202);
      const token = tokenOf((await mailTo(user.email)).text);
      secrets.push(token);

      // A new password that is too short is a validation failure, and spends nothing.
      const short = expectError(await reset(token, 'too short'), 400);
      expect(short.code).toBe('validation_failed');

      await t.dataSource.query(
        `UPDATE password_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
        [sha256(token)],
      );
      expectInvalidToken(await reset(token));
      expectInvalidToken(await reset(randomBytes(32).toString('base64url')));
      expectInvalidToken(await reset('not-a-token'));

      expect((await forgot(user.email)).status).toBe(202);
      const fresh = tokenOf((await mailTo(user.email, 2)).text);
      secrets.push(fresh);
      expect((await reset(fresh)).status).toBe(204);
      expectInvalidToken(await reset(fresh));
      expect(await loginStatus(user.email, NEW_PASSWORD)).toBe(200);
    });

    it('limits the requests per account like sign-in, apart from sign-in', async () => {
      const user = await createUser(t, ['writer']);
      const limit = t.config.loginMaxFailuresPerAccount;
      for (let attempt = 1; attempt <= limit; attempt += 1) {
        expect((await forgot(user.email)).status).toBe(202);
      }
      const limited = await forgot(user.email);
      expect(expectError(limited, 429).code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // An unknown address is held back the same way.
      const unknown = `nobody-${randomBytes(4).toString('hex')}@example.org`;
      for (let attempt = 1; attempt <= limit; attempt += 1) {
        expect((await forgot(unknown)).status).toBe(202);
      }
      expectError(await forgot(unknown), 429);
      // Asking for mail cannot lock the account out of signing in.
      expect(await loginStatus(user.email, PASSWORD)).toBe(200);
      await t.app.get(PasswordResets).settled();
    });
  });

  describe('npm run cli -- reset-password', () => {
    const cli = (...args: string[]) =>
      run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/cli.ts', ...args], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: t.config.databaseUrl,
          REDIS_URL: t.config.redisUrl,
          REDIS_PREFIX: t.config.redisPrefix,
          JWT_SECRET: t.config.jwtSecret,
          DATA_ENCRYPTION_KEY: t.config.dataEncryptionKey,
          SMTP_URL: t.config.smtpUrl,
          PUBLIC_URL,
        },
      });

    it(
      'prints a set-password link whose token works, and mails it',
      async () => {
        const user = await createUser(t, ['verifier']);
        const caller = await login(t, user.email);

        const { stdout } = await cli('reset-password', '--email', user.email.toUpperCase());
        const link = stdout.trim().split('\n').pop() ?? '';
        expect(link).toMatch(LINK);
        expect(stdout).toContain(`set-password link for ${user.email}`);
        const token = tokenOf(link);
        secrets.push(token, link);

        expectError(await http().get('/api/v1/auth/me').set(caller.auth), 401);
        expect((await mailTo(user.email)).text).toContain(link);
        expect(await auditOf(user.id, 'user.password_reset_issued')).toEqual([
          expect.objectContaining({
            actor_id: null,
            data: expect.objectContaining({ purpose: 'set' }),
          }),
        ]);
        expect((await reset(token)).status).toBe(204);
        expect(await loginStatus(user.email, NEW_PASSWORD)).toBe(200);
      },
      CLI_TIMEOUT,
    );

    it(
      'names an unknown address, and create-user names the valid roles',
      async () => {
        const unknown = cli('reset-password', '--email', 'nobody-at-all@example.org');
        await expect(unknown).rejects.toMatchObject({
          code: 1,
          stderr: expect.stringContaining('no user has the e-mail nobody-at-all@example.org'),
        });
        const badRole = cli('create-user', '--email', 'x@example.org', '--role', 'editor');
        await expect(badRole).rejects.toMatchObject({
          code: 2,
          stderr: expect.stringContaining(
            'unknown role "editor": the roles are admin, monitor, verifier, writer',
          ),
        });
      },
      2 * CLI_TIMEOUT,
    );
  });

  // Last: it looks at every line the suite logged.
  it('no log line holds a token or a link', () => {
    expect(secrets.length).toBeGreaterThan(8);
    expect(t.logLines.length).toBeGreaterThan(0);
    const leaks = t.logLines.filter((line) =>
      secrets.some((secret) => line.includes(secret) || line.includes(sha256(secret))),
    );
    expect(leaks).toEqual([]);
  });
});

describe('password links without PUBLIC_URL, and the limits per address (e2e)', () => {
  const sink = new MailSink();
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    const port = await sink.start();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      LOGIN_MAX_FAILURES_PER_IP: '3',
      // Each test below speaks from an address of its own, through this trusted proxy.
      TRUST_PROXY: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it("points an admin's link at the request's own origin", async () => {
    const admin = await signIn(t, 'admin');
    const user = await createUser(t, ['writer']);
    const issued = await http()
      .post(`/api/v1/users/${user.id}/password-reset`)
      .set(admin.auth)
      .set('Host', 'tracker.internal:8080')
      .send();
    expect(issued.status).toBe(201);
    expect((issued.body as { link: string }).link).toMatch(
      /^http:\/\/tracker\.internal:8080\/app\/set-password#token=[A-Za-z0-9_-]{43}$/,
    );
    expect(
      (
        await waitFor(
          'the mail',
          () => Promise.resolve(sink.to(user.email)),
          (m) => m.length === 1,
        )
      )[0].text,
    ).toContain((issued.body as { link: string }).link);
  });

  it('mails no forgotten-password link whose origin a client could choose', async () => {
    expect(
      t.logLines.some((line) =>
        line.includes(
          'SMTP_URL is set but PUBLIC_URL is not: forgotten-password requests mail no link',
        ),
      ),
    ).toBe(true);
    const user = await createUser(t, ['writer']);
    const answer = await http()
      .post('/api/v1/auth/password/forgot')
      .set('Host', 'attacker.example')
      .send({ email: user.email });
    expect({ status: answer.status, body: answer.body as unknown }).toEqual({
      status: 202,
      body: FORGOT_ANSWER,
    });
    await t.app.get(PasswordResets).settled();
    expect(sink.to(user.email)).toEqual([]);
  });

  it('limits forgotten-password requests per address, whatever the accounts', async () => {
    const limit = t.config.loginMaxFailuresPerIp;
    const ask = (email: string, from: string) =>
      http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', from).send({ email });
    for (let attempt = 1; attempt <= limit; attempt += 1) {
      const answer = await ask(`someone-${attempt}@example.org`, '203.0.113.10');
      expect({ status: answer.status, body: answer.body as unknown }).toEqual({
        status: 202,
        body: FORGOT_ANSWER,
      });
    }
    const limited = await ask('another@example.org', '203.0.113.10');
    expect(expectError(limited, 429).code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back by this one's requests.
    expect((await ask('another@example.org', '203.0.113.11')).status).toBe(202);
  });

  it('limits token attempts per address', async () => {
    const limit = t.config.loginMaxFailuresPerIp;
    const forged = () =>
      http()
        .post('/api/v1/auth/password/reset')
        .set('X-Forwarded-For', '203.0.113.20')
        .send({ token: randomBytes(32).toString('base64url'), newPassword: NEW_PASSWORD });
    for (let attempt = 1; attempt <= limit; attempt += 1) {
      expect(expectError(await forged(), 400).code).toBe('invalid_token');
    }
    const limited = await forged();
    expect(expectError(limited, 429).code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
