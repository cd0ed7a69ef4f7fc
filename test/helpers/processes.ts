import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { waitFor } from './wait';

export const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  /** Standard error alone: where start-up failures go, apart from the JSON log on stdout. */
  errors: () => string;
  exited: Promise<number | null>;
  signal: () => NodeJS.Signals | null;
}

/**
 * Runs an entry point (src/main.ts, src/worker.ts, src/cli/cli.ts with its arguments) as its own
 * process, collecting its output.
 */
export function startProcess(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
): Started {
  let output = '';
  let errors = '';
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  let signal: NodeJS.Signals | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code, bySignal) => {
      signal = bySignal;
      resolve(code);
    }),
  );
  return { child, output: () => output, errors: () => errors, exited, signal: () => signal };
}

/** A private redis-server for one test file: the shared one on 6379 is never touched. */
export class PrivateRedis {
  private process: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.process) return;
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(
      `redis-server on ${this.port}`,
      async () => {
        const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
        client.on('error', () => undefined);
        try {
          await client.connect();
          return await client.ping();
        } catch {
          return 'down';
        } finally {
          client.disconnect();
        }
      },
      (answer) => answer === 'PONG',
      10_000,
    );
  }

  /** Gone at once, as in a crash: SIGKILL, and without persistence its data is gone too. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}
