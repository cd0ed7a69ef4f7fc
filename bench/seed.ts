import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ensureDatabase, runMigrations } from '../src/database/migrate';
import { hashPassword } from '../src/users/password';
import {
  BENCH_PASSWORD,
  BENCH_USERS,
  EVIDENCE_COLUMNS,
  INCIDENT_COLUMNS,
  IncidentGenerator,
  markRemindersSent,
  Reference,
  SOURCE_COLUMNS,
  SyntheticUsers,
} from './synthetic';

const USAGE = `usage: npm run bench:seed -- --incidents N [--database URL] [--seed S]

Loads N synthetic incidents (with users, sources and evidence) into the database, creating
and migrating it first when needed. The database defaults to $BENCH_DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/st_bench. Running it again adds N more incidents.
`;

/** Incidents per COPY; their sources and evidence follow in two more COPYs. */
const CHUNK = 5_000;
/** Rows per string handed to the COPY stream. */
const BATCH = 250;
/**
 * Loaders working at once. The incidents trigger (full-text vector) is the costliest part of
 * a row and runs in the loading backend, so two connections keep two cores busy.
 */
const CONNECTIONS = 2;

function parse(): { incidents: number; databaseUrl: string; seed: number } | null {
  const { values } = parseArgs({
    options: {
      incidents: { type: 'string' },
      database: { type: 'string' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  const incidents = Number(values.incidents);
  const seed = Number(values.seed);
  if (values.help || !Number.isInteger(incidents) || incidents < 1 || !Number.isInteger(seed)) {
    return null;
  }
  return {
    incidents,
    seed,
    databaseUrl:
      values.database ??
      process.env.BENCH_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/st_bench',
  };
}

async function copy(
  client: Client,
  table: string,
  columns: string[],
  rows: Readable,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(rows, stream);
}

function lines(rows: string[]): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < rows.length; i += BATCH * 4) {
        yield `${rows.slice(i, i + BATCH * 4).join('\n')}\n`;
      }
    })(),
  );
}

/**
 * One chunk in one transaction: incidents (the trigger derives search and countries), then
 * their sources and evidence, then the reference counters, so that a run stopped midway
 * leaves whole chunks and counters that cover every reference in use.
 */
