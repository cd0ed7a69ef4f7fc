import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ensureDatabase, runMigrations } from '../src/database/migrate';
import {
  BENCH_TAG,
  BenchContext,
  Figure,
  measureExport,
  measureIntake,
  measureList,
  measureSearch,
} from './figures';
import { findPgbench } from './pgbench';
import { measureReminders } from './reminders-due';
import { measureScreening } from './screening';
import { BenchService } from './service';
import { BENCH_PASSWORD, markRemindersSent } from './synthetic';
import { ensureWebBuild, measureWebList } from './web-list';

const USAGE = `usage: npm run bench -- [--quick] [--incidents N] [--database URL] [--no-build]
                       [--only export,list,search,web,screening,intake,reminders] [--cpu-prof DIR]

Measures the figures of spec 13 against their raw limits in one run: builds the service
(unless --no-build), seeds the database up to N incidents (default 1,000,000; 50,000 with
--quick, which also shortens each load to 5 s), starts dist/src/main.js on a free port, and
prints figure | ours | limit | ratio | target | pass. The results go to bench/results/latest.json.
The database defaults to $BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/st_bench.
--only measures some figures; --cpu-prof writes the service's V8 CPU profile to DIR on stop.
The web figure drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) through the
incident list of the built web application (web/dist, built first if missing).
`;

interface Options {
  quick: boolean;
  incidents: number;
  databaseUrl: string;
  build: boolean;
  only: string[];
  cpuProfileDir?: string;
}

function parse(): Options | null {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      incidents: { type: 'string' },
      database: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick ?? false;
  const incidents = Number(values.incidents ?? (quick ? 50_000 : 1_000_000));
  if (values.help || !Number.isInteger(incidents) || incidents < 1) return null;
  const only = values.only ? values.only.split(',').map((name) => name.trim()) : [...FIGURES];
  if (only.some((name) => !(FIGURES as readonly string[]).includes(name))) return null;
  return {
    only,
    cpuProfileDir: values['cpu-prof'],
    quick,
    incidents,
    build: !values['no-build'],
    databaseUrl:
      values.database ??
      process.env.BENCH_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/st_bench',
  };
}

const FIGURES = ['export', 'list', 'search', 'web', 'screening', 'intake', 'reminders'] as const;

const begun = Date.now();
const say = (line: string): boolean =>
  process.stderr.write(
    `bench: ${((Date.now() - begun) / 1000).toFixed(0).padStart(4)} s  ${line}\n`,
  );

async function run(command: string, args: string[]): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}

async function benchUserIds(db: Client): Promise<{ monitor: string; verifiers: string[] }> {
  const { rows } = await db.query<{ id: string; email: string }>(
    "SELECT id, email FROM users WHERE email LIKE '%@bench.example' ORDER BY email",
  );
  const monitor = rows.find((row) => row.email === 'bench-monitor-1@bench.example');
  const verifiers = rows.filter((row) => row.email.startsWith('bench-verifier-'));
  if (!monitor || verifiers.length === 0) throw new Error('no bench users: seed the database');
  return { monitor: monitor.id, verifiers: verifiers.map((row) => row.id) };
}

/**
 * Deletes what bench runs wrote, by their tag: incidents (their sources, evidence, reminders and
 * notifications follow by cascade), their history and outbox rows. Their audit events stay:
 * the audit log refuses DELETE.
 */
async function deleteBenchRows(db: Client): Promise<number> {
  const tagged = `SELECT id FROM incidents WHERE tags @> ARRAY['${BENCH_TAG}']`;
  await db.query(`DELETE FROM incident_history WHERE incident_id IN (${tagged})`);
  await db.query(`DELETE FROM outbox_events WHERE aggregate_id IN (${tagged})`);
  const { rowCount } = await db.query(`DELETE FROM incidents WHERE tags @> ARRAY['${BENCH_TAG}']`);
  return rowCount ?? 0;
}

