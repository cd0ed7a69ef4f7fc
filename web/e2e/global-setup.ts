import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

const ROOT = join(import.meta.dirname, '..', '..');
const SERVER = process.env.PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const ADMIN = { email: 'e2e-admin@example.org', password: 'an e2e admin password' };
/** The service's upload limit in the e2e flows (MAX_UPLOAD_BYTES): 1 MiB. */
export const UPLOAD_LIMIT = 1024 * 1024;
/** Sign-in locks an account after this many failures (the 429 flow). */
export const LOGIN_FAILURES = 3;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited:\n${log()}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the service did not become ready:\n${log()}`);
}

/**
 * Starts the built service (dist/ and web/dist/ must exist: `npm run build` at the root) on a
 * free port with its own database and Redis prefix, and stops it and removes both afterwards.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const built of ['dist/src/main.js', 'web/dist/index.html']) {
    if (!existsSync(join(ROOT, built))) {
      throw new Error(`${built} is missing: run npm run build at the repository root first`);
    }
  }
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const database = `st_web_${runId}`;
  const redisPrefix = `st-web:${runId}:`;
  const port = await freePort();
  const storageDir = mkdtempSync(join(tmpdir(), 'st-web-'));
  await onServer(`CREATE DATABASE "${database}"`);
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: `${SERVER}/${database}`,
      REDIS_PREFIX: redisPrefix,
      WEB_DIST_DIR: join(ROOT, 'web/dist'),
      STORAGE_DIR: storageDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(LOGIN_FAILURES),
      RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
      // Small, so the oversized-upload flows need not send 50 MiB.
      MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT),
      // The publication flow's webhook points at a closed loopback port: nothing leaves the machine.
      WEBHOOK_ALLOW_PRIVATE: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseURL = `http://localhost:${port}`;
  await waitUntilReady(baseURL, child, () => output);
  process.env.E2E_BASE_URL = baseURL;
  process.env.E2E_DATABASE_URL = `${SERVER}/${database}`;
  process.env.E2E_REDIS_PREFIX = redisPrefix;

  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    rmSync(storageDir, { recursive: true, force: true });
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${redisPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  };
}
