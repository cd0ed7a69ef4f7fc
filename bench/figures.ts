import autocannon from 'autocannon';
import { Client } from 'pg';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { IncidentListQuery } from '../src/incidents/dto/incident-query.dto';
import { EvidenceRepository } from '../src/evidence/evidence.repository';
import { pageStatement } from '../src/incidents/incident-search.repository';
import { copyExportLimit } from './export-vs-copy';
import { runPgbench } from './pgbench';
import { BenchService, residentBytes } from './service';
import { COMMON_TERM, RARE_TERM } from './synthetic';

/** Every row a bench run writes carries this tag, and the clean-up deletes by it. */
export const BENCH_TAG = 'bench-run';
const CONNECTIONS = 32;
const MIB = 1024 * 1024;

export interface Figure {
  figure: string;
  ours: number | null;
  limit: number | null;
  unit: string;
  ratio: number | null;
  target: string;
  pass: boolean | null;
  note?: string;
}

export interface BenchContext {
  service: BenchService;
  databaseUrl: string;
  db: Client;
  pgbench: string;
  quick: boolean;
  /** Length of each autocannon and pgbench run. */
  seconds: number;
  tokens: { monitor: string; verifier: string; admin: string };
  monitorId: string;
}

const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

async function api<T>(
  context: BenchContext,
  token: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${context.service.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...auth(token), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function load(
  context: BenchContext,
  options: autocannon.Options,
): Promise<{ rate: number; p99: number; note: string }> {
  // A long timeout, so that a slow answer counts as slow rather than as an error.
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: context.seconds,
    timeout: 60,
    ...options,
  });
  const failures = result.non2xx + result.errors;
  return {
    rate: result['2xx'] / result.duration,
    p99: result.latency.p99,
    note:
      failures > 0
        ? `${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)}), ` +
          `${result.errors} errors of which ${result.timeouts} timeouts`
        : '',
  };
}

/** A valid intake body (test/helpers/incidents.ts incidentBody), tagged for the clean-up. */
const INTAKE_BODY = {
  title: 'Musan iron ore mine workers dispatched to Russia',
  summary: 'About 100 workers of the Musan mine left for Russia via Rason in January 2025.',
  regime: 'UN-1718',
  category: 'overseas_labor',
  provisions: ['UNSCR-2375-OP17', 'UNSCR-2397-OP8'],
  occurredFrom: '2025-01-12',
  occurredTo: '2025-01-29',
  datePrecision: 'day',
  locations: [
    { role: 'origin', countryCode: 'KP', adminArea: 'North Hamgyong', placeName: 'Musan' },
    { role: 'destination', countryCode: 'RU' },
  ],
  actors: [{ name: 'Musan Mine', type: 'organization', role: 'sending employer' }],
  quantities: [{ value: 100, unit: 'workers', approximate: true }],
  tags: ['labor-export', 'russia', BENCH_TAG],
};

/** The same row as one INSERT; the reference is random (64 bits), as unique as a counter here. */
function intakeInsert(db: Client, createdBy: string): string {
  const text = (value: string): string => db.escapeLiteral(value);
  const array = (values: string[]): string => `ARRAY[${values.map(text).join(', ')}]::text[]`;
  const json = (value: unknown): string => `${text(JSON.stringify(value))}::jsonb`;
  const b = INTAKE_BODY;
  return `INSERT INTO incidents (reference, title, summary, regime, category, provisions,
      occurred_from, occurred_to, date_precision, locations, actors, quantities, tags, created_by)
    VALUES ('PGB-' || substr(md5(random()::text), 1, 16), ${text(b.title)}, ${text(b.summary)},
      ${text(b.regime)}, ${text(b.category)}, ${array(b.provisions)}, ${text(b.occurredFrom)},
      ${text(b.occurredTo)}, ${text(b.datePrecision)}, ${json(b.locations)}, ${json(b.actors)},
      ${json(b.quantities)}, ${array(b.tags)}, ${text(createdBy)});`;
}

