import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Each table has one owning feature (docs/architecture.md, "Who owns which table"). SQL that
 * names a table, and TypeORM calls on its entity, belong in the owner's folder; other features
 * call the owner. This test finds every use of a table outside its owner.
 *
 * KNOWN lists the uses outside an owner that are accepted, file by file, table by table: none
 * now. A new use outside the owner fails; so does an entry that is no longer needed.
 */
const SRC = __dirname;

/** Each table's owner folder, found from the @Entity declarations. */
function owners(): Map<string, { folder: string; entity: string }> {
  const map = new Map<string, { folder: string; entity: string }>();
  for (const file of sourceFiles()) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const match of text.matchAll(/@Entity\('([a-z_]+)'\)[\s\S]*?export class (\w+)/g)) {
      map.set(match[1], { folder: file.split('/')[0], entity: match[2] });
    }
  }
  // Tables without an entity of their own.
  map.set('audit_pending', { folder: 'audit', entity: '' });
  return map;
}

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
      ? [relative(SRC, path)]
      : [];
  });
}

const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TRUNCATE|TABLE)\s+"?([a-z_]+)"?/g;
/** A table named in a value that SQL is built from (`table: 'webhooks'`). */
const TABLE_NAME = /\btable:\s*'([a-z_]+)'/g;
const ENTITY_USE =
  /(?:getRepository|\.update|\.delete|\.from|\.into|findOne[A-Za-z]*)\(\s*(\w+)\s*[,)]/g;

