import { defaultModel, Model } from '@alephdata/followthemoney';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ExportDto } from '../src/exports/dto/export.dto';
import { INTERNAL_CSV_FIELDS } from '../src/exports/export-query';
import { IncidentDto } from '../src/incidents/dto/incident.dto';
import { SanctionsImportDto } from '../src/sanctions/dto/sanctions.dto';
import { IncidentScreeningDto } from '../src/sanctions/dto/screening.dto';
import { createTestApp, TestApp } from './helpers/app';
import { expectError, expectFieldErrors } from './helpers/errors';
import { fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

const EDITION_2024 = readFileSync(
  join(__dirname, 'fixtures', 'un-consolidated', 'consolidated-2024-09-26.xml'),
  'utf8',
);

/** One record of the shipped edition, by its reference. */
function record(tag: 'INDIVIDUAL' | 'ENTITY', reference: string): string {
  const at = EDITION_2024.indexOf(`<REFERENCE_NUMBER>${reference}</REFERENCE_NUMBER>`);
  const start = EDITION_2024.lastIndexOf(`<${tag}>`, at);
  return EDITION_2024.slice(start, EDITION_2024.indexOf(`</${tag}>`, at) + `</${tag}>`.length);
}

/** A tiny Consolidated List: KOMID and one individual, as the 2024 edition gives them. */
const TINY_LIST = `<?xml version='1.0' encoding='UTF-8'?>
<CONSOLIDATED_LIST dateGenerated='2024-09-26T00:00:07.514Z'>
  <INDIVIDUALS>${record('INDIVIDUAL', 'KPi.001')}</INDIVIDUALS>
  <ENTITIES>${record('ENTITY', 'KPe.001')}</ENTITIES>
</CONSOLIDATED_LIST>`;

// Made up (the 1718 Committee publishes its vessels as a PDF); a valid ship check digit.
const VESSELS_CSV = [
  'reference,name,imo,listedOn,basis,notes',
  'TEST-V1,SAMPLE TANKER ONE,IMO 9074729,2018-03-30,1718 Committee,made up for tests',
].join('\n');

const KOMID = 'KOREA MINING DEVELOPMENT TRADING CORPORATION';
const KOMID_REASON =
  'Primary arms dealer and main exporter of goods and equipment related to ballistic missiles and conventional weapons.';

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

describe("exports carry actors' confirmed designations; the FollowTheMoney export (e2e)", () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  let komid: IncidentDto;
  let plain: IncidentDto;
  const http = () => request(t.app.getHttpServer());

  async function importList(): Promise<void> {
    const response = await http()
      .post('/api/v1/sanctions/imports')
      .set(admin.auth)
      .attach('file', Buffer.from(TINY_LIST), {
        filename: 'consolidated.xml',
        contentType: 'application/xml',
      })
      .attach('vessels', Buffer.from(VESSELS_CSV), {
        filename: 'vessels.csv',
        contentType: 'text/csv',
      });
    expect(response.status).toBe(202);
    const id = (response.body as { id: string }).id;
    const done = await waitFor(
      `import ${id}`,
      async () =>
        (await http().get(`/api/v1/sanctions/imports/${id}`).set(admin.auth))
          .body as SanctionsImportDto,
      (body) => !['queued', 'running'].includes(body.status),
      60_000,
    );
    expect(done.status).toBe('completed');
  }

  async function decide(
    actorId: string,
    designationRef: string,
    decision: string,
    version: number,
  ): Promise<number> {
    const response = await http()
      .post(`/api/v1/incidents/${komid.id}/actors/${actorId}/matches`)
      .set(verifier.auth)
      .send({ designationRef, decision, note: 'Name and identifiers agree', version });
    expect(response.status).toBe(201);
    return (response.body as IncidentScreeningDto).version;
  }

  async function exported(
    caller: Caller,
    body: object,
  ): Promise<{ done: ExportDto; text: string; type: string; filename: string }> {
    const created = await http().post('/api/v1/exports').set(caller.auth).send(body);
    expect(created.status).toBe(202);
    const id = (created.body as { id: string }).id;
    const done = await waitFor(
      `export ${id}`,
      async () => (await http().get(`/api/v1/exports/${id}`).set(caller.auth)).body as ExportDto,
      (row) => row.status === 'completed' || row.status === 'failed',
      20_000,
    );
    expect(done.status).toBe('completed');
    const response = await http()
      .get(`/api/v1/exports/${id}/download`)
      .set(caller.auth)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    return {
      done,
      text: (response.body as Buffer).toString('utf8'),
      type: response.headers['content-type'],
      filename: response.headers['content-disposition'],
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    [admin, monitor, verifier, writer] = await Promise.all([
      signIn(t, 'admin'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
    ]);
    await importList();
    komid = await fileIncident(t, monitor, {
      title: 'KOMID sells ore through a front',
      occurredFrom: '2016-03-01',
      occurredTo: '2016-03-31',
      actors: [
        {
          name: 'Korea Mining Development Trading Corporation',
          type: 'company',
          role: 'seller',
          nationality: 'KP',
        },
        {
          name: 'Kim Chol',
          type: 'person',
          role: 'facilitator',
          nationality: 'KP',
          birthYear: 1968,
        },
        { name: 'Sample Tanker One', type: 'vessel', imoNumber: '9074729', nationality: 'SL' },
        // A reference typed in by the filer: nobody confirmed it, so no export names it.
        { name: 'Front Trading', type: 'company', designationRef: 'UN:KPi.001' },
        { name: 'Russian Federation', type: 'state', role: 'receiving state' },
      ],
    });
    plain = await fileIncident(t, monitor, { title: 'Workers without designations' });
    let version = await forceStatus(t, komid.id, 'in_verification');
    version = await decide(komid.actors[0].id, 'UN:KPe.001', 'confirmed', version);
    await decide(komid.actors[2].id, 'UN:TEST-V1', 'confirmed', version);
    expect(komid.actors[3].designationRef).toBe('UN:KPi.001');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('CSV: a designations column names each confirmed designation, by name, reference and listing', async () => {
    const { text } = await exported(verifier, { format: 'csv', scope: 'internal' });
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...INTERNAL_CSV_FIELDS]);
    expect(header[header.length - 1]).toBe('designations');
    const at = header.indexOf('designations');
    const byReference = new Map(rows.map((row) => [row[header.indexOf('reference')], row[at]]));
    expect(byReference.get(komid.reference)).toBe(
      `${KOMID} (UN:KPe.001, listed 2009-04-24); SAMPLE TANKER ONE (UN:TEST-V1, listed 2018-03-30)`,
    );
    expect(byReference.get(plain.reference)).toBe('');
  });

  it('CSV: the column can be chosen alone; the public scope refuses it (actors are internal)', async () => {
    const { text } = await exported(verifier, {
      format: 'csv',
      scope: 'internal',
      fields: ['reference', 'designations'],
      filters: { q: 'KOMID' },
    });
    expect(parseCsv(text)).toEqual([
      ['reference', 'designations'],
      [
        komid.reference,
        `${KOMID} (UN:KPe.001, listed 2009-04-24); SAMPLE TANKER ONE (UN:TEST-V1, listed 2018-03-30)`,
      ],
    ]);
    const refused = await http()
      .post('/api/v1/exports')
      .set(writer.auth)
      .send({ format: 'csv', scope: 'public', fields: ['reference', 'designations'] });
    expectFieldErrors(refused, ['fields']);
  });

  it('NDJSON: each actor confirmed as a designation carries it; the others carry none', async () => {
    const { text } = await exported(verifier, { format: 'ndjson', scope: 'internal' });
    const docs = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { reference: string; actors: Record<string, unknown>[] });
    const actors = docs.find((doc) => doc.reference === komid.reference)!.actors;
    expect(actors.map((actor) => actor.name)).toEqual(komid.actors.map((actor) => actor.name));
    expect(actors[0]).toEqual({
      id: komid.actors[0].id,
      name: 'Korea Mining Development Trading Corporation',
      type: 'company',
      role: 'seller',
      nationality: 'KP',
      designationRef: 'UN:KPe.001',
      designation: {
        reference: 'KPe.001',
        name: KOMID,
        listType: 'DPRK',
        listedOn: '2009-04-24',
        removed: false,
      },
    });
    expect(actors[2].designation).toEqual({
      reference: 'TEST-V1',
      name: 'SAMPLE TANKER ONE',
      listType: 'DPRK',
      listedOn: '2018-03-30',
      removed: false,
    });
    expect(actors[1]).not.toHaveProperty('designation');
    // Typed in, never confirmed: the reference stays as filed, with no designation beside it.
    expect(actors[3]).toMatchObject({ designationRef: 'UN:KPi.001' });
    expect(actors[3]).not.toHaveProperty('designation');
    const other = docs.find((doc) => doc.reference === plain.reference)!;
    expect(other.actors).toEqual([
      {
        id: plain.actors[0].id,
        name: 'Musan Mine',
        type: 'organization',
        role: 'sending employer',
      },
    ]);
  });

  it('JSON and the internal report agree; the public JSON has no actors at all', async () => {
    const json = JSON.parse(
      (await exported(verifier, { format: 'json', scope: 'internal' })).text,
    ) as { reference: string; actors: { designation?: { reference: string } }[] }[];
    const doc = json.find((each) => each.reference === komid.reference)!;
    expect(doc.actors.map((actor) => actor.designation?.reference ?? null)).toEqual([
      'KPe.001',
      null,
      'TEST-V1',
      null,
      null,
    ]);
    const { text: markdown } = await exported(verifier, { format: 'markdown', scope: 'internal' });
    expect(markdown).toContain(
      '- Korea Mining Development Trading Corporation (company, seller): designated by the UN ' +
        `Security Council as ${KOMID} (KPe.001, DPRK list, listed 24 April 2009)\n`,
    );
    expect(markdown).toContain('- Front Trading (company)\n');
    await forceStatus(t, komid.id, 'published');
    try {
      const published = await exported(admin, { format: 'json', scope: 'public' });
      expect(published.text).toContain(komid.reference);
      expect(published.text).not.toMatch(/actors|designation|KPe\.001|Kim Chol/);
    } finally {
      await forceStatus(t, komid.id, 'in_verification');
    }
  });

  it('FtM: each actor an entity of its schema, a Sanction for each confirmed designation, line by line', async () => {
    const { done, text, type, filename } = await exported(verifier, {
      format: 'ftm',
      scope: 'internal',
    });
    expect(type).toBe('application/x-ndjson; charset=utf-8');
    expect(filename).toBe(`attachment; filename="export-${done.id}.ftm.json"`);
    expect(done.rowCount).toBe(2);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const [a0, a1, a2, a3, a4] = komid.actors.map((actor) => actor.id);
    const notes = (role?: string) => [
      ...(role ? [`Role: ${role}`] : []),
      `Named in incident ${komid.reference}`,
    ];
    const ofKomid = lines.filter((line) =>
      [a0, a1, a2, a3, a4].some((id) => (line.id as string).includes(id)),
    );
    expect(ofKomid).toEqual([
      {
        id: `st-actor-${a0}`,
        schema: 'Company',
        properties: {
          name: ['Korea Mining Development Trading Corporation'],
          country: ['kp'],
          notes: notes('seller'),
          topics: ['sanction'],
        },
      },
      {
        id: `st-sanction-${a0}-KPe.001`,
        schema: 'Sanction',
        properties: {
          entity: [`st-actor-${a0}`],
          authority: ['United Nations Security Council'],
          program: ['DPRK'],
          unscId: ['KPe.001'],
          listingDate: ['2009-04-24'],
          reason: [KOMID_REASON],
          status: ['In force'],
        },
      },
      {
        id: `st-actor-${a1}`,
        schema: 'Person',
        properties: {
          name: ['Kim Chol'],
          nationality: ['kp'],
          birthDate: ['1968'],
          notes: notes('facilitator'),
        },
      },
      {
        id: `st-actor-${a2}`,
        schema: 'Vessel',
        properties: {
          name: ['Sample Tanker One'],
          flag: ['sl'],
          imoNumber: ['IMO9074729'],
          notes: notes(),
          topics: ['sanction'],
        },
      },
      {
        id: `st-sanction-${a2}-TEST-V1`,
        schema: 'Sanction',
        properties: {
          entity: [`st-actor-${a2}`],
          authority: ['United Nations Security Council'],
          program: ['DPRK'],
          unscId: ['TEST-V1'],
          listingDate: ['2018-03-30'],
          reason: ['made up for tests'],
          status: ['In force'],
        },
      },
      {
        id: `st-actor-${a3}`,
        schema: 'Company',
        properties: { name: ['Front Trading'], notes: notes() },
      },
      {
        id: `st-actor-${a4}`,
        schema: 'PublicBody',
        properties: { name: ['Russian Federation'], notes: notes('receiving state') },
      },
    ]);
    // The other incident: its one actor, no Sanction.
    expect(lines.filter((line) => !ofKomid.includes(line))).toEqual([
      {
        id: `st-actor-${plain.actors[0].id}`,
        schema: 'Organization',
        properties: {
          name: ['Musan Mine'],
          notes: ['Role: sending employer', `Named in incident ${plain.reference}`],
        },
      },
    ]);
    // Every schema and property is one the FollowTheMoney model knows.
    const model = new Model(defaultModel);
    for (const line of lines) {
      const schema = model.getSchema(line.schema as string);
      expect(
        Object.keys(line.properties as object).filter((name) => !schema.hasProperty(name)),
      ).toEqual([]);
    }
    // Ids are stable: a second export names the same entities.
    const again = await exported(verifier, { format: 'ftm', scope: 'internal' });
    expect(again.text).toBe(text);
  });

  it('FtM: refused in the public scope (400, saying why) and to a role without internal exports (403)', async () => {
    const refused = await http()
      .post('/api/v1/exports')
      .set(admin.auth)
      .send({ format: 'ftm', scope: 'public' });
    expectFieldErrors(refused, ['format']);
    expect(refused.body.message).toMatch(/internal scope only/);
    expectError(
      await http()
        .post('/api/v1/exports')
        .set(writer.auth)
        .send({ format: 'ftm', scope: 'internal' }),
      403,
    );
    expectError(
      await http()
        .post('/api/v1/exports')
        .set(verifier.auth)
        .send({ format: 'ftm', scope: 'internal', title: 'Entities' }),
      400,
      /markdown and html formats only/,
    );
  });

  it('a dismissal withdraws the designation from the next export', async () => {
    const current = (await http().get(`/api/v1/incidents/${komid.id}`).set(verifier.auth))
      .body as IncidentDto;
    await decide(komid.actors[2].id, 'UN:TEST-V1', 'dismissed', current.version);
    const { text } = await exported(verifier, {
      format: 'csv',
      scope: 'internal',
      fields: ['reference', 'designations'],
      filters: { q: 'KOMID' },
    });
    expect(parseCsv(text)[1]).toEqual([
      komid.reference,
      `${KOMID} (UN:KPe.001, listed 2009-04-24)`,
    ]);
    const ftm = (await exported(verifier, { format: 'ftm', scope: 'internal' })).text;
    expect(ftm).not.toContain('TEST-V1');
    expect(ftm).toContain(`st-sanction-${komid.actors[0].id}-KPe.001`);
  });
});
