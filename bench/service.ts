import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Resident set size of a process in bytes, from /proc (Linux), or null once it is gone. */
export async function residentBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

/**
 * The production build (`node dist/src/main.js`, APP_ROLE=all) on a free port, with secrets
 * generated for the run, its own Redis prefix and a temporary storage directory, so a run
 * shares nothing with a service already running on this machine.
 */
/** How `npm start`, the Dockerfile and docker-compose.yml start node: flags and glibc setting. */
const RUN_NODE = join(__dirname, '..', 'scripts', 'run-node.sh');

export class BenchService {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private storageDir = '';
  readonly redisPrefix = `st-bench:${process.pid}:`;
  port = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly extraEnv: Record<string, string>,
    /** More flags for node itself, such as --cpu-prof. */
    private readonly nodeArgs: string[] = [],
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error('the service is not running');
    return this.child.pid;
  }

  async start(): Promise<void> {
    const main = join(__dirname, '..', 'dist', 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run without --no-build`);
    this.port = await freePort();
    this.storageDir = await mkdtemp(join(tmpdir(), 'st-bench-'));
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      APP_ROLE: 'all',
      HOST: '127.0.0.1',
      PORT: String(this.port),
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      STORAGE_DIR: this.storageDir,
      // The web application the web figure drives, whatever directory the bench runs from.
      WEB_DIST_DIR: join(__dirname, '..', 'web', 'dist'),
      JWT_SECRET: randomBytes(32).toString('base64'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      AUDIT_CHECKPOINT_SIGNING_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_USER_PER_MINUTE: '10000000',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      ...this.extraEnv,
    };
    // The script execs node (found on PATH, as for npm start): the child's pid is node's.
    const child = spawn('sh', [RUN_NODE, ...this.nodeArgs, main], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Kept for the error message should it fail to start; warnings only at LOG_LEVEL=warn.
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await this.waitUntilReady();
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) {
        throw new Error(`the service exited with ${this.child?.exitCode}:\n${this.output}`);
      }
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
      `the service was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${this.output}`,
    );
  }

  /** SIGTERM (graceful shutdown), SIGKILL if it lingers; then its Redis keys and files go. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
    this.child = null;
    await this.deleteRedisKeys();
    if (this.storageDir) await rm(this.storageDir, { recursive: true, force: true });
  }

  private async deleteRedisKeys(): Promise<void> {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(
          cursor,
          'MATCH',
          `${this.redisPrefix}*`,
          'COUNT',
          1000,
        );
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  async login(email: string, password: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) {
      throw new Error(`login as ${email}: ${response.status} ${await response.text()}`);
    }
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
}