export async function measureIntake(context: BenchContext): Promise<Figure> {
  const ours = await load(context, {
    url: `${context.service.baseUrl}/api/v1/incidents`,
    method: 'POST',
    headers: { ...auth(context.tokens.monitor), 'content-type': 'application/json' },
    body: JSON.stringify(INTAKE_BODY),
  });
  const limit = await runPgbench(
    context.pgbench,
    context.databaseUrl,
    intakeInsert(context.db, context.monitorId),
    CONNECTIONS,
    context.seconds,
  );
  const ratio = ours.rate / limit.tps;
  return {
    figure: 'intake: POST /incidents, 32 clients',
    ours: ours.rate,
    limit: limit.tps,
    unit: 'req/s vs tps',
    ratio,
    target: 'ratio >= 0.35',
    pass: ratio >= 0.35,
    note:
      [ours.note, limit.failed > 0 ? `pgbench: ${limit.failed} failed` : '']
        .filter(Boolean)
        .join('; ') || undefined,
  };
}

/** Spec 6 filters on the list's first page: a status, a regime and a country. */
const LIST_FILTERS = { status: 'published', regime: 'UN-1718', country: 'RU' } as const;

function inline(db: Client, sql: string, parameters: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const value = parameters[Number(index) - 1];
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return db.escapeLiteral(value);
    if (Array.isArray(value) && value.every((item) => /^[\w-]+$/.test(String(item)))) {
      return db.escapeLiteral(`{${value.join(',')}}`);
    }
    throw new Error(`cannot inline parameter $${index}: ${JSON.stringify(value)}`);
  });
}

/**
 * The SQL of one list request, as IncidentSearch.list sends it: one statement, the page with the
 * counts of its rows. The caller's session lookup (cached) and the rate-limit counter (Redis)
 * are left out, which makes the limit stricter.
 */
async function listStatements(context: BenchContext): Promise<string> {
  const dataSource = await new DataSource(dataSourceOptions(context.databaseUrl, 1)).initialize();
  try {
    const query = { ...LIST_FILTERS } as IncidentListQuery;
    const parts = new EvidenceRepository(dataSource);
    const [sql, parameters] = pageStatement(dataSource.manager, parts, query, 'recent');
    return `${inline(context.db, sql, parameters)};`;
  } finally {
    await dataSource.destroy();
  }
}

export async function measureList(context: BenchContext): Promise<Figure[]> {
  const path = `/api/v1/incidents?${new URLSearchParams(LIST_FILTERS).toString()}`;
  const first = await api<{ items: unknown[] }>(context, context.tokens.verifier, path);
  if (first.status !== 200 || first.body.items.length === 0) {
    throw new Error(`GET ${path}: ${first.status}, ${first.body.items?.length} items`);
  }
  const ours = await load(context, {
    url: `${context.service.baseUrl}${path}`,
    headers: auth(context.tokens.verifier),
  });
  const limit = await runPgbench(
    context.pgbench,
    context.databaseUrl,
    await listStatements(context),
    CONNECTIONS,
    context.seconds,
  );
  const ratio = ours.rate / limit.tps;
  const filters = new URLSearchParams(LIST_FILTERS).toString();
  // Latency as a client sees it, one request at a time: at 32 clients on two cores every
  // request also waits its turn behind the others (that p99 is in the throughput's note).
  const requests = context.quick ? 50 : 200;
  const latency = await sequentialLatencies(context, path, requests);
  const p99 = percentile(latency.times, 99);
  return [
    {
      figure: `list: first page ${filters}, 32 clients`,
      ours: ours.rate,
      limit: limit.tps,
      unit: 'req/s vs tps',
      ratio,
      target: 'ratio >= 0.30',
      pass: ratio >= 0.3,
      note: [`p99 at 32 clients ${ours.p99} ms`, ours.note].filter(Boolean).join('; '),
    },
    {
      figure: `list: p99 latency, ${requests} sequential`,
      ours: p99,
      limit: null,
      unit: 'ms',
      ratio: null,
      target: 'p99 < 25 ms',
      pass: p99 < 25,
      note: `p50 ${percentile(latency.times, 50).toFixed(1)} ms, p95 ${percentile(latency.times, 95).toFixed(1)} ms`,
    },
  ];
}

