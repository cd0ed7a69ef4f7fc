import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request, { Response } from 'supertest';
import { AuditService } from '../src/audit/audit.service';
import { HistoryEntryDto, IncidentDto } from '../src/incidents/dto/incident.dto';
import { RedactedSourceDto, SourceDto, SourcePageDto } from '../src/sources/dto/source.dto';
import { FieldCipher, SealedEnvelope } from '../src/crypto/field-cipher';
import { SealedColumnRotation } from '../src/crypto/sealed-column-rotation';
import { SOURCE_DETAILS } from '../src/sources/source-details-column';
import { IncidentStatus } from '../src/workflow/workflow';
import { createTestApp, TestApp } from './helpers/app';
import { fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { expectError } from './helpers/errors';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PSEUDONYM = /^SRC-[0-9A-Z]{4}$/;
const UNKNOWN_ID = '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f';
const ROTATED_KEY = 'rotated-data-key-that-is-long-enough-9876543210';

/** Asserts a 400 whose details name exactly these fields. */
function expectFieldErrors(response: Response, fields: string[]): void {
  const body = expectError(response, 400);
  const details = body.details as { field: string; errors: string[] }[];
  expect(details.map((detail) => detail.field).sort()).toEqual([...fields].sort());
}

/** Distinct per test run so that a find in the dump or the logs cannot be a coincidence. */
const marker = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const SECRET_NAME = `Ri Chol-ung foreman ${marker}`;
const SECRET_CONTACT = `+7-914-555-0199 ${marker}`;
const SECRET_URL = `https://t.me/ri-musan-${marker}`;
const SECRET_NOTES = `Met in Rason; his wife still in Chongjin ${marker}`;
const OPEN_NAME = `Daily NK report on Musan ${marker}`;

function openBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'media',
    name: OPEN_NAME,
    url: 'https://www.dailynk.com/english/musan-workers-russia/',
    publishedAt: '2025-02-03',
    reliability: 'B',
    credibility: 2,
    confidential: false,
    ...overrides,
  };
}

function secretBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'informant',
    name: SECRET_NAME,
    url: SECRET_URL,
    reliability: 'C',
    credibility: 3,
    confidential: true,
    contact: SECRET_CONTACT,
    notes: SECRET_NOTES,
    ...overrides,
  };
}

interface SourceRow {
  name: string | null;
  url: string | null;
  contact: string | null;
  notes: string | null;
  sealed: SealedEnvelope | null;
  confidential: boolean;
  version: number;
  independence_group: string;
}

