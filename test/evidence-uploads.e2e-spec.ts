import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { EvidenceDto } from '../src/evidence/dto/evidence.dto';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

const PNG = readFileSync(join(__dirname, '..', 'demo', 'files', 'musan-mine-placeholder.png'));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Uploads that are refused must leave nothing in storage: no file, no temporary part. */
describe('evidence uploads: what is refused leaves nothing behind (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  const http = () => request(t.app.getHttpServer());

  const stored = (): string[] => {
    try {
      return readdirSync(t.config.storageDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
    } catch {
      return [];
    }
  };
  const rows = async (incidentId: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM evidence WHERE incident_id = $1',
          [incidentId],
        )
      )[0].n,
    );
  const upload = (incidentId: string, bytes: Buffer, fields: Record<string, string> = {}) => {
    const call = http().post(`/api/v1/incidents/${incidentId}/evidence`).set(monitor.auth);
    for (const [name, value] of Object.entries({
      kind: 'image',
      description: 'Photo',
      ...fields,
    })) {
      void call.field(name, value);
    }
    return call.attach('file', bytes, { filename: 'photo.png', contentType: 'image/png' });
  };

  beforeAll(async () => {
    t = await createTestApp();
    monitor = await signIn(t, 'monitor');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a row the database refuses (a NUL byte in the description) leaves no file', async () => {
    const incident = await fileIncident(t, monitor);
    const bytes = Buffer.concat([PNG, Buffer.from('nul case')]);
    expectError(await upload(incident.id, bytes, { description: 'Before\u0000after' }), 400);
    expect(stored()).toEqual([]);
    expect(await rows(incident.id)).toBe(0);
    const custody = await t.dataSource.query<unknown[]>('SELECT 1 FROM evidence_custody');
    expect(custody).toEqual([]);
  });

  it('a source of another incident (422) leaves no file', async () => {
    const incident = await fileIncident(t, monitor);
    const other = await fileIncident(t, monitor);
    const source = await http()
      .post(`/api/v1/incidents/${other.id}/sources`)
      .set(monitor.auth)
      .send({
        kind: 'media',
        name: 'NK News',
        reliability: 'B',
        credibility: 2,
        confidential: false,
      });
    const bytes = Buffer.concat([PNG, Buffer.from('wrong source')]);
    expectError(
      await upload(incident.id, bytes, { sourceId: (source.body as { id: string }).id }),
      422,
      /not a source of this incident/,
    );
    expect(stored()).toEqual([]);
  });

  it('two file parts are 400, not 413, and leave nothing', async () => {
    const incident = await fileIncident(t, monitor);
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'image')
      .field('description', 'Two photos')
      .attach('file', PNG, { filename: 'a.png', contentType: 'image/png' })
      .attach('file', Buffer.concat([PNG, Buffer.from('b')]), {
        filename: 'b.png',
        contentType: 'image/png',
      });
    expectError(response, 400, 'Send exactly one file, in the field named "file"');
    expect(stored()).toEqual([]);
    expect(await rows(incident.id)).toBe(0);
  });

  it('a field sent twice is 400 naming it, rather than keeping one of its values', async () => {
    const incident = await fileIncident(t, monitor);
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'image')
      .field('description', 'First')
      .field('description', 'Second')
      .attach('file', PNG, { filename: 'a.png', contentType: 'image/png' });
    const body = expectError(response, 400, 'The field "description" is sent twice');
    expect(body.details).toEqual([
      { field: 'description', errors: ['The field "description" is sent twice'] },
    ]);
    expect(stored()).toEqual([]);
  });

  it('a Windows executable is 415 naming the type found in its bytes and what is allowed', async () => {
    const incident = await fileIncident(t, monitor);
    const before = stored().length;
    // An MZ header, as every .exe starts: the sniffer names it whatever the file is called.
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]);
    const message =
      'file type application/x-msdownload (detected from its content) is not allowed; ' +
      'allowed: images, video, audio, PDF, office documents, plain text, CSV, JSON, ZIP';
    const body = expectError(await upload(incident.id, exe), 415, message);
    expect(body.message).toBe(message);
    expect(body.code).toBe('unsupported_media_type');
    expect(body.details).toEqual([{ field: 'file', errors: [message] }]);
    expect(await rows(incident.id)).toBe(0);
    expect(stored()).toHaveLength(before);
  });

  it('an empty file is 422', async () => {
    const incident = await fileIncident(t, monitor);
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'document')
      .field('description', 'Nothing in it')
      .attach('file', Buffer.alloc(0), { filename: 'empty.txt', contentType: 'text/plain' });
    expectError(response, 422, 'The file is empty');
    expect(stored()).toEqual([]);
    expect(await rows(incident.id)).toBe(0);
  });

  it('the same file twice on one incident is 409 naming the first; on another incident it is stored once', async () => {
    const incident = await fileIncident(t, monitor);
    const bytes = Buffer.concat([PNG, Buffer.from('the same file')]);
    const first = await upload(incident.id, bytes);
    expect(first.status).toBe(201);
    const firstId = (first.body as EvidenceDto).id;
    const again = await upload(incident.id, bytes, { description: 'Uploaded again' });
    const body = expectError(
      again,
      409,
      new RegExp(`already evidence of this incident \\(${firstId}\\)`),
    );
    expect(body.details).toEqual({ existingId: firstId });
    expect(await rows(incident.id)).toBe(1);

    const other = await fileIncident(t, monitor);
    const elsewhere = await upload(other.id, bytes);
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body).toMatchObject({ sha256: sha256(bytes) });
    expect(stored().filter((name) => name === sha256(bytes))).toHaveLength(1);
    expect(stored().filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('two uploads of one new file to one incident at once: one 201, one 409, one stored file', async () => {
    const incident = await fileIncident(t, monitor);
    const bytes = Buffer.concat([PNG, Buffer.from('racing uploads')]);
    const answers = await Promise.all([upload(incident.id, bytes), upload(incident.id, bytes)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(await rows(incident.id)).toBe(1);
    expect(stored().filter((name) => name === sha256(bytes))).toHaveLength(1);
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
});
