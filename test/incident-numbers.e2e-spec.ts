import { Client } from 'pg';
import { IncidentNumberSequences1795925900000 } from '../migrations/1795925900000-IncidentNumberSequences';
import { createTestApp, TestApp } from './helpers/app';

/** Reference numbers: one sequence per year (migration IncidentNumberSequences). */
describe('incident reference numbers (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const next = async (year: number): Promise<number> => {
    const [{ n }] = await t.dataSource.query<{ n: string }[]>(
      'SELECT next_incident_number($1) AS n',
      [year],
    );
    return Number(n);
  };

  it('starts a year at 1 and hands every number out once, even to racing first intakes', async () => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const client = new Client({ connectionString: t.config.databaseUrl });
        await client.connect();
        return client;
      }),
    );
    try {
      const numbers = await Promise.all(
        clients.map(async (client) => {
          const { rows } = await client.query<{ n: string }>(
            'SELECT next_incident_number(2091) AS n',
          );
          return Number(rows[0].n);
        }),
      );
      expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await next(2091)).toBe(9);
      expect(await next(2092)).toBe(1);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it('only ever raises a year, for loaders that write references themselves', async () => {
    expect(await next(2093)).toBe(1);
    await t.dataSource.query('SELECT raise_incident_number(2093, 500)');
    expect(await next(2093)).toBe(501);
    await t.dataSource.query('SELECT raise_incident_number(2093, 100)');
    expect(await next(2093)).toBe(502);
  });

  it('carries the counters of the table it replaced over, and back on down()', async () => {
    const migration = new IncidentNumberSequences1795925900000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await next(2094);
      await next(2094);
      await migration.down(runner);
      const counters = await runner.query(
        'SELECT year, last FROM incident_counters WHERE year = 2094',
      );
      expect(counters).toEqual([{ year: 2094, last: 2 }]);
      await runner.query('INSERT INTO incident_counters (year, last) VALUES (2095, 41)');

      await migration.up(runner);

      expect(await next(2094)).toBe(3);
      expect(await next(2095)).toBe(42);
      const [{ exists }] = (await runner.query(
        "SELECT to_regclass('incident_counters') IS NOT NULL AS exists",
      )) as { exists: boolean }[];
      expect(exists).toBe(false);
    } finally {
      await runner.release();
    }
  });
});