function format(value: number | null, digits = 1): string {
  if (value === null) return '-';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function table(figures: Figure[]): string {
  const rows = [
    ['figure', 'ours', 'limit', 'ratio', 'target', 'result'],
    ...figures.map((f) => [
      f.figure,
      f.ours === null ? (f.note ?? '-') : `${format(f.ours)} ${f.unit.split(' vs ')[0]}`,
      f.limit === null ? '' : `${format(f.limit)} ${f.unit.split(' vs ').at(-1)}`,
      f.ratio === null ? '' : f.ratio < 0.1 ? f.ratio.toPrecision(2) : format(f.ratio, 2),
      f.target,
      f.pass === null ? '-' : f.pass ? 'pass' : 'FAIL',
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]): string =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const notes = figures
    .filter((f) => f.note && f.ours !== null)
    .map((f) => `  ${f.figure}: ${f.note}`);
  return [
    line(rows[0]),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.slice(1).map(line),
    ...(notes.length > 0 ? ['', 'notes:', ...notes] : []),
  ].join('\n');
}

async function main(): Promise<number> {
  const options = parse();
  if (!options) {
    process.stderr.write(USAGE);
    return 2;
  }
  const pgbench = findPgbench();
  if (!pgbench) {
    throw new Error(
      'pgbench not found: install the PostgreSQL client tools (apt-get install -y postgresql-contrib)',
    );
  }
  try {
    require.resolve('autocannon');
  } catch {
    throw new Error('autocannon is missing: run npm ci (it is a devDependency)');
  }
  const started = Date.now();
  // Other work on the machine shows in every figure; the results record how busy it was.
  const loadBefore = loadavg()[0];
  const seconds = options.quick ? 5 : 15;
  const dueAfterSeconds = options.quick ? 10 : 20;

  if (options.build) {
    say('npm run build');
    await run('npm', ['run', 'build', '--silent']);
  }
  await ensureDatabase(options.databaseUrl);
  await runMigrations(options.databaseUrl);
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  const service = new BenchService(
    options.databaseUrl,
    {
      VERIFICATION_DUE_AFTER: `PT${dueAfterSeconds}S`,
      INTAKE_STALE_AFTER: 'P3650D',
      PUBLICATION_DUE_AFTER: 'P3650D',
    },
    options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [],
  );
  // The rows of an interrupted run are deleted by the next one (by their tag).
  const onSignal = (): void => {
    say('interrupted: stopping the service');
    void service.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const figures: Figure[] = [];
  let incidents = 0;
  let pgVersion = '';
  try {
    const leftOver = await deleteBenchRows(db);
    if (leftOver > 0) say(`deleted ${leftOver} incidents left by an earlier run`);
    const count = async (): Promise<number> =>
      Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM incidents')).rows[0].n);
    incidents = await count();
    if (incidents < options.incidents) {
      const missing = options.incidents - incidents;
      say(`${incidents} incidents, seeding ${missing} more`);
      await run(process.execPath, [
        ...['-r', 'ts-node/register/transpile-only', join(__dirname, 'seed.ts')],
        ...['--incidents', String(missing), '--database', options.databaseUrl],
      ]);
      incidents = await count();
    }
    pgVersion = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
      .rows[0].v;
    // The seeded incidents sit in their stages for years: with deadlines of seconds they would
    // all fall due at the first sweep, which is not what the reminders figure measures.
    await markRemindersSent(db);

    if (options.only.includes('web')) await ensureWebBuild(say);
    say(`starting the service on ${incidents} incidents`);
    await service.start();
    const users = await benchUserIds(db);
    const context: BenchContext = {
      service,
      databaseUrl: options.databaseUrl,
      db,
      pgbench,
      quick: options.quick,
      seconds,
      tokens: {
        monitor: await service.login('bench-monitor-1@bench.example', BENCH_PASSWORD),
        verifier: await service.login('bench-verifier-1@bench.example', BENCH_PASSWORD),
        admin: await service.login('bench-admin@bench.example', BENCH_PASSWORD),
      },
      monitorId: users.monitor,
    };
    const measure = async (name: string, figure: () => Promise<Figure | Figure[]>) => {
      if (!options.only.includes(name)) return;
      say(name);
      try {
        figures.push(...[await figure()].flat());
      } catch (error) {
        // Reported as a failed figure; the others still run.
        say(`${name}: ${(error as Error).stack ?? String(error)}`);
        figures.push({
          figure: name,
          ...{ ours: null, limit: null, unit: '', ratio: null, target: '', pass: false },
          note: `not measured: ${(error as Error).message}`,
        });
      }
    };
    // The export first, while the process has served no load: its peak RSS is the export's.
    // The export, list and search see the seeded rows only, before intake adds any.
    await measure('export', () => measureExport(context));
    await measure('list', () => measureList(context));
    await measure('search', () => measureSearch(context));
    await measure('web', () => measureWebList(context));
    // A list version, then every actor screened again: waited for, so no later figure shares
    // the machine with it.
    await measure('screening', () => measureScreening(context));
    await measure('intake', () => measureIntake(context));
    await measure('reminders', () =>
      measureReminders(db, users.monitor, users.verifiers, dueAfterSeconds),
    );
  } finally {
    await service.stop().catch((error: Error) => say(`stopping the service: ${error.message}`));
    const deleted = await deleteBenchRows(db).catch((error: Error) => {
      say(`deleting the bench rows: ${error.message}`);
      return 0;
    });
    say(`deleted ${deleted} bench incidents`);
    await db.end();
  }

  process.stdout.write(
    `\n${table(figures)}\n\n${incidents} incidents${options.quick ? ', --quick' : ''}; ` +
      `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after ` +
      `(${cpus().length} CPUs)\n`,
  );
  const results = {
    date: new Date().toISOString(),
    quick: options.quick,
    incidents,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      postgres: pgVersion,
      loadAverage: { before: loadBefore, after: loadavg()[0] },
    },
    figures,
  };
  const dir = join(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  say(`wrote bench/results/latest.json in ${results.durationSeconds} s`);
  return figures.every((figure) => figure.pass !== false) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nbench: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
