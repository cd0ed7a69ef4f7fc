import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident } from './helpers/incidents';
import { Caller, createUser, PASSWORD, signIn } from './helpers/users';

function storedFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'evidence'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

describe('hardening (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5' });
    monitor = await signIn(t, 'monitor');
  });
  afterAll(async () => {
    await t.close();
  });

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
    expect(list.body).toEqual([
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

    const verifier = await signIn(t, 'verifier');
    const seen = await http().get(`/api/v1/evidence/${evidenceId}`).set(verifier.auth);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      text: 'Call me at +850 555 0100',
      createdBy: monitor.user.id,
      redacted: false,
    });
  });

  it('answers 400, not 500, for NUL characters in text, JSON fields and search', async () => {
    const nulTitle = await http().post('/api/v1/incidents').set(monitor.auth).send({
      title: 'a\u0000bcd',
      regime: 'UN-1718',
      category: 'overseas_labor',
      occurredFrom: '2025-01-01',
      occurredTo: '2025-01-02',
    });
    expectError(nulTitle, 400, 'A value is not valid for this field');
    const nulPlace = await http()
      .post('/api/v1/incidents')
      .set(monitor.auth)
      .send({
        title: 'Valid title',
        regime: 'UN-1718',
        category: 'overseas_labor',
        occurredFrom: '2025-01-01',
        occurredTo: '2025-01-02',
        locations: [{ role: 'origin', countryCode: 'KP', placeName: 'Mu\u0000san' }],
      });
    expectError(nulPlace, 400);
    expectError(
      await http().get('/api/v1/incidents').query({ q: 'a\u0000b' }).set(monitor.auth),
      400,
    );
    expect(
      t.logLines.filter((line) => line.includes('Mu\\u0000san') || line.includes('a\\u0000bcd')),
    ).toEqual([]);
  });

  it('answers 400 for a malformed multipart body', async () => {
    const incident = await fileIncident(t, monitor);
    const noBoundary = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .set('content-type', 'multipart/form-data')
      .send('garbage');
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body).toMatchObject({
      statusCode: 400,
      requestId: noBoundary.headers['x-request-id'],
    });
    const truncated = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .set('content-type', 'multipart/form-data; boundary=XYZ')
      .send(
        '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello',
      );
    expect(truncated.status).toBe(400);
    expect(truncated.body).toMatchObject({
      statusCode: 400,
      requestId: truncated.headers['x-request-id'],
    });
  });

  it('keeps no file when the upload is refused after streaming (a source of another incident)', async () => {
    const mine = await fileIncident(t, monitor);
    const other = await fileIncident(t, monitor);
    const source = await http()
      .post(`/api/v1/incidents/${other.id}/sources`)
      .set(monitor.auth)
      .send({
        kind: 'media',
        name: 'Elsewhere',
        reliability: 'B',
        credibility: 2,
        confidential: false,
      });
    const before = storedFiles(t.config.storageDir);
    const response = await http()
      .post(`/api/v1/incidents/${mine.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'document')
      .field('description', 'Wrong source')
      .field('sourceId', (source.body as { id: string }).id)
      .attach('file', Buffer.from('unique bytes for this test 7f3a'), {
        filename: 'x.txt',
        contentType: 'text/plain',
      });
    expectError(response, 422, 'sourceId is not a source of this incident');
    expect(storedFiles(t.config.storageDir)).toEqual(before);
  });

  it('holds the per-account limit against parallel guesses', async () => {
    const user = await createUser(t, ['monitor']);
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: 'wrong password guess' }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    const right = await http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD });
    expectError(right, 429, /Too many failed sign-in attempts/);
  });
});