async function loadChunk(
  client: Client,
  generator: IncidentGenerator,
  size: number,
  skipForeignKeyChecks: boolean,
  onRows: (rows: number) => void,
): Promise<{ sources: number; evidence: number }> {
  const sourceRows: string[] = [];
  const evidenceRows: string[] = [];
  const lastByYear = new Map<number, number>();
  const incidentRows = Readable.from(
    (function* () {
      for (let made = 0; made < size;) {
        const batch: string[] = [];
        for (const end = Math.min(size, made + BATCH); made < end; made++) {
          const rows = generator.next();
          batch.push(rows.incident);
          sourceRows.push(...rows.sources);
          evidenceRows.push(...rows.evidence);
          lastByYear.set(rows.year, Math.max(lastByYear.get(rows.year) ?? 0, rows.number));
        }
        onRows(batch.length);
        yield `${batch.join('\n')}\n`;
      }
    })(),
  );
  await client.query('BEGIN');
  try {
    await copy(client, 'incidents', INCIDENT_COLUMNS, incidentRows);
    // Their incidents are in this transaction by construction: skip the foreign-key trigger
    // of every source and evidence row, a third of the load time otherwise (superuser only).
    if (skipForeignKeyChecks) await client.query('SET LOCAL session_replication_role = replica');
    await copy(client, 'sources', SOURCE_COLUMNS, lines(sourceRows));
    await copy(client, 'evidence', EVIDENCE_COLUMNS, lines(evidenceRows));
    // Years in order, so that two loaders never wait on each other's year locks in a cycle.
    for (const [year, last] of [...lastByYear].sort(([a], [b]) => a - b)) {
      await client.query('SELECT raise_incident_number($1, $2)', [year, last]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { sources: sourceRows.length, evidence: evidenceRows.length };
}

async function createUsers(client: Client): Promise<SyntheticUsers> {
  // One argon2 hash for every bench user: hashing is meant to be slow.
  const hash = await hashPassword(BENCH_PASSWORD);
  for (const user of BENCH_USERS) {
    await client.query(
      `INSERT INTO users (email, display_name, password_hash, roles) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING`,
      [user.email, user.displayName, hash, user.roles],
    );
  }
  const { rows } = await client.query<{ id: string; roles: string[] }>(
    'SELECT id, roles FROM users WHERE email = ANY($1) ORDER BY email',
    [BENCH_USERS.map((user) => user.email)],
  );
  const withRole = (role: string): string[] =>
    rows.filter((row) => row.roles.includes(role)).map((row) => row.id);
  return {
    monitors: withRole('monitor'),
    verifiers: withRole('verifier'),
    writers: withRole('writer'),
  };
}

async function loadReference(client: Client): Promise<Reference> {
  const codes = async (sql: string): Promise<string[]> =>
    (await client.query<{ code: string }>(sql)).rows.map((row) => row.code);
  const provisions = new Map<string, string[]>();
  const { rows } = await client.query<{ code: string; regime_code: string }>(
    'SELECT code, regime_code FROM provisions WHERE active ORDER BY code',
  );
  for (const row of rows) {
    provisions.set(row.regime_code, [...(provisions.get(row.regime_code) ?? []), row.code]);
  }
  return {
    regimes: await codes('SELECT code FROM regimes WHERE active ORDER BY code'),
    categories: await codes('SELECT code FROM categories WHERE active ORDER BY code'),
    provisions,
  };
}

class Progress {
  private readonly started = Date.now();
  private shown = 0;

  constructor(private readonly total: number) {}

  update(done: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.shown < (process.stderr.isTTY ? 500 : 5000)) return;
    this.shown = now;
    const seconds = (now - this.started) / 1000;
    const rate = Math.round(done / Math.max(seconds, 0.001));
    const line = `incidents ${done}/${this.total} (${Math.round((100 * done) / this.total)}%), ${rate} rows/s, ${seconds.toFixed(1)} s`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}   ` : `${line}\n`);
    if (force && process.stderr.isTTY) process.stderr.write('\n');
  }
}

async function main(): Promise<number> {
  const options = parse();
  if (!options) {
    process.stderr.write(USAGE);
    return 2;
  }
  const started = Date.now();
  const target = new URL(options.databaseUrl);
  target.password = '';
  process.stderr.write(`seeding ${target.toString()}\n`);
  await ensureDatabase(options.databaseUrl);
  await runMigrations(options.databaseUrl);

  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    const users = await createUsers(client);
    const reference = await loadReference(client);
    // The last reference number handed out per year (migration IncidentNumberSequences).
    const { rows: counterRows } = await client.query<{ year: number; last: number }>(
      `SELECT substring(sequencename FROM 18)::integer AS year,
              COALESCE(last_value, start_value - 1)::integer AS last
         FROM pg_sequences
        WHERE schemaname = current_schema() AND sequencename ~ '^incident_numbers_[0-9]+$'`,
    );
    const generator = new IncidentGenerator(
      options.seed,
      reference,
      users,
      new Map(counterRows.map((row) => [row.year, row.last])),
    );

    const { rows: roles } = await client.query<{ superuser: boolean }>(
      "SELECT current_setting('is_superuser') = 'on' AS superuser",
    );
    const superuser = roles[0].superuser;
    const progress = new Progress(options.incidents);
    const totals = { taken: 0, done: 0, sources: 0, evidence: 0 };
    let generated = 0;
    const worker = async (): Promise<void> => {
      const connection = new Client({ connectionString: options.databaseUrl });
      await connection.connect();
      try {
        await connection.query('SET synchronous_commit = off');
        // Fewer, larger merges of the GIN pending lists (search, countries, tags, ...).
        await connection.query("SET gin_pending_list_limit = '64MB'");
        while (totals.taken < options.incidents) {
          const size = Math.min(CHUNK, options.incidents - totals.taken);
          totals.taken += size;
          const counts = await loadChunk(connection, generator, size, superuser, (rows) => {
            generated += rows;
            progress.update(generated);
          });
          totals.done += size;
          totals.sources += counts.sources;
          totals.evidence += counts.evidence;
        }
      } finally {
        await connection.end();
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    progress.update(totals.done, true);
    const loaded = Date.now();

    await markRemindersSent(client);
    // VACUUM sets the visibility map as autovacuum would have on a live database.
    await client.query('VACUUM (ANALYZE) incidents, sources, evidence');
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `seeded ${totals.done} incidents, ${totals.sources} sources, ${totals.evidence} evidence items in ` +
        `${seconds.toFixed(1)} s (load ${((loaded - started) / 1000).toFixed(1)} s, ` +
        `vacuum and analyze ${((Date.now() - loaded) / 1000).toFixed(1)} s); ` +
        `users ${BENCH_USERS[0].email} and others, password ${BENCH_PASSWORD}\n`,
    );
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nbench:seed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
