import request from 'supertest';
import { IncidentDto } from '../src/incidents/dto/incident.dto';
import { PublicIncidentDto, PublicPreviewDto } from '../src/public/dto/public-incident.dto';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident, forceStatus, incidentBody } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

/** The public title, and the preview of the public view that writers check before publishing. */
describe('public title and public preview (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let writer: Caller;
  let verifier: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());
  const patch = (id: string, caller: Caller, body: Record<string, unknown>) =>
    http().patch(`/api/v1/incidents/${id}`).set(caller.auth).send(body);
  const preview = (id: string, caller: Caller) =>
    http().get(`/api/v1/incidents/${id}/public-preview`).set(caller.auth);

  beforeAll(async () => {
    t = await createTestApp();
    [monitor, writer, verifier, admin] = await Promise.all([
      signIn(t, 'monitor'),
      signIn(t, 'writer'),
      signIn(t, 'verifier'),
      signIn(t, 'admin'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a monitor may not set publicTitle (403), on intake or edit', async () => {
    expectError(
      await http()
        .post('/api/v1/incidents')
        .set(monitor.auth)
        .send(incidentBody({ publicTitle: 'A title for the public' })),
      403,
    );
    const draft = await fileIncident(t, monitor);
    expectError(await patch(draft.id, monitor, { publicTitle: 'Mine', version: 1 }), 403);
  });

  it('previews exactly what publication will show, and the public view then equals it', async () => {
    const incident = await fileIncident(t, monitor, {
      title: 'Internal working title Quarrystone',
      summary: 'Internal narrative naming the informant route',
    });
    for (const source of [
      { kind: 'media', name: 'NK News', url: 'https://example.org/nk', confidential: false },
      { kind: 'informant', name: 'Partner in Musan', confidential: true },
    ]) {
      const added = await http()
        .post(`/api/v1/incidents/${incident.id}/sources`)
        .set(monitor.auth)
        .send({ reliability: 'B', credibility: 2, ...source });
      expect(added.status).toBe(201);
    }
    let version = await forceStatus(t, incident.id, 'verified');
    const written = await patch(incident.id, writer, {
      publicTitle: 'Mine workers sent abroad in breach of sanctions',
      publicSummary: 'About 100 workers were sent to Russia.',
      version,
    });
    expect(written.status).toBe(200);
    const after = written.body as IncidentDto;
    expect(after).toMatchObject({ publicTitle: 'Mine workers sent abroad in breach of sanctions' });
    version = after.version;

    expectError(await preview(incident.id, monitor), 403);
    const seen = await preview(incident.id, writer);
    expect(seen.status).toBe(200);
    const body = seen.body as PublicPreviewDto;
    expect(body).toMatchObject({
      reference: incident.reference,
      title: 'Mine workers sent abroad in breach of sanctions',
      publicSummary: 'About 100 workers were sent to Russia.',
      countries: ['KP', 'RU'],
      sources: [{ kind: 'media', name: 'NK News', url: 'https://example.org/nk' }],
      withheld: {
        fields: ['title', 'summary', 'locations', 'actors', 'quantities', 'tags'],
        confidentialSources: 1,
      },
    });
    expect(JSON.stringify(body)).not.toMatch(/Partner in Musan|Internal narrative|Quarrystone/);
    expect((await preview(incident.id, verifier)).status).toBe(200);

    const published = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(writer.auth)
      .send({ action: 'publish', version });
    expect(published.status).toBe(200);
    const publicView = await http().get(`/api/v1/public/incidents/${incident.reference}`);
    expect(publicView.status).toBe(200);
    // The same view, but for the moment of publication.
    const shown = publicView.body as PublicIncidentDto;
    expect({ ...shown, publishedAt: 'at publication' }).toEqual({
      ...body,
      withheld: undefined,
      notifies: undefined,
      publishedAt: 'at publication',
    });
    expect(shown.publishedAt).toEqual(expect.stringMatching(/Z$/));

    // The public search follows the public title; the working title is not searched publicly.
    const search = async (q: string): Promise<string[]> =>
      (
        (await http().get('/api/v1/public/incidents').query({ q })).body as {
          items: { reference: string }[];
        }
      ).items.map((item) => item.reference);
    expect(await search('sanctions breach')).toEqual([incident.reference]);
    expect(await search('Quarrystone')).toEqual([]);
  });

  it('null clears the public title, and publication then shows the title', async () => {
    const incident = await fileIncident(t, monitor, { title: 'Shown as it is' });
    const version = await forceStatus(t, incident.id, 'verified');
    const set = await patch(incident.id, writer, { publicTitle: 'Another public title', version });
    expect(set.status).toBe(200);
    const cleared = await patch(incident.id, writer, {
      publicTitle: null,
      version: (set.body as IncidentDto).version,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ publicTitle: null });
    const body = (await preview(incident.id, writer)).body as PublicPreviewDto;
    expect(body.title).toBe('Shown as it is');
    expect(body.withheld).toEqual({
      fields: ['summary', 'locations', 'actors', 'quantities', 'tags'],
      confidentialSources: 0,
    });
  });

  it('is 404 for an unknown incident, and refuses a public title under 3 characters', async () => {
    expectError(await preview('6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f', writer), 404);
    const incident = await fileIncident(t, monitor);
    const version = await forceStatus(t, incident.id, 'verified');
    const body = expectError(await patch(incident.id, writer, { publicTitle: 'ab', version }), 400);
    expect(body.details).toEqual([expect.objectContaining({ field: 'publicTitle' })]);
  });

  it('tells a writer how many webhooks publishing would notify: active ones subscribed to transitions', async () => {
    const incident = await fileIncident(t, monitor);
    await forceStatus(t, incident.id, 'verified');
    const subscribers = async (): Promise<number> => {
      const seen = await preview(incident.id, writer);
      expect(seen.status).toBe(200);
      return (seen.body as PublicPreviewDto).notifies.webhookSubscribers;
    };
    const addWebhook = async (events: string[]): Promise<string> => {
      const created = await http().post('/api/v1/webhooks').set(admin.auth).send({
        url: 'http://127.0.0.1:9/receiver-q7',
        events,
        secret: 'a webhook secret of 32 chars...',
      });
      expect(created.status).toBe(201);
      return (created.body as { id: string }).id;
    };

    expect(await subscribers()).toBe(0);
    await addWebhook(['incident.created', 'reminder.due']);
    expect(await subscribers()).toBe(0);
    const subscribed = await addWebhook(['incident.transitioned']);
    expect(await subscribers()).toBe(1);
    const second = await addWebhook(['incident.created', 'incident.transitioned']);
    expect(await subscribers()).toBe(2);

    const removed = await http().delete(`/api/v1/webhooks/${second}`).set(admin.auth);
    expect(removed.status).toBe(204);
    expect(await subscribers()).toBe(1);
    // The writer learns a count, never the webhooks themselves.
    const body = (await preview(incident.id, writer)).body as PublicPreviewDto;
    expect(body.notifies).toEqual({ webhookSubscribers: 1 });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|receiver-q7/);
    expect((await http().delete(`/api/v1/webhooks/${subscribed}`).set(admin.auth)).status).toBe(
      204,
    );
    expect(await subscribers()).toBe(0);
  });
});