/** `file: [tables]` for every table a file uses outside its owner's folder. */
function usesOutsideOwners(): Record<string, string[]> {
  const tables = owners();
  const byEntity = new Map([...tables].map(([table, owner]) => [owner.entity, table]));
  const found: Record<string, Set<string>> = {};
  for (const file of sourceFiles()) {
    const folder = file.includes('/') ? file.split('/')[0] : '';
    const text = readFileSync(join(SRC, file), 'utf8');
    const used = new Set<string>();
    for (const match of [...text.matchAll(SQL_TABLE), ...text.matchAll(TABLE_NAME)]) {
      if (tables.has(match[1].toLowerCase())) used.add(match[1].toLowerCase());
    }
    for (const match of text.matchAll(ENTITY_USE)) {
      const table = byEntity.get(match[1]);
      if (table) used.add(table);
    }
    for (const table of used) {
      if (tables.get(table)!.folder !== folder) (found[file] ??= new Set()).add(table);
    }
  }
  return Object.fromEntries(
    Object.entries(found)
      .map(([file, set]): [string, string[]] => [file, [...set].sort()])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

const KNOWN: Record<string, string[]> = {};

/**
 * Folders that are repository-only: no file but their `*.repository.ts` holds a DataSource or
 * reaches the database itself (SQL, query builders, TypeORM repositories, an EntityManager's
 * methods). Their services open transactions with `Transactions` (src/database/transactions.ts)
 * and hand its EntityManager to repository methods. Add a folder once it is converted; the list
 * only grows.
 */
const REPOSITORY_ONLY = ['audit', 'reference', 'sanctions'];

/** What only a repository (or src/database/) may do, each with a name for the failure. */
const DATA_ACCESS: [string, RegExp][] = [
  ['injects the DataSource', /@InjectDataSource\b|\bDataSource\b/g],
  ['runs SQL', /\.query\s*(?:<[^(]*>)?\s*\(/g],
  ['builds a query', /\bcreateQueryBuilder\b/g],
  ['uses a TypeORM repository', /\.getRepository\s*(?:<[^(]*>)?\s*\(/g],
  ['opens a transaction on the DataSource', /\.transaction\s*(?:<[^(]*>)?\s*\(/g],
  ['calls the EntityManager', /\b(?:manager|tx)\.(?!queryRunner\b)\w+\s*(?:<[^(]*>)?\s*\(/g],
];

/** For each way a text reaches the database itself, the name of it and how often. */
function dataAccessIn(text: string): string[] {
  return DATA_ACCESS.flatMap(([name, pattern]) => {
    const count = [...text.matchAll(pattern)].length;
    return count > 0 ? [`${name} (${count})`] : [];
  });
}

/** `file: [what it does]` for every non-repository file of the repository-only folders. */
function dataAccessOutsideRepositories(): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const file of sourceFiles()) {
    if (!REPOSITORY_ONLY.includes(file.split('/')[0]) || file.endsWith('.repository.ts')) continue;
    const uses = dataAccessIn(readFileSync(join(SRC, file), 'utf8'));
    if (uses.length > 0) found[file] = uses;
  }
  return found;
}

/**
 * Services, controllers, processors and relays get repositories: only `*.repository.ts` files
 * and src/database/ hold the data source or run SQL. The folders listed here are the exceptions,
 * and the list may only shrink (a folder that is clean fails until it is removed). session-cache:
 * its listener holds a connection of its own, outside the pool, to LISTEN for auth_changed and to
 * check that connection is alive; it reads no table.
 */
const NOT_YET_REPOSITORY_ONLY = ['session-cache'];

const RUNS_SQL = [
  /@InjectDataSource\(/,
  /import\s*(?:type\s*)?{[^}]*\bDataSource\b[^}]*}\s*from\s*'typeorm'/,
  /\.query\s*[<(]/,
  /\bcreateQueryBuilder\(/,
  /\bgetRepository\(/,
  /\bdataSource\.transaction\s*\(/,
];

/** Files outside the repositories and src/database/ that hold the data source or run SQL. */
function sqlOutsideRepositories(): string[] {
  return sourceFiles().filter(
    (file) =>
      !file.endsWith('.repository.ts') &&
      !file.startsWith('database/') &&
      RUNS_SQL.some((pattern) => pattern.test(readFileSync(join(SRC, file), 'utf8'))),
  );
}

describe('repositories', () => {
  it('only repositories and src/database/ run SQL, in every folder converted so far', () => {
    const offenders = sqlOutsideRepositories().filter(
      (file) => !NOT_YET_REPOSITORY_ONLY.includes(file.split('/')[0]),
    );
    expect(offenders).toEqual([]);
  });

  it('lists only folders that still have SQL outside their repositories', () => {
    const folders = new Set(sqlOutsideRepositories().map((file) => file.split('/')[0]));
    expect(NOT_YET_REPOSITORY_ONLY.filter((folder) => !folders.has(folder))).toEqual([]);
  });
});

describe('table ownership', () => {
  it('finds every table of the schema an owner', () => {
    expect([...owners().keys()].sort()).toEqual([
      'audit_events',
      'audit_pending',
      'categories',
      'comments',
      'evidence',
      'evidence_custody',
      'exports',
      'incident_history',
      'incidents',
      'notifications',
      'outbox_events',
      'password_tokens',
      'provisions',
      'refresh_tokens',
      'regimes',
      'reminder_sweeps',
      'reminders',
      'sanctions_candidates',
      'sanctions_designation_changes',
      'sanctions_designations',
      'sanctions_imports',
      'sanctions_list_versions',
      'sanctions_match_decisions',
      'sanctions_rescreens',
      'sanctions_screenings',
      'sessions',
      'sources',
      'users',
      'webhook_deliveries',
      'webhooks',
    ]);
  });

  it('no file uses a table outside its owner, beyond the known uses that may only shrink', () => {
    expect(usesOutsideOwners()).toEqual(KNOWN);
  });
});

describe('repository-only folders', () => {
  it('lists folders that exist', () => {
    const folders = new Set(sourceFiles().map((file) => file.split('/')[0]));
    expect(REPOSITORY_ONLY.filter((folder) => !folders.has(folder))).toEqual([]);
  });

  it('recognises each way of reaching the database itself', () => {
    expect(
      dataAccessIn(`
        constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
        await this.dataSource.query<{ n: number }[]>('SELECT 1');
        manager.getRepository(Regime).createQueryBuilder('r');
        await this.dataSource.transaction(async (tx) => tx.insert(Regime, row));
      `),
    ).toEqual([
      'injects the DataSource (2)',
      'runs SQL (1)',
      'builds a query (1)',
      'uses a TypeORM repository (1)',
      'opens a transaction on the DataSource (1)',
      'calls the EntityManager (2)',
    ]);
    expect(
      dataAccessIn(`
        if (!manager.queryRunner?.isTransactionActive) throw new Error('no transaction');
        await this.transactions.run((tx) => this.events.insertPending(tx, entry));
        return this.reference.listProvisions(query);
      `),
    ).toEqual([]);
  });

  it('no service, controller or helper of theirs reaches the database but through a repository', () => {
    expect(dataAccessOutsideRepositories()).toEqual({});
  });
});
