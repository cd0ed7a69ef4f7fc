import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import {
  DesignationChangeDto,
  DesignationDto,
  DesignationSummaryDto,
  ListVersionDto,
  SanctionsImportDto,
} from '../src/sanctions/dto/sanctions.dto';
import { QUEUES } from '../src/queues/queues';
import { startProcess } from './helpers/processes';
import { ListFetcher } from '../src/sanctions/list-fetcher';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

const FIXTURES = join(__dirname, 'fixtures', 'un-consolidated');
const EDITION_2020 = readFileSync(join(FIXTURES, 'consolidated-2020-03-20.xml'));
const EDITION_2024 = readFileSync(join(FIXTURES, 'consolidated-2024-09-26.xml'));

/**
 * The diff between the two real editions, measured apart from the service by
 * test/fixtures/un-consolidated/measure-diff.py (Python's ElementTree: records keyed by trimmed
 * reference, compared without DATAID, VERSIONNUM and SORT_KEY*, empty elements dropped,
 * whitespace collapsed, repeated elements as sets), whose output is:
 *   all: 1014 -> 875 records, 46 added, 675 amended, 185 removed
 *   DPRK: 155 -> 155 records, 0 added, 73 amended, 0 removed
 * and, by grep -o '<INDIVIDUAL>' / '<ENTITY>' over the 2024 file, 682 individuals, 193 entities.
 */
const MEASURED = {
  all: { before: 1014, after: 875, added: 46, amended: 675, removed: 185 },
  dprk: { added: 0, amended: 73, removed: 0 },
  individuals2024: 682,
  entities2024: 193,
};

// Made-up vessels for the CSV path; the IMO numbers carry valid ship check digits.
const VESSELS_CSV = [
  'reference,name,imo,listedOn,basis,notes',
  'TEST-V1,SAMPLE TANKER ONE,IMO 9074729,2018-03-30,1718 Committee,"made up, for tests"',
  'TEST-V2,SAMPLE TANKER TWO,7625811,2018-03-30,1718 Committee,',
  'TEST-V3,SAMPLE TANKER THREE,7605811,,1718 Committee,',
].join('\n');

type Http = () => ReturnType<typeof request>;

