import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { IncidentDto } from '../src/incidents/dto/incident.dto';
import { RescreenDto, SanctionsImportDto } from '../src/sanctions/dto/sanctions.dto';
import {
  ActorScreeningDto,
  IncidentScreeningDto,
  ScreenPreviewDto,
} from '../src/sanctions/dto/screening.dto';
import { createTestApp, TestApp } from './helpers/app';
import { expectError, expectFieldErrors } from './helpers/errors';
import { fileIncident, forceStatus, incidentBody } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

const FIXTURES = join(__dirname, 'fixtures', 'un-consolidated');
const EDITION_2024 = readFileSync(join(FIXTURES, 'consolidated-2024-09-26.xml'), 'utf8');

// Made-up vessels (the 1718 Committee publishes its list as a PDF); valid ship check digits.
const VESSELS_CSV = [
  'reference,name,imo,listedOn,basis,notes',
  'TEST-V1,SAMPLE TANKER ONE,IMO 9074729,2018-03-30,1718 Committee,made up for tests',
].join('\n');

/** The 2024 edition with one entity's comments changed: an amendment of that designation. */
function amended(edition: string, reference: string, words: string): string {
  const at = edition.indexOf(`<REFERENCE_NUMBER>${reference}</REFERENCE_NUMBER>`);
  const start = edition.lastIndexOf('<ENTITY>', at);
  const end = edition.indexOf('</ENTITY>', at);
  const record = edition.slice(start, end).replace('<COMMENTS1>', `<COMMENTS1>${words} `);
  return edition.slice(0, start) + record + edition.slice(end);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('actor screening (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let verifier: Caller;
  /** Files incidents and may verify: never those they filed. */
  let both: Caller;
  const http = () => request(t.app.getHttpServer());

  async function importAndWait(list: string, vessels?: string): Promise<SanctionsImportDto> {
    const upload = http()
      .post('/api/v1/sanctions/imports')
      .set(admin.auth)
      .attach('file', Buffer.from(list), {
        filename: 'consolidated.xml',
        contentType: 'application/xml',
      });
    if (vessels) {
      upload.attach('vessels', Buffer.from(vessels), {
        filename: 'vessels.csv',
        contentType: 'text/csv',
      });
    }
    const response = await upload;
    expect(response.status).toBe(202);
    const id = (response.body as { id: string }).id;
    return waitFor(
      `import ${id}`,
      async () =>
        (await http().get(`/api/v1/sanctions/imports/${id}`).set(admin.auth))
          .body as SanctionsImportDto,
      (body) => !['queued', 'running'].includes(body.status),
      60_000,
    );
  }

  async function screening(id: string, caller: Caller = verifier): Promise<IncidentScreeningDto> {
    const response = await http().get(`/api/v1/incidents/${id}/screening`).set(caller.auth);
    expect(response.status).toBe(200);
    return response.body as IncidentScreeningDto;
  }

  /** Waits until every actor is screened (against `listVersion`, when given). */
  function screened(
    id: string,
    listVersion?: number,
    caller: Caller = verifier,
  ): Promise<IncidentScreeningDto> {
    return waitFor(
      `screening of ${id}`,
      () => screening(id, caller),
      (body) =>
        body.actors.every(
          (actor) =>
            actor.status === 'screened' &&
            (listVersion === undefined || actor.listVersion === listVersion),
        ),
      30_000,
    );
  }

  async function preview(actors: object[]): Promise<ScreenPreviewDto> {
    const response = await http()
      .post('/api/v1/sanctions/screen')
      .set(monitor.auth)
      .send({ actors, occurredFrom: '2016-03-01', occurredTo: '2016-03-31' });
    expect(response.status).toBe(200);
    return response.body as ScreenPreviewDto;
  }

  const decide = (
    caller: Caller,
    incidentId: string,
    actorId: string,
    body: Record<string, unknown>,
  ) =>
    http()
      .post(`/api/v1/incidents/${incidentId}/actors/${actorId}/matches`)
      .set(caller.auth)
      .send(body);

  const actorNamed = (body: IncidentScreeningDto, name: string): ActorScreeningDto =>
    body.actors.find((actor) => actor.name === name)!;

  beforeAll(async () => {
    t = await createTestApp();
    [admin, monitor, verifier, both] = await Promise.all([
      signIn(t, 'admin'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'monitor', 'verifier'),
    ]);
    const first = await importAndWait(EDITION_2024, VESSELS_CSV);
    expect(first.status).toBe('completed');
  }, 90_000);
  afterAll(async () => {
    await t.close();
  });

  let komid: IncidentDto;

  it('screens an incident after intake: KOMID is the strong candidate and says why', async () => {
    komid = await fileIncident(t, monitor, {
      occurredFrom: '2016-03-01',
      occurredTo: '2016-03-31',
      actors: [
        { name: 'Korea Mining Development Trading Corporation', type: 'company', role: 'seller' },
        { name: 'Musan Mine', type: 'organization', role: 'sending employer' },
      ],
    });
    expect(komid.actors.map((actor) => actor.id)).toEqual([
      expect.stringMatching(UUID),
      expect.stringMatching(UUID),
    ]);
    const body = await screened(komid.id);
    const actor = actorNamed(body, 'Korea Mining Development Trading Corporation');
    expect(actor.actorId).toBe(komid.actors[0].id);
    expect(actor.candidates[0]).toMatchObject({
      reference: 'KPe.001',
      name: 'KOREA MINING DEVELOPMENT TRADING CORPORATION',
      kind: 'entity',
      listType: 'DPRK',
      listedOn: '2009-04-24',
      score: 1,
      band: 'strong',
      // Listed in 2009, before the incident: designated when it happened.
      designatedAtTheTime: 'yes',
      explanation: {
        matchedName: 'KOREA MINING DEVELOPMENT TRADING CORPORATION',
        matchedNameKind: 'name',
        queryName: 'Korea Mining Development Trading Corporation',
      },
    });
    expect(actor.candidates[0].explanation.tokens.length).toBeGreaterThanOrEqual(4);
    expect(actor.candidates[0].explanation.tokens.every((token) => token.candidate !== null)).toBe(
      true,
    );
    // Nothing is confirmed automatically.
    expect(actor.designationRef).toBeNull();
    expect(actor.decisions).toEqual([]);
    expect(body.listVersion).toBe(1);
  });

  it('finds KOMID by one of its aliases, saying it was the alias that matched', async () => {
    const [result] = (await preview([{ name: 'Changgwang Sinyong Corp', type: 'company' }])).actors;
    expect(result.candidates[0]).toMatchObject({
      reference: 'KPe.001',
      explanation: { matchedName: 'CHANGGWANG SINYONG CORPORATION', matchedNameKind: 'alias' },
    });
  });

  it('finds a designated person by a Hangul and by a Cyrillic spelling of the name', async () => {
    const { actors } = await preview([
      { name: '리제선', type: 'person' },
      { name: 'Юн Хо Джин', type: 'person' },
    ]);
    expect(actors[0].candidates[0]).toMatchObject({ reference: 'KPi.002', kind: 'individual' });
    expect(actors[0].candidates[0].score).toBeGreaterThan(0.9);
    expect(actors[1].candidates[0]).toMatchObject({ reference: 'KPi.001', band: 'strong' });
  });

  it('matches a vessel by its IMO number, and not by a similar name alone', async () => {
    const { actors } = await preview([
      { name: 'Sample Tanker One', type: 'vessel' },
      { name: 'Renamed Ship', type: 'vessel', imoNumber: '9074729' },
    ]);
    expect(actors[0].candidates).toEqual([]);
    expect(actors[1].candidates).toHaveLength(1);
    expect(actors[1].candidates[0]).toMatchObject({
      reference: 'TEST-V1',
      kind: 'vessel',
      band: 'strong',
      explanation: { identifiers: [{ kind: 'imo', value: '9074729', agreed: true }] },
    });
    expect(actors[1].candidates[0].score).toBeGreaterThanOrEqual(0.95);
  });

  it('refuses a preview with no actor, a bad type or reversed dates', async () => {
    expectFieldErrors(
      await http().post('/api/v1/sanctions/screen').set(monitor.auth).send({ actors: [] }),
      ['actors'],
    );
    expectFieldErrors(
      await http()
        .post('/api/v1/sanctions/screen')
        .set(monitor.auth)
        .send({ actors: [{ name: 'X Y', type: 'ship' }] }),
      ['actors.0.type'],
    );
    expectFieldErrors(
      await http()
        .post('/api/v1/sanctions/screen')
        .set(monitor.auth)
        .send({
          actors: [{ name: 'X Y', type: 'person' }],
          occurredFrom: '2020-02-01',
          occurredTo: '2020-01-01',
        }),
      ['occurredTo'],
    );
    expectError(
      await http()
        .post('/api/v1/sanctions/screen')
        .send({ actors: [{ name: 'X', type: 'person' }] }),
      401,
    );
  });

  it('lets a creator who verifies see, but not decide, the screening of their own incident', async () => {
    const own = await fileIncident(t, both, {
      actors: [{ name: 'Korea Mining Development Trading Corporation', type: 'company' }],
    });
    const version = await forceStatus(t, own.id, 'in_verification');
    const body = await screened(own.id, undefined, both);
    expect(body.mayDecide).toBe(false);
    expect(body.whyNot).toMatch(/four eyes/);
    const response = await decide(both, own.id, own.actors[0].id, {
      designationRef: 'UN:KPe.001',
      decision: 'confirmed',
      note: 'Same company',
      version,
    });
    expect(expectError(response, 403, /filed this incident/).code).toBe('four_eyes');
    expect((await screening(own.id)).actors[0].decisions).toEqual([]);
  });

  it('refuses bad decisions: role, blank note, unknown actor or designation, stale version, state', async () => {
    const actorId = komid.actors[0].id;
    // Still in intake: decided once submitted.
    expectError(
      await decide(verifier, komid.id, actorId, {
        designationRef: 'KPe.001',
        decision: 'confirmed',
        note: 'n',
        version: komid.version,
      }),
      409,
      /submitted for verification/,
    );
    const version = await forceStatus(t, komid.id, 'in_verification');
    const good = { designationRef: 'UN:KPe.001', decision: 'confirmed', note: 'Checked', version };
    expectError(await decide(monitor, komid.id, actorId, good), 403);
    expectFieldErrors(await decide(verifier, komid.id, actorId, { ...good, note: '  ' }), ['note']);
    expectFieldErrors(await decide(verifier, komid.id, actorId, { ...good, decision: 'maybe' }), [
      'decision',
    ]);
    expectError(
      await decide(verifier, komid.id, '6f1c1c4e-3b1a-4c59-8d55-0a0e3f1b2c3d', good),
      404,
      /Actor not found/,
    );
    expectFieldErrors(
      await decide(verifier, komid.id, actorId, { ...good, designationRef: 'KPe.999' }),
      ['designationRef'],
    );
    const stale = await decide(verifier, komid.id, actorId, { ...good, version: version - 1 });
    expect(expectError(stale, 409).code).toBe('stale_version');
    expectError(await decide(verifier, komid.id, 'not-a-uuid', good), 400);
    // None of them left a decision.
    expect(actorNamed(await screening(komid.id), komid.actors[0].name).decisions).toEqual([]);
  });

  it('confirms KOMID: the actor takes UN:KPe.001, in the history and the audit log', async () => {
    const before = (await http().get(`/api/v1/incidents/${komid.id}`).set(verifier.auth))
      .body as IncidentDto;
    const response = await decide(verifier, komid.id, komid.actors[0].id, {
      designationRef: 'UN:KPe.001',
      decision: 'confirmed',
      note: 'Same company: name and Pyongyang address agree',
      version: before.version,
    });
    expect(response.status).toBe(201);
    const body = response.body as IncidentScreeningDto;
    expect(body.version).toBe(before.version + 1);
    const actor = body.actors[0];
    expect(actor.designationRef).toBe('UN:KPe.001');
    expect(actor.decisions).toEqual([
      expect.objectContaining({
        reference: 'KPe.001',
        designationName: 'KOREA MINING DEVELOPMENT TRADING CORPORATION',
        decision: 'confirmed',
        note: 'Same company: name and Pyongyang address agree',
        decidedBy: verifier.user.id,
        deciderName: verifier.user.displayName,
        score: 1,
        designationChanged: false,
      }),
    ]);
    const after = (await http().get(`/api/v1/incidents/${komid.id}`).set(verifier.auth))
      .body as IncidentDto;
    expect(after.actors[0]).toMatchObject({ id: komid.actors[0].id, designationRef: 'UN:KPe.001' });
    const history = (await http().get(`/api/v1/incidents/${komid.id}/history`).set(verifier.auth))
      .body as { items: { kind: string; actorId: string; data: Record<string, unknown> }[] };
    expect(history.items.find((entry) => entry.kind === 'screening_decided')).toMatchObject({
      actorId: verifier.user.id,
      data: {
        actorId: komid.actors[0].id,
        reference: 'KPe.001',
        decision: 'confirmed',
        designationRef: { old: null, new: 'UN:KPe.001' },
      },
    });
    const [audited] = await t.dataSource.query<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM audit_events WHERE action = 'incident.screening_decided' AND entity_id = $1`,
      [komid.id],
    );
    expect(audited.data).toEqual({
      actorId: komid.actors[0].id,
      reference: 'KPe.001',
      decision: 'confirmed',
      version: before.version + 1,
    });
  });

  it('keeps actor ids across edits and refuses an id the incident never gave', async () => {
    const draft = await fileIncident(t, monitor, {
      actors: [
        { name: 'Korea Ryonbong General Corporation', type: 'company' },
        { name: 'Musan Mine', type: 'organization' },
      ],
    });
    const [ryonbong, musan] = draft.actors;
    const edited = await http()
      .patch(`/api/v1/incidents/${draft.id}`)
      .set(monitor.auth)
      .send({
        version: draft.version,
        actors: [
          { ...musan, role: 'sending employer' },
          { name: 'Korea Ryonbong General Corporation', type: 'company', id: ryonbong.id },
          { name: 'Pyongyang Trading Company', type: 'company' },
        ],
      });
    expect(edited.status).toBe(200);
    const actors = (edited.body as IncidentDto).actors;
    expect(actors.map((actor) => actor.id)).toEqual([
      musan.id,
      ryonbong.id,
      expect.stringMatching(UUID),
    ]);
    expect(new Set(actors.map((actor) => actor.id)).size).toBe(3);
    expectFieldErrors(
      await http()
        .patch(`/api/v1/incidents/${draft.id}`)
        .set(monitor.auth)
        .send({
          version: (edited.body as IncidentDto).version,
          actors: [{ name: 'Someone', type: 'person', id: komid.actors[0].id }],
        }),
      ['actors.0.id'],
    );
    expectFieldErrors(
      await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .send(
          incidentBody({ actors: [{ name: 'Someone', type: 'person', id: komid.actors[0].id }] }),
        ),
      ['actors.0.id'],
    );
  });

  let ryonbongCase: IncidentDto;

  it('a dismissed candidate stays dismissed when a list change screens every actor again', async () => {
    ryonbongCase = await fileIncident(t, monitor, {
      actors: [{ name: 'Korea Ryonbong General Corporation', type: 'company' }],
    });
    const version = await forceStatus(t, ryonbongCase.id, 'in_verification');
    const before = await screened(ryonbongCase.id, 1);
    expect(before.actors[0].candidates.map((c) => c.reference)).toContain('KPe.002');
    const dismissed = await decide(verifier, ryonbongCase.id, ryonbongCase.actors[0].id, {
      designationRef: 'KPe.002',
      decision: 'dismissed',
      note: 'A different company of the same name, registered in 2021',
      version,
    });
    expect(dismissed.status).toBe(201);

    // Version 2 amends another designation (KPe.010): every actor is screened again.
    const second = await importAndWait(
      amended(EDITION_2024, 'KPe.010', 'Amended in version 2.'),
      VESSELS_CSV,
    );
    expect(second).toMatchObject({ status: 'completed' });
    const rescreen = await waitFor(
      're-screening of version 2',
      async () =>
        (
          await http()
            .get(`/api/v1/sanctions/versions/${second.versionId}/rescreen`)
            .set(verifier.auth)
        ).body as RescreenDto,
      (body) => body.status === 'completed',
      60_000,
    );
    // None screened twice: every actor once, and no more.
    const [{ actors }] = await t.dataSource.query<{ actors: string }[]>(
      `SELECT sum(jsonb_array_length(actors))::int AS actors FROM incidents`,
    );
    expect(rescreen).toMatchObject({ total: Number(actors), screened: Number(actors), flagged: 0 });
    const after = await screened(ryonbongCase.id, 2);
    expect(after.actors[0].candidates.map((c) => c.reference)).not.toContain('KPe.002');
    expect(after.actors[0].decisions).toEqual([
      expect.objectContaining({ reference: 'KPe.002', decision: 'dismissed' }),
    ]);
    // KOMID stays confirmed and proposed: its designation did not change.
    const komidNow = await screening(komid.id);
    expect(komidNow.screeningChanged).toBe(false);
    expect(komidNow.actors[0].candidates[0].reference).toBe('KPe.001');
  });

  it('an amendment of a confirmed designation flags the incident and tells its assignee', async () => {
    const incident = (await http().get(`/api/v1/incidents/${komid.id}`).set(verifier.auth))
      .body as IncidentDto;
    const assigned = await http()
      .post(`/api/v1/incidents/${komid.id}/assign`)
      .set(verifier.auth)
      .send({ assigneeId: verifier.user.id, version: incident.version });
    expect(assigned.status).toBe(200);

    const third = await importAndWait(
      amended(
        amended(EDITION_2024, 'KPe.010', 'Amended in version 2.'),
        'KPe.001',
        'Amended in version 3.',
      ),
      VESSELS_CSV,
    );
    expect(third.status).toBe('completed');
    const flagged = (await http().get(`/api/v1/incidents/${komid.id}`).set(verifier.auth))
      .body as IncidentDto;
    expect(flagged.screeningChanged).toBe(true);
    const body = await screening(komid.id);
    expect(body.screeningChanged).toBe(true);
    expect(body.actors[0].decisions[0]).toMatchObject({
      reference: 'KPe.001',
      decision: 'confirmed',
      designationChanged: true,
    });
    const notification = await waitFor(
      'the screening notification',
      async () =>
        (
          (await http().get('/api/v1/notifications').set(verifier.auth)).body as {
            items: { type: string; incidentId: string; title: string; body: string }[];
          }
        ).items.find((item) => item.type === 'screening.changed'),
      (item) => item !== undefined,
    );
    expect(notification).toMatchObject({
      incidentId: komid.id,
      title: `${komid.reference}: a confirmed designation changed`,
    });
    expect(notification!.body).toContain('KPe.001');
    // The dismissal of KPe.002 holds: its designation did not change.
    const ryonbong = await screened(ryonbongCase.id, 3);
    expect(ryonbong.actors[0].candidates.map((c) => c.reference)).not.toContain('KPe.002');

    // Deciding again on the amended designation clears the flag.
    const again = await decide(verifier, komid.id, komid.actors[0].id, {
      designationRef: 'KPe.001',
      decision: 'confirmed',
      note: 'The amendment changes the comments only',
      version: body.version,
    });
    expect(again.status).toBe(201);
    expect((again.body as IncidentScreeningDto).screeningChanged).toBe(false);
  });
});