/** Sorted latencies (ms) of `requests` GETs one after another, after five that warm up. */
async function sequentialLatencies(
  context: BenchContext,
  path: string,
  requests: number,
): Promise<{ times: number[]; items: number }> {
  const times: number[] = [];
  let items = 0;
  for (let i = -5; i < requests; i++) {
    const started = performance.now();
    const response = await api<{ items: unknown[] }>(context, context.tokens.verifier, path);
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    items = response.body.items.length;
    if (i >= 0) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { times, items };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function measureSearch(context: BenchContext): Promise<Figure[]> {
  const requests = context.quick ? 50 : 200;
  const figures: Figure[] = [];
  for (const [kind, term] of [
    ['rare', RARE_TERM],
    ['common', COMMON_TERM],
  ]) {
    const path = `/api/v1/incidents?q=${encodeURIComponent(term)}`;
    const { times, items } = await sequentialLatencies(context, path, requests);
    const p95 = percentile(times, 95);
    figures.push({
      figure: `search: q=${term} (${kind}), ${requests} sequential`,
      ours: p95,
      limit: null,
      unit: 'ms p95',
      ratio: null,
      target: 'p95 < 30 ms',
      pass: p95 < 30,
      note: `p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, ${items} items`,
    });
  }
  return figures;
}

interface ExportView {
  id: string;
  status: string;
  startedAt: string | null;
  completedAt: string | null;
  sizeBytes: number | null;
  rowCount: number | null;
  error: string | null;
}

/**
 * The CSV export job (internal scope, no filters) against COPY of the export's own SQL, timed
 * before and after it (the faster counts). Peak RSS is the service process's VmRSS sampled
 * every 50 ms while the job runs, as session 1 measured it.
 */
export async function measureExport(context: BenchContext): Promise<Figure[]> {
  const copyBefore = await copyExportLimit(context.databaseUrl);
  const baseline = (await residentBytes(context.service.pid)) ?? 0;
  let peak = baseline;
  const sampler = setInterval(() => {
    void residentBytes(context.service.pid).then((bytes) => (peak = Math.max(peak, bytes ?? 0)));
  }, 50);
  let done: ExportView;
  try {
    const created = await api<{ id: string }>(context, context.tokens.admin, '/api/v1/exports', {
      format: 'csv',
      scope: 'internal',
    });
    if (created.status !== 202) throw new Error(`POST /exports: ${created.status}`);
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const { body } = await api<ExportView>(
        context,
        context.tokens.admin,
        `/api/v1/exports/${created.body.id}`,
      );
      if (body.status === 'completed' || body.status === 'failed') {
        done = body;
        break;
      }
      if (Date.now() > deadline) throw new Error('the export did not finish within 15 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    clearInterval(sampler);
  }
  await context.db.query('DELETE FROM exports WHERE id = $1', [done.id]);
  if (done.status !== 'completed' || !done.startedAt || !done.completedAt) {
    throw new Error(`the export failed: ${done.error}`);
  }
  const copyAfter = await copyExportLimit(context.databaseUrl);
  const ours = (Date.parse(done.completedAt) - Date.parse(done.startedAt)) / 1000;
  const limit = Math.min(copyBefore.ms, copyAfter.ms) / 1000;
  return [
    {
      figure: 'export: CSV job vs COPY TO STDOUT',
      ours,
      limit,
      unit: 's',
      ratio: ours / limit,
      target: 'ratio <= 1.5',
      pass: ours / limit <= 1.5,
      note:
        `${done.rowCount} rows, ${(Number(done.sizeBytes) / MIB).toFixed(1)} MiB file, ` +
        `COPY ${(copyAfter.bytes / MIB).toFixed(1)} MiB`,
    },
    {
      figure: 'export: peak RSS of the service',
      ours: peak / MIB,
      limit: null,
      unit: 'MiB',
      ratio: null,
      target: 'peak < 200 MiB',
      pass: peak < 200 * MIB,
      note: `before the export ${(baseline / MIB).toFixed(0)} MiB`,
    },
  ];
}