describe('sanctions lists (e2e)', () => {
  let t: TestApp;
  let http: Http;
  let admin: Caller;
  let monitor: Caller;
  let verifier: Caller;

  function upload(
    file: Buffer,
    options: { vessels?: string; force?: string; filename?: string } = {},
  ): request.Test {
    const test = http()
      .post('/api/v1/sanctions/imports')
      .set(admin.auth)
      .attach('file', file, {
        filename: options.filename ?? 'consolidated.xml',
        contentType: 'application/xml',
      });
    if (options.vessels !== undefined) {
      test.attach('vessels', Buffer.from(options.vessels), {
        filename: 'vessels.csv',
        contentType: 'text/csv',
      });
    }
    if (options.force !== undefined) test.field('force', options.force);
    return test;
  }

  /** Uploads and waits for the job to end; answers the import as GET shows it. */
  async function importAndWait(
    file: Buffer,
    options: { vessels?: string; force?: string } = {},
  ): Promise<SanctionsImportDto> {
    const response = await upload(file, options);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ id: expect.any(String), status: 'queued' });
    const id = (response.body as { id: string }).id;
    return waitFor(
      `import ${id}`,
      async () => {
        const status = await http().get(`/api/v1/sanctions/imports/${id}`).set(admin.auth);
        expect(status.status).toBe(200);
        return status.body as SanctionsImportDto;
      },
      (body) => !['queued', 'running'].includes(body.status),
      60_000,
    );
  }

  async function versions(): Promise<ListVersionDto[]> {
    const response = await http().get('/api/v1/sanctions/versions').set(verifier.auth);
    expect(response.status).toBe(200);
    return (response.body as { items: ListVersionDto[] }).items;
  }

  async function allChanges(versionId: string): Promise<DesignationChangeDto[]> {
    const items: DesignationChangeDto[] = [];
    let cursor: string | null = null;
    do {
      const response = await http()
        .get(`/api/v1/sanctions/versions/${versionId}/changes`)
        .query({ limit: 100, ...(cursor ? { cursor } : {}) })
        .set(monitor.auth);
      expect(response.status).toBe(200);
      const page = response.body as { items: DesignationChangeDto[]; nextCursor: string | null };
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const count = (changes: DesignationChangeDto[], change: string, listType?: string): number =>
    changes.filter((c) => c.change === change && (!listType || c.listType === listType)).length;

  beforeAll(async () => {
    t = await createTestApp();
    http = () => request(t.app.getHttpServer());
    [admin, monitor, verifier] = await Promise.all([
      signIn(t, 'admin'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('importing the 2020 edition, then the 2024 one', () => {
    let first: SanctionsImportDto;
    let second: SanctionsImportDto;

    it('imports the 2020 edition as the first version: every designation added', async () => {
      first = await importAndWait(EDITION_2020);
      expect(first).toMatchObject({ status: 'completed', progress: 100, error: null });
      expect(first.versionId).toEqual(expect.any(String));
      const [version] = await versions();
      expect(version).toMatchObject({
        id: first.versionId,
        number: 1,
        source: 'upload',
        importId: first.id,
        fileSha256: first.fileSha256,
        dateGenerated: '2020-03-20T23:09:21.822Z',
        added: MEASURED.all.before,
        amended: 0,
        removed: 0,
        individuals: 709,
        entities: 305,
        vessels: 0,
        forced: false,
        importedBy: admin.user.id,
      });
    });

    it('re-importing the same edition makes no new version', async () => {
      const again = await importAndWait(EDITION_2020);
      expect(again).toMatchObject({ status: 'unchanged', versionId: first.versionId });
      expect((await versions()).map((v) => v.number)).toEqual([1]);
    });

    it('refuses the 2024 edition unforced: the whole list shrinks by 13.7%', async () => {
      const refused = await importAndWait(EDITION_2024);
      expect(refused.status).toBe('refused');
      expect(refused.versionId).toBeNull();
      expect(refused.error).toContain('875 entries, 13.7% fewer than the 1014 in force');
      expect((await versions()).map((v) => v.number)).toEqual([1]);
    });

    it('imports it forced, with the diff measured apart', async () => {
      second = await importAndWait(EDITION_2024, { force: 'true' });
      expect(second).toMatchObject({ status: 'completed', force: true });
      const [version] = await versions();
      expect(version).toMatchObject({
        id: second.versionId,
        number: 2,
        dateGenerated: '2024-09-26T00:00:07.514Z',
        added: MEASURED.all.added,
        amended: MEASURED.all.amended,
        removed: MEASURED.all.removed,
        individuals: MEASURED.individuals2024,
        entities: MEASURED.entities2024,
        forced: true,
      });
      const changes = await allChanges(second.versionId!);
      expect(changes).toHaveLength(
        MEASURED.all.added + MEASURED.all.amended + MEASURED.all.removed,
      );
      expect({
        added: count(changes, 'added', 'DPRK'),
        amended: count(changes, 'amended', 'DPRK'),
        removed: count(changes, 'removed', 'DPRK'),
      }).toEqual(MEASURED.dprk);
      // KPi.001 gained an address and a LAST_DAY_UPDATED between the editions.
      expect(changes.find((c) => c.reference === 'KPi.001')).toEqual({
        reference: 'KPi.001',
        change: 'amended',
        fields: ['addresses', 'lastDayUpdated'],
        name: 'YUN HO-JIN',
        kind: 'individual',
        listType: 'DPRK',
      });
    });

    it('lists one kind of change at a time', async () => {
      const response = await http()
        .get(`/api/v1/sanctions/versions/${second.versionId}/changes`)
        .query({ change: 'removed', limit: 100 })
        .set(verifier.auth);
      expect(response.status).toBe(200);
      const page = response.body as { items: DesignationChangeDto[]; nextCursor: string | null };
      expect(page.items.every((c) => c.change === 'removed' && c.fields.length === 0)).toBe(true);
      expect(page.items).toHaveLength(100);
      expect(page.nextCursor).toEqual(expect.any(String));
    });

    it('re-importing the 2024 edition makes no new version either', async () => {
      const again = await importAndWait(EDITION_2024);
      expect(again).toMatchObject({ status: 'unchanged', versionId: second.versionId });
      expect((await versions()).map((v) => v.number)).toEqual([2, 1]);
    });

    it('refuses a cut download, forced or not', async () => {
      const cut = EDITION_2024.subarray(0, Math.floor(EDITION_2024.length / 2));
      const refused = await importAndWait(cut, { force: 'true' });
      expect(refused.status).toBe('refused');
      expect(refused.error).toMatch(/^the list is not well-formed XML/);
      const notTheList = await importAndWait(Buffer.from('<html><body>maintenance</body></html>'));
      expect(notTheList.status).toBe('refused');
      expect(notTheList.error).toContain('not the UN Consolidated List');
      expect((await versions()).map((v) => v.number)).toEqual([2, 1]);
    });

    it('keeps a removed designation readable, with when it left', async () => {
      const removed = (await allChanges(second.versionId!)).find((c) => c.change === 'removed')!;
      const response = await http()
        .get(`/api/v1/sanctions/designations/${encodeURIComponent(removed.reference)}`)
        .set(monitor.auth);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        reference: removed.reference,
        removedAt: expect.any(String),
        removedVersionId: second.versionId,
      });
      const listed = await http()
        .get('/api/v1/sanctions/designations')
        .query({ q: removed.reference })
        .set(monitor.auth);
      expect((listed.body as { items: unknown[] }).items).toEqual([]);
      const withRemoved = await http()
        .get('/api/v1/sanctions/designations')
        .query({ q: removed.reference, includeRemoved: 'true' })
        .set(monitor.auth);
      expect(
        (withRemoved.body as { items: DesignationSummaryDto[] }).items.map((d) => d.reference),
      ).toEqual([removed.reference]);
    });
  });

  describe('designations', () => {
    it('reads a DPRK individual: the family name is FIRST_NAME', async () => {
      const response = await http().get('/api/v1/sanctions/designations/KPi.001').set(monitor.auth);
      expect(response.status).toBe(200);
      const body = response.body as DesignationDto;
      expect(body).toMatchObject({
        reference: 'KPi.001',
        kind: 'individual',
        listType: 'DPRK',
        name: 'YUN HO-JIN',
        familyName: 'YUN',
        givenName: 'HO-JIN',
        aliases: [{ name: 'Yun Ho-chin', quality: 'Good' }],
        listedOn: '2009-07-16',
        lastDayUpdated: ['2022-07-26'],
        datesOfBirth: [{ typeOfDate: 'EXACT', date: '1944-10-13' }],
        addresses: [{ city: 'Pyongyang', country: "Democratic People's Republic of Korea" }],
        nationalities: ["Democratic People's Republic of Korea"],
        imoNumbers: [],
        companyNumbers: [],
        removedAt: null,
      });
      expect(body.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(body.record).not.toHaveProperty('DATAID');
    });

    it("takes an entity's 7-digit IMO number as a company number, not a ship's", async () => {
      const response = await http().get('/api/v1/sanctions/designations/KPe.022').set(monitor.auth);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: 'CHONGCHONGANG SHIPPING COMPANY',
        kind: 'entity',
        familyName: null,
        companyNumbers: ['5342883'],
        imoNumbers: [],
      });
    });

    it('finds designations by part of a name or alias, and by company number', async () => {
      const byAlias = await http()
        .get('/api/v1/sanctions/designations')
        .query({ q: 'ho-chin', listType: 'DPRK' })
        .set(verifier.auth);
      expect(byAlias.status).toBe(200);
      expect(
        (byAlias.body as { items: DesignationSummaryDto[] }).items.map((d) => d.reference),
      ).toEqual(['KPi.001']);
      const byNumber = await http()
        .get('/api/v1/sanctions/designations')
        .query({ q: '5342883' })
        .set(verifier.auth);
      expect(
        (byNumber.body as { items: DesignationSummaryDto[] }).items.map((d) => d.reference),
      ).toEqual(['KPe.022']);
      const entities = await http()
        .get('/api/v1/sanctions/designations')
        .query({ listType: 'DPRK', kind: 'entity', limit: 100 })
        .set(verifier.auth);
      expect((entities.body as { items: DesignationSummaryDto[] }).items).toHaveLength(75);
    });

    it('answers 404 for an unknown reference and 400 for bad input', async () => {
      expectError(
        await http().get('/api/v1/sanctions/designations/KPi.999').set(monitor.auth),
        404,
      );
      expectError(
        await http().get('/api/v1/sanctions/designations/%20bad%20ref').set(monitor.auth),
        400,
      );
      for (const query of [
        { q: 'k' },
        { kind: 'ship' },
        { includeRemoved: 'maybe' },
        { cursor: 'x' },
      ]) {
        expectError(
          await http().get('/api/v1/sanctions/designations').query(query).set(monitor.auth),
          400,
        );
      }
      expectError(
        await http()
          .get('/api/v1/sanctions/versions/00000000-0000-4000-8000-000000000000/changes')
          .set(monitor.auth),
        404,
      );
      expectError(
        await http().get('/api/v1/sanctions/versions/not-a-uuid/changes').set(monitor.auth),
        400,
      );
      expectError(
        await http().get('/api/v1/sanctions/versions').query({ limit: 0 }).set(monitor.auth),
        400,
      );
    });
  });

  describe('the vessel list', () => {
    it('imports vessels beside the list: only they are added', async () => {
      const done = await importAndWait(EDITION_2024, { vessels: VESSELS_CSV });
      expect(done.status).toBe('completed');
      expect(done.vesselsSha256).toMatch(/^[0-9a-f]{64}$/);
      const [version] = await versions();
      expect(version).toMatchObject({ number: 3, added: 3, amended: 0, removed: 0, vessels: 3 });
      const vessel = await http().get('/api/v1/sanctions/designations/TEST-V1').set(monitor.auth);
      expect(vessel.body).toMatchObject({
        kind: 'vessel',
        name: 'SAMPLE TANKER ONE',
        imoNumbers: ['9074729'],
        listedOn: '2018-03-30',
        comments: 'made up, for tests',
      });
    });

    it('keeps the vessels when a list comes without them, and reports a renamed one', async () => {
      expect((await importAndWait(EDITION_2024)).status).toBe('unchanged');
      const renamed = VESSELS_CSV.replace('SAMPLE TANKER TWO', 'SAMPLE TANKER TWO BIS');
      const done = await importAndWait(EDITION_2024, { vessels: renamed });
      expect(done.status).toBe('completed');
      const changes = await allChanges(done.versionId!);
      expect(changes).toEqual([
        expect.objectContaining({ reference: 'TEST-V2', change: 'amended', fields: ['name'] }),
      ]);
    });

    it('refuses a vessel list with a wrong IMO number, a wrong header or a cut', async () => {
      const wrongDigit = VESSELS_CSV.replace('7625811', '7625812');
      const badImo = await importAndWait(EDITION_2024, { vessels: wrongDigit });
      expect(badImo).toMatchObject({ status: 'refused' });
      expect(badImo.error).toBe(`line 3: "7625812" is not a ship's IMO number`);
      const badHeader = await importAndWait(EDITION_2024, {
        vessels: VESSELS_CSV.replace('imo', 'IMO number'),
      });
      expect(badHeader.error).toMatch(/^the vessel list's header must be/);
      const shrunk = VESSELS_CSV.split('\n').slice(0, 3).join('\n');
      const refused = await importAndWait(EDITION_2024, { vessels: shrunk });
      expect(refused.error).toContain('vessel list has 2 entries, 33.3% fewer than the 3 in force');
      expect((await versions())[0].number).toBe(4);
    });
  });

  describe('uploads and access', () => {
    it('refuses an upload without a file, of another type, or with a bad force', async () => {
      const noFile = await http()
        .post('/api/v1/sanctions/imports')
        .set(admin.auth)
        .field('force', 'true');
      expectError(noFile, 400);
      const json = await http().post('/api/v1/sanctions/imports').set(admin.auth).send({});
      expectError(json, 415);
      const pdf = await upload(Buffer.from('%PDF-1.7 not a list'));
      expectError(pdf, 415);
      expectError(await upload(EDITION_2020, { force: 'yes' }), 400);
      const extra = await http()
        .post('/api/v1/sanctions/imports')
        .set(admin.auth)
        .attach('list', EDITION_2020, 'consolidated.xml');
      expectError(extra, 400);
    });

    it('lets staff read, only admins import, and nobody anonymous', async () => {
      for (const path of [
        '/api/v1/sanctions/versions',
        '/api/v1/sanctions/designations',
        '/api/v1/sanctions/designations/KPi.001',
      ]) {
        expectError(await http().get(path), 401);
        expect((await http().get(path).set(monitor.auth)).status).toBe(200);
      }
      expectError(await http().post('/api/v1/sanctions/imports'), 401);
      const byMonitor = await http()
        .post('/api/v1/sanctions/imports')
        .set(monitor.auth)
        .attach('file', EDITION_2020, 'consolidated.xml');
      expectError(byMonitor, 403);
      const [latest] = await versions();
      expectError(
        await http().get(`/api/v1/sanctions/imports/${latest.importId}`).set(verifier.auth),
        403,
      );
      expectError(
        await http()
          .get('/api/v1/sanctions/imports/00000000-0000-4000-8000-000000000000')
          .set(admin.auth),
        404,
      );
    });

    it('audits the request and the import, with the job as the actor of the import', async () => {
      const [latest] = await versions();
      const events = await t.dataSource.query<{ action: string; actor_id: string | null }[]>(
        `SELECT action, actor_id FROM audit_events
          WHERE entity_id IN ($1, $2) ORDER BY seq`,
        [latest.importId, latest.id],
      );
      expect(events).toEqual([
        { action: 'sanctions.import_requested', actor_id: admin.user.id },
        { action: 'sanctions.list_imported', actor_id: null },
      ]);
    });
  });
});

describe('the daily fetch of SANCTIONS_LIST_URL, and the CLI (e2e)', () => {
  let t: TestApp;
  let server: Server;
  let answer: { status: number; body: Buffer };

  beforeAll(async () => {
    answer = { status: 200, body: EDITION_2020 };
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/xml' });
      response.end(answer.body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    t = await createTestApp({
      SANCTIONS_LIST_URL: `http://127.0.0.1:${port}/consolidated.xml`,
      SANCTIONS_FETCH_CRON: '15 5 * * *',
    });
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it('is scheduled daily at SANCTIONS_FETCH_CRON', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.sanctions));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: 'sanctions-fetch', pattern: '15 5 * * *', tz: 'UTC' }),
    ]);
  });

  it('imports what it downloads as no user, and makes no version when nothing changed', async () => {
    const fetcher = t.app.get(ListFetcher);
    const first = await fetcher.fetchAndImport();
    expect(first).toMatchObject({ status: 'completed', added: MEASURED.all.before });
    const [version] = await t.dataSource.query<{ source: string; imported_by: string | null }[]>(
      'SELECT source, imported_by FROM sanctions_list_versions',
    );
    expect(version).toEqual({ source: 'fetch', imported_by: null });
    expect(await fetcher.fetchAndImport()).toMatchObject({ status: 'unchanged' });
  });

  it('fails the job, to be retried, when the download fails; nothing is imported', async () => {
    answer = { status: 503, body: Buffer.from('down') };
    await expect(t.app.get(ListFetcher).fetchAndImport()).rejects.toThrow(
      'the sanctions list download answered 503',
    );
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM sanctions_imports',
    );
    expect(count).toBe(2);
  });

  it('the CLI imports a file past the shrink guard with --force and prints the diff', async () => {
    const env = {
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      REDIS_PREFIX: t.config.redisPrefix,
      STORAGE_DIR: t.config.storageDir,
      LOG_LEVEL: 'error',
    };
    const cli = async (...args: string[]): Promise<{ code: number | null; output: string }> => {
      const started = startProcess('src/cli/cli.ts', env, ['sanctions-import', ...args]);
      return { code: await started.exited, output: started.output() };
    };
    // One run only: booting the service under ts-node takes most of it. The refusal without
    // --force is the same importer as the upload's, tested above.
    const forced = await cli('--file', join(FIXTURES, 'consolidated-2024-09-26.xml'), '--force');
    expect(forced.code).toBe(0);
    expect(forced.output).toMatch(
      /^imported version [0-9a-f-]{36} in \d+\.\d s: 46 added, 675 amended, 185 removed/m,
    );
    const [{ source, forced: wasForced }] = await t.dataSource.query<
      { source: string; forced: boolean }[]
    >('SELECT source, forced FROM sanctions_list_versions ORDER BY number DESC LIMIT 1');
    expect({ source, wasForced }).toEqual({ source: 'cli', wasForced: true });
  });
});
