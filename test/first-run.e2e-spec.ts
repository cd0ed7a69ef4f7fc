import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { FIRST_ADMIN_HINT } from '../src/users/bootstrap.service';
import { createTestApp, TestApp } from './helpers/app';
import { ROOT } from './helpers/processes';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point of the project with arguments; resolves whatever its exit. */
function runTs(entry: string, args: string[], env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', entry, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

const userCount = async (t: TestApp): Promise<number> =>
  (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users'))[0].n;

const NO_ADMIN = {
  ADMIN_EMAIL: '',
  ADMIN_PASSWORD: '',
  DEMO_ADMIN_EMAIL: '',
  DEMO_ADMIN_PASSWORD: '',
};

describe('first run (e2e)', () => {
  jest.setTimeout(120_000);

  describe('an empty database without ADMIN_EMAIL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(NO_ADMIN);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('logs one line saying how to create the first admin', async () => {
      expect(await userCount(t)).toBe(0);
      const hints = t.logLines.filter((line) => line.includes('no user exists yet'));
      expect(hints).toHaveLength(1);
      expect(JSON.parse(hints[0])).toMatchObject({ level: 'warn', msg: FIRST_ADMIN_HINT });
      expect(FIRST_ADMIN_HINT).toContain(
        '`npm run cli -- create-user --email you@example.org --role admin`',
      );
      expect(FIRST_ADMIN_HINT).toContain('or set ADMIN_EMAIL and ADMIN_PASSWORD');
    });

    it('the CLI names the valid roles in its help and when given an unknown one', async () => {
      const help = await runTs('src/cli/cli.ts', ['help'], {});
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/R is one of: admin, monitor, verifier, writer/);

      const env = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        DATABASE_URL: t.config.databaseUrl,
        REDIS_URL: t.config.redisUrl,
        REDIS_PREFIX: t.config.redisPrefix,
        ...NO_ADMIN,
      };
      const wrong = await runTs(
        'src/cli/cli.ts',
        ['create-user', '--email', 'first@example.org', '--role', 'boss', '--password-stdin'],
        env,
      );
      expect(wrong.code).toBe(2);
      expect(wrong.stderr.trim()).toBe(
        'unknown role "boss": the roles are admin, monitor, verifier, writer (give --role once for each)',
      );
      expect(await userCount(t)).toBe(0);
    });
  });

  it('with ADMIN_EMAIL and ADMIN_PASSWORD creates the admin and gives no hint', async () => {
    const t = await createTestApp({
      ADMIN_EMAIL: 'first-admin@example.org',
      ADMIN_PASSWORD: 'a long first admin password',
    });
    try {
      const [admin] = await t.dataSource.query<{ email: string; roles: string[] }[]>(
        'SELECT email, roles FROM users',
      );
      expect(admin).toEqual({ email: 'first-admin@example.org', roles: ['admin'] });
      expect(t.logLines.some((line) => line.includes('created the first admin'))).toBe(true);
      expect(t.logLines.filter((line) => line.includes('no user exists yet'))).toEqual([]);
    } finally {
      await t.close();
    }
  });

  describe('npm run demo against a service in production', () => {
    let t: TestApp;
    let url: string;
    beforeAll(async () => {
      t = await createTestApp({
        NODE_ENV: 'production',
        AUDIT_CHECKPOINT_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64'),
        ...NO_ADMIN,
      });
      await t.app.listen(0, '127.0.0.1');
      url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('GET /health/live tells the service runs in production', async () => {
      const response = await request(t.app.getHttpServer()).get('/health/live');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok', environment: 'production' });
    });

    it('refuses to run, and creates nothing, unless asked with --allow-production', async () => {
      const refused = await runTs('demo/demo.ts', [], { DEMO_API_URL: url, ...NO_ADMIN });
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(
        `demo failed: the service at ${url} runs in production (NODE_ENV=production), and the ` +
          'demo creates accounts whose password is published ("demo-password-not-secret"). ' +
          'Run it against a development service, or, if you mean it, ' +
          '`npm run demo -- --allow-production` (then deactivate the demo accounts when done).',
      );
      expect(await userCount(t)).toBe(0);

      // With the flag it goes on: here to the next check, which finds no admin to sign in as.
      const allowed = await runTs('demo/demo.ts', ['--allow-production'], {
        DEMO_API_URL: url,
        ...NO_ADMIN,
      });
      expect(allowed.code).toBe(1);
      expect(allowed.stdout).toContain(`WARNING: ${url} runs in production`);
      expect(allowed.stderr).toMatch(/^demo failed: Demo needs an admin, but no admin credentials/);
    });

    it('refuses an argument it does not know', async () => {
      const typo = await runTs('demo/demo.ts', ['--allow-prod'], { DEMO_API_URL: url });
      expect(typo.code).toBe(1);
      expect(typo.stderr.trim()).toBe(
        'demo failed: unknown argument --allow-prod; the only one is --allow-production',
      );
    });
  });
});
