import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrl, dropDatabase, onServer, REDIS_URL } from './helpers/databases';
import { freePort, ROOT, Started, startProcess } from './helpers/processes';

const startService = (env: Record<string, string>): Started => startProcess('src/main.ts', env);

async function waitReady(port: number, started: Started, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not ready in time:\n${started.output()}`);
}

/** SIGTERM: the process must close everything in order and exit 0. */
async function stop(started: Started): Promise<void> {
  if (started.child.exitCode === null && started.child.signalCode === null) {
    started.child.kill('SIGTERM');
  }
  const code = await started.exited;
  expect({ code, signal: started.signal() }).toEqual({ code: 0, signal: null });
  expect(started.output()).toMatch(/"msg":"stopped"/);
}

describe('start-up (separate processes)', () => {
  jest.setTimeout(120_000);
  const database = `st_test_${process.env.ST_TEST_RUN_ID}_start_${randomBytes(3).toString('hex')}`;
  const storage = mkdtempSync(join(tmpdir(), 'st-start-'));
  const common = {
    DATABASE_URL: databaseUrl(database),
    REDIS_URL,
    REDIS_PREFIX: `st-test:${process.env.ST_TEST_RUN_ID}:start:`,
    STORAGE_DIR: storage,
    APP_ROLE: 'api',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
  };

  afterAll(async () => {
    await dropDatabase(database);
    rmSync(storage, { recursive: true, force: true });
  });

  it('two processes started together on a missing database create and migrate it once, and both serve', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = startService({ ...common, PORT: String(portA) });
    const b = startService({ ...common, PORT: String(portB) });
    try {
      await Promise.all([waitReady(portA, a), waitReady(portB, b)]);
      const migrations = readdirSync(join(ROOT, 'migrations')).filter((file) =>
        file.endsWith('.ts'),
      );
      const applied = await onServer(async () => {
        const { Client } = await import('pg');
        const client = new Client({ connectionString: databaseUrl(database) });
        await client.connect();
        try {
          return (await client.query<{ name: string }>('SELECT name FROM migrations')).rows;
        } finally {
          await client.end();
        }
      });
      expect(applied).toHaveLength(migrations.length);
      const log = a.output() + b.output();
      expect(log.match(/"msg":"applied migrations"/g)).toHaveLength(1);
      // Nobody can sign in yet: each process says, once, how to create the first admin.
      expect(log.match(/no user exists yet: create the first admin with/g)).toHaveLength(2);
      expect(a.output()).toContain(
        '`npm run cli -- create-user --email you@example.org --role admin`',
      );
      expect(a.output()).toContain('or set ADMIN_EMAIL and ADMIN_PASSWORD and restart');
      expect(log).not.toMatch(/"level":"error"/);
    } finally {
      await stop(a);
      await stop(b);
    }
  });

  it('exits 1 with one clear line when PostgreSQL cannot be reached', async () => {
    const started = startService({
      ...common,
      PORT: String(await freePort()),
      DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${await freePort()}/nothing`,
    });
    expect(await started.exited).toBe(1);
    // The last line on stderr: the JSON log goes to stdout, and the two pipes interleave freely.
    const lines = started.errors().trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(
      /^sanctions-tracker: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/nothing .*DATABASE_URL$/,
    );
    expect(started.output()).not.toContain('hunter2');
    expect(started.output()).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with one clear line when Redis cannot be reached', async () => {
    const started = startService({
      ...common,
      PORT: String(await freePort()),
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    });
    expect(await started.exited).toBe(1);
    // The last line on stderr: the JSON log goes to stdout, and the two pipes interleave freely.
    const lines = started.errors().trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(
      /^sanctions-tracker: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ .*REDIS_URL$/,
    );
  });

  it('exits 1 with one line naming a busy port and what to do, without a stack', async () => {
    const holder = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as AddressInfo;
    try {
      const started = startService({ ...common, HOST: '127.0.0.1', PORT: String(port) });
      expect(await started.exited).toBe(1);
      // The last line on stderr: the JSON log goes to stdout, and the two pipes interleave freely.
      const lines = started.errors().trim().split('\n');
      expect(lines[lines.length - 1]).toBe(
        `sanctions-tracker: port ${port} is already in use on 127.0.0.1: stop the other process ` +
          `that listens there, or start on another port, e.g. PORT=${port + 1} npm start`,
      );
      expect(started.errors()).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
      await once(holder, 'close');
    }
  });

  it('exits 1 naming the variable when configuration is invalid', async () => {
    const started = startService({ ...common, PORT: 'eighty' });
    expect(await started.exited).toBe(1);
    expect(started.output().trim()).toBe(
      'sanctions-tracker: PORT must be a whole number, got "eighty"',
    );

    const production = startService({
      ...common,
      NODE_ENV: 'production',
      JWT_SECRET: '',
      DATA_ENCRYPTION_KEY: '',
    });
    expect(await production.exited).toBe(1);
    expect(production.output().trim()).toMatch(
      /^sanctions-tracker: [A-Z_]+ is required when NODE_ENV=production$/,
    );
  });
});