describe('sources (e2e)', () => {
  // Hooks ran under Jest's 5 s default rather than the project's testTimeout; signing five
  // users in on a loaded machine takes longer.
  jest.setTimeout(60_000);
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let otherMonitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());

  const addSource = async (
    incidentId: string,
    body: Record<string, unknown>,
    caller: Caller = monitor,
  ): Promise<SourceDto> => {
    const response = await http()
      .post(`/api/v1/incidents/${incidentId}/sources`)
      .set(caller.auth)
      .send(body);
    if (response.status !== 201) {
      throw new Error(
        `adding a source failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return response.body as SourceDto;
  };
  const reveal = (id: string, caller: Caller): request.Test =>
    http().post(`/api/v1/sources/${id}/reveal`).set(caller.auth);
  const list = async (incidentId: string, caller: Caller): Promise<SourcePageDto> => {
    const response = await http().get(`/api/v1/incidents/${incidentId}/sources`).set(caller.auth);
    expect(response.status).toBe(200);
    return response.body as SourcePageDto;
  };
  const row = async (id: string): Promise<SourceRow> => {
    const [found] = await t.dataSource.query<SourceRow[]>(
      `SELECT name, url, contact, notes, sealed, confidential, version, independence_group
         FROM sources WHERE id = $1`,
      [id],
    );
    return found;
  };
  const readEvents = async (actorId: string, sourceId?: string): Promise<number> => {
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit_events
        WHERE action = 'source.revealed' AND actor_id = $1
          AND ($2::text IS NULL OR entity_id = $2::text)`,
      [actorId, sourceId ?? null],
    );
    return count;
  };

  beforeAll(async () => {
    t = await createTestApp();
    [admin, monitor, otherMonitor, verifier, writer] = await Promise.all([
      signIn(t, 'admin'),
      signIn(t, 'monitor'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('POST /api/v1/incidents/:id/sources', () => {
    it('adds an open source (201) with a pseudonym, its own id as group, version 1', async () => {
      const incident = await fileIncident(t, monitor);
      const response = await http()
        .post(`/api/v1/incidents/${incident.id}/sources`)
        .set(monitor.auth)
        .send(openBody());
      expect(response.status).toBe(201);
      const source = response.body as SourceDto;
      expect(source).toStrictEqual({
        view: 'full',
        id: expect.stringMatching(UUID),
        incidentId: incident.id,
        kind: 'media',
        confidential: false,
        pseudonym: expect.stringMatching(PSEUDONYM),
        name: OPEN_NAME,
        url: 'https://www.dailynk.com/english/musan-workers-russia/',
        publishedAt: '2025-02-03',
        reliability: 'B',
        credibility: 2,
        independenceGroup: source.id,
        contact: null,
        notes: null,
        version: 1,
        createdBy: monitor.user.id,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      expect(await row(source.id)).toMatchObject({
        name: OPEN_NAME,
        sealed: null,
        confidential: false,
        independence_group: source.id,
      });
      const audit = await t.dataSource.query<{ actor_id: string; action: string; data: object }[]>(
        'SELECT actor_id, action, data FROM audit_events WHERE entity_id = $1',
        [source.id],
      );
      expect(audit).toEqual([
        {
          actor_id: monitor.user.id,
          action: 'source.created',
          data: {
            incidentId: incident.id,
            pseudonym: source.pseudonym,
            confidential: false,
            fields: [
              'kind',
              'name',
              'url',
              'publishedAt',
              'reliability',
              'credibility',
              'confidential',
            ],
          },
        },
      ]);
      const got = await http().get(`/api/v1/incidents/${incident.id}`).set(monitor.auth);
      expect((got.body as IncidentDto).counts.sources).toBe(1);
    });

    it('seals a confidential source: the clear columns stay NULL, the answer is redacted, reveal gives it all', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(
        incident.id,
        secretBody({ independenceGroup: 'musan-network' }),
      );
      expect(source).toStrictEqual({
        view: 'redacted',
        id: expect.stringMatching(UUID),
        kind: 'informant',
        confidential: true,
        pseudonym: expect.stringMatching(PSEUDONYM),
        reliability: 'C',
        credibility: 3,
        independenceGroup: 'musan-network',
        version: 1,
      });
      const revealed = await reveal(source.id, monitor);
      expect(revealed.status).toBe(200);
      expect(revealed.body).toStrictEqual({
        view: 'full',
        id: source.id,
        incidentId: incident.id,
        kind: 'informant',
        confidential: true,
        pseudonym: expect.stringMatching(PSEUDONYM),
        name: SECRET_NAME,
        url: SECRET_URL,
        publishedAt: null,
        reliability: 'C',
        credibility: 3,
        independenceGroup: 'musan-network',
        contact: SECRET_CONTACT,
        notes: SECRET_NOTES,
        version: 1,
        createdBy: monitor.user.id,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      const stored = await row(source.id);
      expect(stored).toMatchObject({ name: null, url: null, contact: null, notes: null });
      expect(Object.keys(stored.sealed!).sort()).toEqual(['ct', 'iv', 'tag', 'v']);
      expect(stored.sealed!.v).toBe(new FieldCipher(t.config.dataEncryptionKey).currentVersion);
      expect(JSON.stringify(stored.sealed)).not.toContain(marker);
      const [audit] = await t.dataSource.query<{ data: Record<string, unknown> }[]>(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'source.created'`,
        [source.id],
      );
      expect(audit.data).toEqual({
        incidentId: incident.id,
        pseudonym: source.pseudonym,
        confidential: true,
        fields: expect.arrayContaining(['name', 'url', 'contact', 'notes', 'independenceGroup']),
      });
    });

    it('gives each source of an incident its own pseudonym', async () => {
      const incident = await fileIncident(t, monitor);
      const created: SourceDto[] = [];
      for (let i = 0; i < 12; i += 1) created.push(await addSource(incident.id, openBody()));
      const pseudonyms = new Set(created.map((source) => source.pseudonym));
      expect(pseudonyms.size).toBe(12);
      for (const pseudonym of pseudonyms) expect(pseudonym).toMatch(PSEUDONYM);
    });

    it('writes an incident history entry naming the source, never its details', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(incident.id, secretBody());
      const response = await http()
        .get(`/api/v1/incidents/${incident.id}/history`)
        .set(writer.auth);
      expect(response.status).toBe(200);
      const entries = response.body.items as HistoryEntryDto[];
      // A writer may not reveal the source, so its entry does not say who added it (spec 8).
      expect(entries[entries.length - 1]).toMatchObject({
        actorId: null,
        kind: 'edited',
        data: {
          source: { id: source.id, pseudonym: source.pseudonym, change: 'added' },
          redacted: true,
        },
      });
      expect(JSON.stringify(entries)).not.toContain(marker);
      const asVerifier = await http()
        .get(`/api/v1/incidents/${incident.id}/history`)
        .set(verifier.auth);
      const whole = asVerifier.body.items as HistoryEntryDto[];
      expect(whole[whole.length - 1]).toMatchObject({
        actorId: monitor.user.id,
        data: { source: { id: source.id, change: 'added' } },
      });
      expect(JSON.stringify(whole)).not.toContain(marker);
    });

    it('lets an admin add to anyone’s intake incident, and a verifier once in verification', async () => {
      const incident = await fileIncident(t, monitor);
      expect((await addSource(incident.id, openBody(), admin)).createdBy).toBe(admin.user.id);
      await forceStatus(t, incident.id, 'in_verification');
      expect((await addSource(incident.id, openBody(), verifier)).createdBy).toBe(verifier.user.id);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['reliability G', { reliability: 'G' }, ['reliability']],
      ['lower-case reliability', { reliability: 'b' }, ['reliability']],
      ['credibility 7', { credibility: 7 }, ['credibility']],
      ['credibility 0', { credibility: 0 }, ['credibility']],
      ['credibility 2.5', { credibility: 2.5 }, ['credibility']],
      ['credibility as a string', { credibility: '2' }, ['credibility']],
      ['an unknown kind', { kind: 'rumour' }, ['kind']],
      ['an empty name', { name: '  ' }, ['name']],
      ['a name over 300', { name: 'x'.repeat(301) }, ['name']],
      ['an ftp URL', { url: 'ftp://example.org/file' }, ['url']],
      ['a javascript: URL', { url: 'javascript:alert(1)' }, ['url']],
      ['not a URL', { url: 'dailynk article' }, ['url']],
      ['a date that does not exist', { publishedAt: '2025-02-30' }, ['publishedAt']],
      ['a timestamp for a date', { publishedAt: '2025-02-03T10:00:00Z' }, ['publishedAt']],
      ['confidential as a string', { confidential: 'yes' }, ['confidential']],
      ['no confidential', { confidential: undefined }, ['confidential']],
      ['an empty group', { independenceGroup: '' }, ['independenceGroup']],
      ['a group over 100', { independenceGroup: 'g'.repeat(101) }, ['independenceGroup']],
      ['a contact over 500', { contact: 'c'.repeat(501) }, ['contact']],
      ['notes over 5000', { notes: 'n'.repeat(5001) }, ['notes']],
      ['an unknown field', { handler: 'Kim' }, ['handler']],
    ])('is 400 with %s, and adds nothing', async (_label, overrides, fields) => {
      const incident = await fileIncident(t, monitor);
      const response = await http()
        .post(`/api/v1/incidents/${incident.id}/sources`)
        .set(monitor.auth)
        .send(openBody(overrides));
      expectFieldErrors(response, fields);
      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM sources WHERE incident_id = $1',
        [incident.id],
      );
      expect(count).toBe(0);
    });

    it('is 400 for malformed JSON and a malformed incident id', async () => {
      const incident = await fileIncident(t, monitor);
      const malformed = await http()
        .post(`/api/v1/incidents/${incident.id}/sources`)
        .set(monitor.auth)
        .set('content-type', 'application/json')
        .send('{"kind": "media",');
      expectError(malformed, 400);
      const badId = await http()
        .post('/api/v1/incidents/not-a-uuid/sources')
        .set(monitor.auth)
        .send(openBody());
      expectError(badId, 400, /id must be a UUID/);
    });

    it('is 401 without a token', async () => {
      const incident = await fileIncident(t, monitor);
      const response = await http()
        .post(`/api/v1/incidents/${incident.id}/sources`)
        .send(openBody());
      expectError(response, 401);
    });

    it('is 403 for a writer, a verifier, and another monitor on an incident in intake', async () => {
      const incident = await fileIncident(t, monitor);
      for (const caller of [writer, verifier, otherMonitor]) {
        const response = await http()
          .post(`/api/v1/incidents/${incident.id}/sources`)
          .set(caller.auth)
          .send(openBody());
        expectError(response, 403);
      }
      expect((await list(incident.id, monitor)).items).toEqual([]);
    });

    it('is 404 for an unknown incident', async () => {
      const response = await http()
        .post(`/api/v1/incidents/${UNKNOWN_ID}/sources`)
        .set(monitor.auth)
        .send(openBody());
      expectError(response, 404, /Incident not found/);
    });

    it.each<IncidentStatus>(['verified', 'published', 'rejected', 'retracted'])(
      'is 409 once the incident is %s',
      async (status) => {
        const incident = await fileIncident(t, monitor);
        await forceStatus(t, incident.id, status);
        const response = await http()
          .post(`/api/v1/incidents/${incident.id}/sources`)
          .set(monitor.auth)
          .send(openBody());
        expectError(response, 409, new RegExp(status));
        expect((await list(incident.id, monitor)).items).toEqual([]);
      },
    );
  });

  describe('GET /api/v1/incidents/:id/sources', () => {
    let incidentId: string;
    let open: SourceDto;
    let secret: SourceDto;

    beforeAll(async () => {
      const incident = await fileIncident(t, monitor);
      incidentId = incident.id;
      open = await addSource(incidentId, openBody());
      secret = await addSource(incidentId, secretBody({ independenceGroup: 'kim-family' }));
    });

    it('shows everyone, adder and admins included, only the redacted shape, and audits nothing', async () => {
      for (const caller of [otherMonitor, writer, verifier, admin, monitor]) {
        const before = await readEvents(caller.user.id);
        const page = await list(incidentId, caller);
        expect(page).toStrictEqual({
          items: [
            open,
            {
              view: 'redacted',
              id: secret.id,
              kind: 'informant',
              confidential: true,
              pseudonym: secret.pseudonym,
              reliability: 'C',
              credibility: 3,
              independenceGroup: 'kim-family',
              version: 1,
            } satisfies RedactedSourceDto,
          ],
          nextCursor: null,
        });
        for (const detail of [SECRET_NAME, SECRET_CONTACT, SECRET_URL, SECRET_NOTES]) {
          expect(JSON.stringify(page)).not.toContain(detail);
        }
        expect(await readEvents(caller.user.id)).toBe(before);
      }
    });

    it.each<[string, () => Caller]>([
      ['a verifier', () => verifier],
      ['an admin', () => admin],
      ['the monitor who added it', () => monitor],
    ])('reveals the details to %s, and audits each reveal once', async (_label, caller) => {
      const before = await readEvents(caller().user.id, secret.id);
      const revealed = await reveal(secret.id, caller());
      expect(revealed.status).toBe(200);
      expect(revealed.body).toMatchObject({
        id: secret.id,
        name: SECRET_NAME,
        contact: SECRET_CONTACT,
        url: SECRET_URL,
        notes: SECRET_NOTES,
        createdBy: monitor.user.id,
      });
      expect(await readEvents(caller().user.id, secret.id)).toBe(before + 1);
    });

    it('answers 404 to anyone else, as if the source did not exist, and audits nothing', async () => {
      for (const caller of [otherMonitor, writer]) {
        const before = await readEvents(caller.user.id);
        const body = expectError(await reveal(secret.id, caller), 404);
        expect(JSON.stringify(body)).not.toContain(marker);
        expect(await readEvents(caller.user.id)).toBe(before);
      }
      expectError(await reveal('6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f', admin), 404);
      expectError(await reveal(secret.id, { ...writer, auth: { Authorization: 'Bearer x' } }), 401);
    });

    it('records one audit event per reveal, with the incident id, and an open source needs none', async () => {
      const reader = await signIn(t, 'verifier');
      for (let i = 0; i < 3; i += 1) expect((await reveal(secret.id, reader)).status).toBe(200);
      const openView = await reveal(open.id, reader);
      expect(openView.status).toBe(200);
      expect(openView.body).toMatchObject({ id: open.id, name: open.name });
      const events = await t.dataSource.query<
        { entity_type: string; entity_id: string; data: object }[]
      >(
        `SELECT entity_type, entity_id, data FROM audit_events
          WHERE action = 'source.revealed' AND actor_id = $1 ORDER BY seq`,
        [reader.user.id],
      );
      expect(events).toEqual(
        Array.from({ length: 3 }, () => ({
          entity_type: 'source',
          entity_id: secret.id,
          data: { incidentId },
        })),
      );
      const chain = await http().get('/api/v1/audit/verify').set(admin.auth);
      expect(chain.body).toMatchObject({ valid: true });
    });

    it('pages with limit and an opaque cursor, oldest first', async () => {
      const first = await http()
        .get(`/api/v1/incidents/${incidentId}/sources?limit=1`)
        .set(otherMonitor.auth);
      expect(first.status).toBe(200);
      const page1 = first.body as SourcePageDto;
      expect(page1.items.map((item) => item.id)).toEqual([open.id]);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const second = await http()
        .get(`/api/v1/incidents/${incidentId}/sources`)
        .query({ limit: 1, cursor: page1.nextCursor })
        .set(otherMonitor.auth);
      const page2 = second.body as SourcePageDto;
      expect(page2.items.map((item) => item.id)).toEqual([secret.id]);
      expect(page2.nextCursor).toBeNull();
      const bad = await http()
        .get(`/api/v1/incidents/${incidentId}/sources?cursor=bm90LWEtY3Vyc29y`)
        .set(otherMonitor.auth);
      expectError(bad, 400, /cursor/);
      const tooMany = await http()
        .get(`/api/v1/incidents/${incidentId}/sources?limit=101`)
        .set(otherMonitor.auth);
      expectFieldErrors(tooMany, ['limit']);
    });

    it('is 401 without a token, 404 for an unknown incident, 400 for a malformed id', async () => {
      expectError(await http().get(`/api/v1/incidents/${incidentId}/sources`), 401);
      expectError(
        await http().get(`/api/v1/incidents/${UNKNOWN_ID}/sources`).set(writer.auth),
        404,
      );
      expectError(await http().get('/api/v1/incidents/123/sources').set(writer.auth), 400);
    });
  });

  describe('PATCH /api/v1/sources/:id', () => {
    const patch = (id: string, caller: Caller, body: Record<string, unknown>): request.Test =>
      http().patch(`/api/v1/sources/${id}`).set(caller.auth).send(body);

    it('changes fields, bumps the version, and audits the field names only', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(incident.id, secretBody());
      const response = await patch(source.id, monitor, {
        reliability: 'A',
        notes: `Second meeting confirmed it ${marker}`,
        version: 1,
      });
      expect(response.status).toBe(200);
      // The answer is the redacted view, like every view of a confidential source.
      expect(response.body).toStrictEqual({ ...source, reliability: 'A', version: 2 });
      expect((await reveal(source.id, monitor)).body).toMatchObject({
        reliability: 'A',
        notes: `Second meeting confirmed it ${marker}`,
        version: 2,
        updatedAt: expect.stringMatching(ISO),
      });
      const stored = await row(source.id);
      expect(stored).toMatchObject({ version: 2, name: null, notes: null });
      const [audit] = await t.dataSource.query<{ data: object }[]>(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'source.updated'`,
        [source.id],
      );
      expect(audit.data).toEqual({
        incidentId: incident.id,
        confidential: true,
        fields: ['reliability', 'notes'],
        version: 2,
      });
      // The PATCH showed no details; the reveal above is the one read.
      expect(await readEvents(monitor.user.id, source.id)).toBe(1);
    });

    it('moves the details into clear columns when confidential is cleared, and back', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(
        incident.id,
        secretBody({ name: 'Temporary name', contact: null, notes: null }),
      );
      const opened = await patch(source.id, monitor, { confidential: false, version: 1 });
      expect(opened.status).toBe(200);
      expect(await row(source.id)).toMatchObject({
        confidential: false,
        name: 'Temporary name',
        url: SECRET_URL,
        sealed: null,
      });
      const writerView = await list(incident.id, writer);
      expect(writerView.items[0]).toMatchObject({ name: 'Temporary name', confidential: false });

      const sealed = await patch(source.id, monitor, {
        confidential: true,
        contact: 'via the church in Vladivostok',
        version: 2,
      });
      expect(sealed.status).toBe(200);
      expect(sealed.body).toMatchObject({ confidential: true, version: 3 });
      expect(sealed.body).not.toHaveProperty('contact');
      expect((await reveal(source.id, monitor)).body).toMatchObject({
        name: 'Temporary name',
        contact: 'via the church in Vladivostok',
      });
      const stored = await row(source.id);
      expect(stored).toMatchObject({ name: null, url: null, contact: null, notes: null });
      expect(stored.sealed).toEqual(expect.objectContaining({ v: expect.any(String) }));
      expect((await list(incident.id, writer)).items[0]).toStrictEqual({
        view: 'redacted',
        id: source.id,
        kind: 'informant',
        confidential: true,
        pseudonym: source.pseudonym,
        reliability: 'C',
        credibility: 3,
        independenceGroup: source.independenceGroup,
        version: 3,
      });
    });

    it('clears optional fields with null and resets the group to the id', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(incident.id, openBody({ independenceGroup: 'shared' }));
      const response = await patch(source.id, monitor, {
        url: null,
        publishedAt: null,
        independenceGroup: null,
        version: 1,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        url: null,
        publishedAt: null,
        independenceGroup: source.id,
        version: 2,
      });
    });

    it('is 409 for a stale version and changes nothing', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(incident.id, secretBody());
      expect((await patch(source.id, monitor, { credibility: 1, version: 1 })).status).toBe(200);
      const stale = await patch(source.id, monitor, { credibility: 6, version: 1 });
      expectError(stale, 409, /changed by someone else/);
      const stored = await row(source.id);
      expect(stored.version).toBe(2);
      const page = await list(incident.id, monitor);
      expect(page.items[0]).toMatchObject({ credibility: 1, version: 2 });
    });

    it('is 409 once the incident is published', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(incident.id, openBody());
      await forceStatus(t, incident.id, 'published');
      expectError(await patch(source.id, monitor, { credibility: 1, version: 1 }), 409);
      expect((await row(source.id)).version).toBe(1);
    });

    it('is 403 for a writer, another monitor in intake, and a monitor who may not read it', async () => {
      const incident = await fileIncident(t, monitor);
      const secret = await addSource(incident.id, secretBody());
      const open = await addSource(incident.id, openBody());
      expectError(await patch(open.id, writer, { credibility: 1, version: 1 }), 403);
      expectError(await patch(open.id, otherMonitor, { credibility: 1, version: 1 }), 403);
      await forceStatus(t, incident.id, 'in_verification');
      // Another monitor could otherwise clear `confidential` and expose the details to all.
      expectError(await patch(secret.id, otherMonitor, { confidential: false, version: 1 }), 403);
      expect(await row(secret.id)).toMatchObject({ confidential: true, name: null, version: 1 });
      // Nor may another monitor regrade an open source once it is in verification (spec 8).
      expectError(await patch(open.id, otherMonitor, { credibility: 1, version: 1 }), 403);
      const allowed = await patch(open.id, verifier, { credibility: 1, version: 1 });
      expect(allowed.status).toBe(200);
      const byAdmin = await patch(secret.id, admin, { credibility: 5, version: 1 });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body).toMatchObject({ confidential: true, credibility: 5, version: 2 });
      expect(byAdmin.body).not.toHaveProperty('name');
      expect((await reveal(secret.id, admin)).body).toMatchObject({
        name: SECRET_NAME,
        credibility: 5,
      });
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['no version', { credibility: 2 }, ['version']],
      ['a null name', { name: null, version: 1 }, ['name']],
      ['a null confidential', { confidential: null, version: 1 }, ['confidential']],
      ['reliability G', { reliability: 'G', version: 1 }, ['reliability']],
      ['credibility 7', { credibility: 7, version: 1 }, ['credibility']],
      ['a bad URL', { url: 'http//broken', version: 1 }, ['url']],
      ['an unknown field', { incidentId: UNKNOWN_ID, version: 1 }, ['incidentId']],
    ])('is 400 with %s', async (_label, body, fields) => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(incident.id, openBody());
      expectFieldErrors(await patch(source.id, monitor, body), fields);
      expect((await row(source.id)).version).toBe(1);
    });

    it('is 400 with nothing to change, 404 for an unknown source, 401 without a token', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await addSource(incident.id, openBody());
      expectError(await patch(source.id, monitor, { version: 1 }), 400, /Nothing to change/);
      expectError(await patch(UNKNOWN_ID, monitor, { credibility: 1, version: 1 }), 404);
      expectError(await patch('nope', monitor, { credibility: 1, version: 1 }), 400);
      expectError(
        await http().patch(`/api/v1/sources/${source.id}`).send({ credibility: 1, version: 1 }),
        401,
      );
    });
  });

  describe('workflow', () => {
    it('lets an incident with one source be submitted (200), and not one without (422)', async () => {
      const bare = await fileIncident(t, monitor);
      const refused = await http()
        .post(`/api/v1/incidents/${bare.id}/transitions`)
        .set(monitor.auth)
        .send({ action: 'submit', version: bare.version });
      expectError(refused, 422);

      const incident = await fileIncident(t, monitor);
      await addSource(incident.id, secretBody());
      const response = await http()
        .post(`/api/v1/incidents/${incident.id}/transitions`)
        .set(monitor.auth)
        .send({ action: 'submit', version: incident.version });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'in_verification',
        counts: { sources: 1 },
      });
    });
  });

  describe('confidential details at rest and in logs', () => {
    it('appear nowhere in a dump of the database, in no log line and in no audit data', async () => {
      const incident = await fileIncident(t, monitor);
      await addSource(incident.id, secretBody());
      await addSource(incident.id, openBody());
      await list(incident.id, verifier);

      const { stdout } = await run('pg_dump', ['--no-owner', t.config.databaseUrl], {
        maxBuffer: 512 * 1024 * 1024,
      });
      expect(stdout).toContain(OPEN_NAME);
      for (const secret of [SECRET_NAME, SECRET_CONTACT, SECRET_URL, SECRET_NOTES]) {
        expect(stdout).not.toContain(secret);
      }

      const logs = t.logLines.join('\n');
      expect(t.logLines.length).toBeGreaterThan(0);
      for (const secret of [SECRET_NAME, SECRET_CONTACT, SECRET_URL, SECRET_NOTES]) {
        expect(logs).not.toContain(secret);
      }

      const [{ audit }] = await t.dataSource.query<{ audit: string }[]>(
        `SELECT coalesce(string_agg(data::text, ' '), '') AS audit FROM audit_events
          WHERE entity_type = 'source'`,
      );
      expect(audit).toContain('pseudonym');
      expect(audit).not.toContain(marker);
    });
  });

  // Last: it re-keys the database of this suite.
  describe('key rotation', () => {
    it('re-encrypts under the new key with `rotate-key`, idempotently, and reports unreadable ones', async () => {
      const incident = await fileIncident(t, monitor);
      const names = [SECRET_NAME, `Another informant ${marker}`, `A third informant ${marker}`];
      const sealed: { id: string; name: string }[] = [];
      for (const name of names) {
        sealed.push({ id: (await addSource(incident.id, secretBody({ name }))).id, name });
      }
      const oldVersion = new FieldCipher(t.config.dataEncryptionKey).currentVersion;
      const newCipher = new FieldCipher(ROTATED_KEY);
      const cli = (): Promise<{ stdout: string }> =>
        run(
          process.execPath,
          [
            '-r',
            'ts-node/register/transpile-only',
            'src/cli/cli.ts',
            'rotate-key',
            '--batch-size',
            '2',
          ],
          {
            cwd: ROOT,
            env: {
              ...process.env,
              NODE_ENV: 'test',
              LOG_LEVEL: 'warn',
              DATABASE_URL: t.config.databaseUrl,
              REDIS_URL: t.config.redisUrl,
              REDIS_PREFIX: t.config.redisPrefix,
              JWT_SECRET: t.config.jwtSecret,
              DATA_ENCRYPTION_KEY: ROTATED_KEY,
              DATA_ENCRYPTION_KEY_PREVIOUS: t.config.dataEncryptionKey,
            },
          },
        );

      const [{ total }] = await t.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM sources WHERE sealed IS NOT NULL`,
      );
      const first = await cli();
      expect(first.stdout).toContain(
        `key ${newCipher.currentVersion}: re-encrypted ${total} in ${Math.ceil(total / 2)} batch(es), 0 already current, 0 unreadable`,
      );
      for (const source of sealed) {
        const stored = await row(source.id);
        expect(stored.sealed!.v).toBe(newCipher.currentVersion);
        expect(stored.version).toBe(1);
        expect(JSON.parse(newCipher.open(stored.sealed, source.id))).toMatchObject({
          name: source.name,
          contact: SECRET_CONTACT,
        });
      }
      const again = await cli();
      expect(again.stdout).toContain(
        `re-encrypted 0 in 0 batch(es), ${total} already current, 0 unreadable`,
      );

      // Back to the key this app runs with, in process; one envelope under a third key stays.
      const stray = await addSource(incident.id, openBody());
      await t.dataSource.query(
        `UPDATE sources SET confidential = true, name = NULL, sealed = $2 WHERE id = $1`,
        [
          stray.id,
          JSON.stringify(
            new FieldCipher('a-third-key-nobody-configured-0123456789').seal('{}', stray.id),
          ),
        ],
      );
      const rotation = new SealedColumnRotation(
        t.dataSource,
        new FieldCipher(t.config.dataEncryptionKey, ROTATED_KEY),
        t.app.get(AuditService),
      );
      const back = await rotation.rotate(SOURCE_DETAILS, 2);
      expect(back).toEqual({
        keyVersion: oldVersion,
        reEncrypted: total,
        batches: expect.any(Number),
        alreadyCurrent: 0,
        unreadable: [stray.id],
      });
      expect(back.batches).toBeGreaterThanOrEqual(Math.ceil(total / 2));
      expect((await rotation.rotate(SOURCE_DETAILS, 2)).reEncrypted).toBe(0);
      const events = await t.dataSource.query<{ data: { sourceIds: string[] } }[]>(
        `SELECT data FROM audit_events WHERE action = 'source.key_rotated'`,
      );
      expect(events.flatMap((event) => event.data.sourceIds)).toHaveLength(2 * total);
      await t.dataSource.query('DELETE FROM sources WHERE id = $1', [stray.id]);
      // Every envelope opens again under the key the app runs with.
      for (const source of sealed) {
        const revealed = await reveal(source.id, verifier);
        expect(revealed.status).toBe(200);
        expect((revealed.body as SourceDto).name).toBe(source.name);
      }
    }, 120_000);
  });
});
