import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { IncidentListQuery } from '../src/incidents/dto/incident-query.dto';
import { EvidenceRepository } from '../src/evidence/evidence.repository';
import { pageNeedsAllMatches } from '../src/incidents/incident-search';
import { pageStatement, SearchStep } from '../src/incidents/incident-search.repository';
import { COMMON_TERM, PAST_TERM, RARE_TERM, UNRELATED_TERMS } from './synthetic';

const USAGE = `usage: npm run search:explain -- [--database URL] [--max-ms N]

Runs EXPLAIN (ANALYZE, BUFFERS) of the SQL that GET /api/v1/incidents builds, for searches
over a database filled by npm run bench:seed, and exits 1 when one takes longer than
--max-ms (default 200) to plan and execute (both steps of a search when it takes two). The database defaults to $BENCH_DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/st_bench.
`;

interface Case {
  name: string;
  query: IncidentListQuery;
}

const CASES: Case[] = [
  { name: 'rare term', query: { q: RARE_TERM } },
  { name: 'common term', query: { q: COMMON_TERM } },
  { name: 'common term, status published', query: { q: COMMON_TERM, status: 'published' } },
  { name: 'no term, first page', query: {} },
  { name: 'term only in 2020-2022', query: { q: PAST_TERM } },
  { name: 'two common terms never together', query: { q: UNRELATED_TERMS } },
  { name: 'term without matches', query: { q: 'quetzalcoatl' } },
  { name: 'two common terms', query: { q: `${COMMON_TERM} ship` } },
  { name: 'rare term, status intake', query: { q: RARE_TERM, status: 'intake' } },
];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

interface Explained {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
}

async function explain(manager: EntityManager, sql: string, parameters: unknown[]) {
  const rows = await manager.query<{ 'QUERY PLAN': Explained[] }[]>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
    parameters,
  );
  return rows[0]['QUERY PLAN'][0];
}

function describe(node: PlanNode, depth: number, maxDepth: number, out: string[]): void {
  const target = node['Index Name'] ?? node['Relation Name'];
  out.push(
    `${'  '.repeat(depth + 1)}${node['Node Type']}${target ? ` on ${target}` : ''}` +
      `  rows=${node['Actual Rows']} loops=${node['Actual Loops']}` +
      ` time=${node['Actual Total Time']?.toFixed(2)} ms` +
      ` buffers hit=${node['Shared Hit Blocks']} read=${node['Shared Read Blocks']}`,
  );
  if (depth < maxDepth)
    for (const child of node.Plans ?? []) describe(child, depth + 1, maxDepth, out);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      database: { type: 'string' },
      'max-ms': { type: 'string', default: '200' },
      help: { type: 'boolean', default: false },
    },
  });
  const maxMs = Number(values['max-ms']);
  if (values.help || !(maxMs > 0)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const databaseUrl =
    values.database ??
    process.env.BENCH_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/st_bench';
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 1));
  await dataSource.initialize();
  try {
    const [{ count }] = await dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM incidents',
    );
    process.stdout.write(`${count} incidents; threshold ${maxMs} ms\n`);
    const slow: string[] = [];
    for (const { name, query } of CASES) {
      // The steps IncidentSearch.list takes: `recent`, then `matches` when the page is short.
      let total = 0;
      let report = '';
      for (const step of ['recent', 'matches'] as SearchStep[]) {
        const [sql, parameters] = pageStatement(
          dataSource.manager,
          new EvidenceRepository(dataSource),
          query,
          step,
        );
        // One run first, so that every case is measured with a warm cache.
        await dataSource.query(sql, parameters);
        const result = await explain(dataSource.manager, sql, parameters);
        const lines: string[] = [];
        describe(result.Plan, 0, 7, lines);
        total += result['Planning Time'] + result['Execution Time'];
        const rows = result.Plan['Actual Rows'] ?? 0;
        report +=
          `  ${query.q ? `step ${step}: ` : ''}planning ${result['Planning Time'].toFixed(2)} ms, ` +
          `execution ${result['Execution Time'].toFixed(2)} ms, ${rows} rows\n${lines.join('\n')}\n`;
        if (!pageNeedsAllMatches(query, rows)) break;
      }
      process.stdout.write(`\n${name} ${JSON.stringify(query)}: ${total.toFixed(2)} ms\n${report}`);
      if (total > maxMs) slow.push(`${name} (${total.toFixed(0)} ms)`);
    }
    process.stdout.write(
      slow.length === 0
        ? `\nall ${CASES.length} searches under ${maxMs} ms\n`
        : `\nover ${maxMs} ms: ${slow.join(', ')}\n`,
    );
    return slow.length === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`search:explain: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
