import request from 'supertest';
import { HistoryEntryDto } from '../src/incidents/dto/incident.dto';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

/**
 * What must stay internal, read through the routes that could leak it: the public search, the
 * incident history, and evidence tied to a confidential source.
 */
describe('internal text stays internal (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let otherMonitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    [monitor, otherMonitor, verifier, writer, admin] = await Promise.all([
      signIn(t, 'monitor'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
      signIn(t, 'admin'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the public search matches only what the public view shows', () => {
    let reference: string;
    const search = async (q: string): Promise<string[]> => {
      const response = await http().get('/api/v1/public/incidents').query({ q });
      expect(response.status).toBe(200);
      return (response.body as { items: { reference: string }[] }).items.map(
        (item) => item.reference,
      );
    };

    beforeAll(async () => {
      const incident = await fileIncident(t, monitor, {
        title: 'Ore miners dispatched abroad',
        summary: 'Handler Zephyrine met the source near the border crossing.',
        locations: [
          { role: 'origin', countryCode: 'KP', adminArea: 'North Hamgyong', placeName: 'Chongjin' },
          { role: 'destination', countryCode: 'RU' },
        ],
        actors: [{ name: 'Kwangmyongsong Trading', type: 'company' }],
      });
      reference = incident.reference;
      // Published straight in the database: the route under test is the search, not the workflow.
      await t.dataSource.query(
        `UPDATE incidents SET status = 'published', published_at = now(), version = version + 1,
                public_summary = 'About one hundred labourers left for Vladivostok.'
          WHERE id = $1`,
        [incident.id],
      );
    });

    it('finds a published incident by a word of its title or public summary', async () => {
      expect(await search('miners')).toEqual([reference]);
      expect(await search('Vladivostok')).toEqual([reference]);
      expect(await search('labourers hundred')).toEqual([reference]);
    });

    it('finds nothing by a word of the internal summary, an actor or a place', async () => {
      for (const word of ['Zephyrine', 'Kwangmyongsong', 'Chongjin', 'Hamgyong', 'border']) {
        expect({ word, found: await search(word) }).toEqual({ word, found: [] });
      }
      expect(await search('Zephyrine or Kwangmyongsong or Chongjin')).toEqual([]);
    });

    it('staff still search the internal text', async () => {
      const response = await http()
        .get('/api/v1/incidents')
        .query({ q: 'Zephyrine' })
        .set(writer.auth);
      expect(response.status).toBe(200);
      expect((response.body as { items: { reference: string }[] }).items).toEqual([
        expect.objectContaining({ reference }),
      ]);
    });

    it('an edit of the public summary moves the public search with it', async () => {
      await t.dataSource.query(
        `UPDATE incidents SET public_summary = 'Renamed text about Khasan.' WHERE reference = $1`,
        [reference],
      );
      expect(await search('Vladivostok')).toEqual([]);
      expect(await search('Khasan')).toEqual([reference]);
    });
  });

  describe('the history hides who handled a confidential source, and the notes about it', () => {
    let incidentId: string;
    let sourceId: string;
    let evidenceId: string;
    const NOTE = 'Checked against the Yanji call log';

    const history = async (caller: Caller): Promise<HistoryEntryDto[]> => {
      const response = await http().get(`/api/v1/incidents/${incidentId}/history`).set(caller.auth);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ nextCursor: null });
      return response.body.items as HistoryEntryDto[];
    };
    const aboutTheSource = (entries: HistoryEntryDto[]): HistoryEntryDto[] =>
      entries.filter((entry) => {
        const data = entry.data as {
          source?: { id: string };
          evidenceAdded?: { id: string };
          evidenceId?: string;
        };
        return (
          data.source?.id === sourceId ||
          data.evidenceAdded?.id === evidenceId ||
          data.evidenceId === evidenceId
        );
      });

    beforeAll(async () => {
      const incident = await fileIncident(t, monitor, { title: 'Informant account of a dispatch' });
      incidentId = incident.id;
      const source = await http()
        .post(`/api/v1/incidents/${incidentId}/sources`)
        .set(monitor.auth)
        .send({
          kind: 'informant',
          name: 'Partner P',
          reliability: 'B',
          credibility: 2,
          confidential: true,
        });
      expect(source.status).toBe(201);
      sourceId = (source.body as { id: string }).id;
      const evidence = await http()
        .post(`/api/v1/incidents/${incidentId}/evidence`)
        .set(monitor.auth)
        .send({ kind: 'testimony', description: 'Account', sourceId, text: 'What P saw' });
      expect(evidence.status).toBe(201);
      evidenceId = (evidence.body as { id: string }).id;
      const submitted = await http()
        .post(`/api/v1/incidents/${incidentId}/transitions`)
        .set(monitor.auth)
        .send({ action: 'submit', version: incident.version });
      expect(submitted.status).toBe(200);
      const reviewed = await http()
        .post(`/api/v1/evidence/${evidenceId}/review`)
        .set(verifier.auth)
        .send({ decision: 'approved', note: NOTE, version: 1 });
      expect(reviewed.status).toBe(200);
    });

    it('shows a writer and another monitor neither the actor nor the note', async () => {
      for (const reader of [writer, otherMonitor]) {
        const entries = aboutTheSource(await history(reader));
        expect(entries.map((entry) => entry.kind).sort()).toEqual([
          'edited',
          'edited',
          'evidence_reviewed',
        ]);
        for (const entry of entries) {
          expect(entry.actorId).toBeNull();
          expect(entry.data).toMatchObject({ redacted: true });
        }
        const text = JSON.stringify(await history(reader));
        expect(text).not.toContain(NOTE);
        expect(text).not.toContain(verifier.user.id);
      }
    });

    it('shows them whole to the adder, verifiers and admins', async () => {
      for (const reader of [monitor, verifier, admin]) {
        const entries = aboutTheSource(await history(reader));
        const review = entries.find((entry) => entry.kind === 'evidence_reviewed');
        expect(review).toMatchObject({ actorId: verifier.user.id, data: { note: NOTE } });
        expect(entries.filter((entry) => entry.actorId === monitor.user.id)).toHaveLength(2);
        expect(JSON.stringify(entries)).not.toContain('redacted');
      }
    });

    it('leaves entries about everything else as they are', async () => {
      const entries = await history(writer);
      const created = entries.find((entry) => entry.kind === 'created');
      const submit = entries.find((entry) => entry.kind === 'transition');
      expect(created).toMatchObject({ actorId: monitor.user.id });
      expect(submit).toMatchObject({ actorId: monitor.user.id });
    });

    it('an unknown incident is 404', async () => {
      expectError(
        await http()
          .get('/api/v1/incidents/00000000-0000-4000-8000-000000000000/history')
          .set(writer.auth),
        404,
      );
    });
  });

  describe('an uploader sees their own evidence tied to a source someone else added', () => {
    let evidenceId: string;

    beforeAll(async () => {
      const incident = await fileIncident(t, monitor, { title: 'Evidence on an admin’s source' });
      const source = await http()
        .post(`/api/v1/incidents/${incident.id}/sources`)
        .set(admin.auth)
        .send({
          kind: 'informant',
          name: 'Admin contact',
          reliability: 'C',
          credibility: 3,
          confidential: true,
        });
      expect(source.status).toBe(201);
      const added = await http()
        .post(`/api/v1/incidents/${incident.id}/evidence`)
        .set(monitor.auth)
        .send({
          kind: 'testimony',
          description: 'What the contact told me',
          sourceId: (source.body as { id: string }).id,
          text: 'The bus left at dawn',
        });
      expect(added.status).toBe(201);
      evidenceId = (added.body as { id: string }).id;
    });

    it('the uploader reads it whole, list and item', async () => {
      const item = await http().get(`/api/v1/evidence/${evidenceId}`).set(monitor.auth);
      expect(item.status).toBe(200);
      expect(item.body).toMatchObject({ text: 'The bus left at dawn', createdBy: monitor.user.id });
      expect(item.body).toMatchObject({ redacted: false });
      const custody = await http().get(`/api/v1/evidence/${evidenceId}/custody`).set(monitor.auth);
      expect(custody.status).toBe(200);
      expect(custody.body).toEqual({
        items: [expect.objectContaining({ action: 'added' })],
        nextCursor: null,
      });
    });

    it('another monitor still sees it redacted, and its custody is 404', async () => {
      const item = await http().get(`/api/v1/evidence/${evidenceId}`).set(otherMonitor.auth);
      expect(item.status).toBe(200);
      expect(item.body).toMatchObject({ text: null, createdBy: null, redacted: true });
      expectError(
        await http().get(`/api/v1/evidence/${evidenceId}/custody`).set(otherMonitor.auth),
        404,
      );
    });
  });

  describe('evidence tied to a confidential source', () => {
    it('hides evidence tied to a confidential source from those who may not see the source', async () => {
      const incident = await fileIncident(t, monitor);
      const source = await http()
        .post(`/api/v1/incidents/${incident.id}/sources`)
        .set(monitor.auth)
        .send({
          kind: 'informant',
          name: 'Partner in Musan',
          reliability: 'C',
          credibility: 3,
          confidential: true,
          contact: '+850 555 0100',
        });
      expect(source.status).toBe(201);
      const sourceId = (source.body as { id: string }).id;
      const added = await http()
        .post(`/api/v1/incidents/${incident.id}/evidence`)
        .set(monitor.auth)
        .send({
          kind: 'testimony',
          description: 'Account of the partner',
          sourceId,
          text: 'Call me at +850 555 0100',
        });
      expect(added.status).toBe(201);
      const evidenceId = (added.body as { id: string }).id;

      const writer = await signIn(t, 'writer');
      const list = await http().get(`/api/v1/incidents/${incident.id}/evidence`).set(writer.auth);
      expect(list.status).toBe(200);
      expect(list.body.nextCursor).toBeNull();
      expect(list.body.items).toEqual([
        expect.objectContaining({
          id: evidenceId,
          text: null,
          createdBy: null,
          originalFilename: null,
          redacted: true,
        }),
      ]);
      expect(JSON.stringify(list.body)).not.toContain('555 0100');
      const one = await http().get(`/api/v1/evidence/${evidenceId}`).set(writer.auth);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ text: null, redacted: true });
      expectError(
        await http().get(`/api/v1/evidence/${evidenceId}/custody`).set(writer.auth),
        404,
        'Evidence content not found',
      );

      const seen = await http().get(`/api/v1/evidence/${evidenceId}`).set(verifier.auth);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        text: 'Call me at +850 555 0100',
        createdBy: monitor.user.id,
        redacted: false,
      });
    });
  });
});
