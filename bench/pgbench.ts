import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FALLBACK_DIRS = ['/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

/** The pgbench binary: on PATH, else a PostgreSQL client directory; null when neither. */
export function findPgbench(): string | null {
  if (spawnSync('pgbench', ['--version']).status === 0) return 'pgbench';
  for (const dir of FALLBACK_DIRS) {
    const path = join(dir, 'pgbench');
    if (spawnSync(path, ['--version']).status === 0) return path;
  }
  return null;
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
}

/**
 * `pgbench -c <clients> -j 2 -T <seconds> -n -f <script>` against the database of `url`.
 * Statements end with `;`. pgbench substitutes `:name` variables in the script; `::` casts and
 * `": "` in JSON are left alone.
 */
export async function runPgbench(
  binary: string,
  url: string,
  script: string,
  clients: number,
  seconds: number,
): Promise<PgbenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'st-pgbench-'));
  try {
    const file = join(dir, 'script.sql');
    await writeFile(file, `${script.trim()}\n`);
    const target = new URL(url);
    const args = [
      ...['-h', target.hostname, '-p', target.port || '5432'],
      ...['-U', decodeURIComponent(target.username || 'postgres')],
      ...['-c', String(clients), '-j', '2', '-T', String(seconds), '-n', '-f', file],
      decodeURIComponent(target.pathname.slice(1)),
    ];
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(target.password) };
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      const child = spawn(binary, args, { env });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('error', reject);
      child.once('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
    if (code !== 0 || tps === undefined) {
      throw new Error(`pgbench failed (exit ${code}):\n${stderr.slice(-2000)}${stdout}`);
    }
    return {
      tps: Number(tps),
      transactions: Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]),
      failed: Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
