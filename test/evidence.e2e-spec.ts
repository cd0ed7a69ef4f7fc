import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

const PNG = readFileSync(join(__dirname, '..', 'demo', 'files', 'musan-mine-placeholder.png'));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
// The start of an ELF executable: what a renamed binary looks like to the sniffer.
const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
  Buffer.alloc(2000, 7),
]);

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

describe('evidence (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());
  const LIMIT = 64 * 1024;

  beforeAll(async () => {
    t = await createTestApp({ MAX_UPLOAD_BYTES: String(LIMIT) });
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
    admin = await signIn(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const evidenceRows = async (incidentId: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM evidence WHERE incident_id = $1',
          [incidentId],
        )
      )[0].n,
    );

  it('stores an upload content-addressed, hashes it, sniffs its type and keeps the name as metadata only', async () => {
    const incident = await fileIncident(t, monitor);
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'image')
      .field('description', 'Placeholder photo of the mine')
      .attach('file', PNG, {
        filename: '../../../etc/passwd.png',
        contentType: 'application/octet-stream',
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      incidentId: incident.id,
      kind: 'image',
      sha256: sha256(PNG),
      sizeBytes: PNG.length,
      mimeType: 'image/png',
      // The multipart parser drops directories from the client's name; it is metadata anyway.
      originalFilename: 'passwd.png',
      status: 'pending',
      version: 1,
      createdBy: monitor.user.id,
    });
    const stored = filesUnder(t.config.storageDir).filter(
      (file) => !file.includes('audit-checkpoints'),
    );
    expect(stored).toEqual([
      join(
        t.config.storageDir,
        'evidence',
        sha256(PNG).slice(0, 2),
        sha256(PNG).slice(2, 4),
        sha256(PNG),
      ),
    ]);

    const download = await http()
      .get(`/api/v1/evidence/${(response.body as { id: string }).id}/content`)
      .set(monitor.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(sha256(download.body as Buffer)).toBe(sha256(PNG));
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="passwd.png"|^attachment; filename=".*passwd\.png"/,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-type']).toBe('image/png');

    const custody = await http()
      .get(`/api/v1/evidence/${(response.body as { id: string }).id}/custody`)
      .set(verifier.auth);
    expect(custody.status).toBe(200);
    expect(
      (custody.body.items as { action: string; sha256: string; actorId: string }[]).map((e) => [
        e.action,
        e.sha256,
        e.actorId,
      ]),
    ).toEqual([
      ['added', sha256(PNG), monitor.user.id],
      ['downloaded', sha256(PNG), monitor.user.id],
    ]);
  });

  it('refuses an executable renamed .png with 415, leaving neither a row nor a file', async () => {
    const incident = await fileIncident(t, monitor);
    const before = filesUnder(t.config.storageDir).length;
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'image')
      .field('description', 'Not really an image')
      .attach('file', ELF, { filename: 'photo.png', contentType: 'image/png' });
    const message =
      'binary content of no recognised type is not allowed; allowed: images, video, audio, ' +
      'PDF, office documents, plain text, CSV, JSON, ZIP';
    const body = expectError(response, 415, message);
    expect(body.message).toBe(message);
    expect(body.details).toEqual([{ field: 'file', errors: [message] }]);
    expect(await evidenceRows(incident.id)).toBe(0);
    expect(filesUnder(t.config.storageDir).length).toBe(before);
  });

  it('tells clients its upload limit and allowed types, so they refuse a file before sending it', async () => {
    const response = await http().get('/api/v1/evidence/upload-limits').set(verifier.auth);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      maxUploadBytes: LIMIT,
      allowedTypes: expect.arrayContaining(['application/pdf', 'text/plain', 'application/zip']),
      allowedTypePrefixes: ['image/', 'video/', 'audio/'],
    });
    const types = response.body as { allowedTypes: string[] };
    expect(types.allowedTypes).not.toContain('application/x-msdownload');
    expectError(await http().get('/api/v1/evidence/upload-limits'), 401);
  });

  it('refuses an upload one byte over the limit with 413, leaving neither a row nor a file', async () => {
    const incident = await fileIncident(t, monitor);
    const before = filesUnder(t.config.storageDir).length;
    const text = Buffer.alloc(LIMIT + 1, 'a');
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'document')
      .field('description', 'Too big')
      .attach('file', text, { filename: 'big.txt', contentType: 'text/plain' });
    expect(response.status).toBe(413);
    expectError(response, 413, /larger than|too large/);
    expect(await evidenceRows(incident.id)).toBe(0);
    expect(filesUnder(t.config.storageDir).length).toBe(before);

    const exact = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'document')
      .field('description', 'Exactly at the limit')
      .attach('file', Buffer.alloc(LIMIT, 'a'), { filename: 'ok.txt', contentType: 'text/plain' });
    expect(exact.status).toBe(201);
    expect(exact.body).toMatchObject({ mimeType: 'text/plain', sizeBytes: LIMIT });
  });

  it('accepts file-less testimony as JSON and validates its shape', async () => {
    const incident = await fileIncident(t, monitor);
    const ok = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({
        kind: 'testimony',
        description: 'Q&A with the partner',
        text: 'They left on 12 January.',
      });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      kind: 'testimony',
      sha256: null,
      text: 'They left on 12 January.',
    });
    const missingText = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({ kind: 'testimony', description: 'No text' });
    const textRequired = 'text is required for evidence of kind testimony';
    expect(expectError(missingText, 400, textRequired).details).toEqual([
      { field: 'text', errors: [textRequired] },
    ]);
    const missingUrl = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({ kind: 'url', description: 'No url' });
    const urlRequired = 'url is required for evidence of kind url';
    expect(expectError(missingUrl, 400, urlRequired).details).toEqual([
      { field: 'url', errors: [urlRequired] },
    ]);
    const missingFile = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({ kind: 'image', description: 'No photo' });
    const fileRequired = 'file is required for evidence of kind image (multipart/form-data)';
    expect(expectError(missingFile, 400, fileRequired).details).toEqual([
      { field: 'file', errors: [fileRequired] },
    ]);
    const unknown = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({ kind: 'testimony', description: 'x', text: 'y', path: '/etc' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ details: [{ field: 'path' }] });
    const other = await signIn(t, 'monitor');
    const forbidden = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(other.auth)
      .send({ kind: 'testimony', description: 'x', text: 'y' });
    expect(forbidden.status).toBe(403);
    expectError(
      forbidden,
      403,
      'Only the creator of the incident, or an admin, may add evidence to it',
    );
    await forceStatus(t, incident.id, 'published');
    const closed = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({ kind: 'testimony', description: 'x', text: 'y' });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({
      message: 'Evidence cannot be added to an incident in published',
    });
  });

  it('enforces four eyes and state on reviews, then lets verification through', async () => {
    const incident = await fileIncident(t, monitor);
    const added = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({ kind: 'testimony', description: 'Account', text: 'Details' });
    const id = (added.body as { id: string }).id;
    const inIntake = await http()
      .post(`/api/v1/evidence/${id}/review`)
      .set(verifier.auth)
      .send({ decision: 'approved', note: 'ok', version: 1 });
    expect(inIntake.status).toBe(409);
    expectError(
      inIntake,
      409,
      'Evidence can be reviewed only while the incident is in_verification',
    );

    const submitted = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(monitor.auth)
      .send({ action: 'submit', version: 1 });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'in_verification',
      counts: { evidence: 1, evidencePending: 1 },
    });

    const adminCreator = await signIn(t, 'admin', 'verifier');
    const own = await fileIncident(t, adminCreator);
    const ownItem = await http()
      .post(`/api/v1/incidents/${own.id}/evidence`)
      .set(adminCreator.auth)
      .send({ kind: 'testimony', description: 'Mine', text: 'x' });
    await forceStatus(t, own.id, 'in_verification');
    const byUploader = await http()
      .post(`/api/v1/evidence/${(ownItem.body as { id: string }).id}/review`)
      .set(adminCreator.auth)
      .send({ decision: 'approved', note: 'self', version: 1 });
    expect(byUploader.status).toBe(403);
    expect(byUploader.body).toMatchObject({
      message: 'Four eyes: nobody reviews evidence they added',
    });

    const byCreator = await http()
      .post(`/api/v1/incidents/${own.id}/evidence`)
      .set(admin.auth)
      .send({ kind: 'testimony', description: 'Admin adds', text: 'x' });
    const creatorReview = await http()
      .post(`/api/v1/evidence/${(byCreator.body as { id: string }).id}/review`)
      .set(adminCreator.auth)
      .send({ decision: 'approved', note: 'creator', version: 1 });
    expect(creatorReview.status).toBe(403);
    expect(creatorReview.body).toMatchObject({
      message: 'Four eyes: the creator of the incident cannot review its evidence',
    });

    const approved = await http()
      .post(`/api/v1/evidence/${id}/review`)
      .set(verifier.auth)
      .send({ decision: 'approved', note: 'Consistent', version: 1 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      reviewedBy: verifier.user.id,
      version: 2,
    });
    const stale = await http()
      .post(`/api/v1/evidence/${id}/review`)
      .set(verifier.auth)
      .send({ decision: 'rejected', note: 'x', version: 1 });
    expect(stale.status).toBe(409);
    expectError(stale, 409, /changed by someone else/);

    const verified = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(verifier.auth)
      .send({ action: 'verify', version: 2, confidence: 'likely' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified', confidence: 'likely' });
  });

  it('detects a file altered on disk, on download (500 with the request id) and in the integrity check', async () => {
    const incident = await fileIncident(t, monitor);
    const bytes = Buffer.from('Original ledger,1\nRow,2\n');
    const added = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'document')
      .field('description', 'Ledger')
      .attach('file', bytes, { filename: 'ledger.csv', contentType: 'text/csv' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ mimeType: 'text/csv' });
    const path = join(
      t.config.storageDir,
      'evidence',
      sha256(bytes).slice(0, 2),
      sha256(bytes).slice(2, 4),
      sha256(bytes),
    );
    writeFileSync(path, 'Forged ledger,9\nRow,2\n');

    const download = await http()
      .get(`/api/v1/evidence/${(added.body as { id: string }).id}/content`)
      .set(verifier.auth);
    expect(download.status).toBe(500);
    expect(download.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'internal',
      message: 'Internal server error',
      requestId: download.headers['x-request-id'],
    });
    expect(t.logLines.some((line) => line.includes('EVIDENCE INTEGRITY FAILURE'))).toBe(true);

    const { EvidenceService } = await import('../src/evidence/evidence.service');
    const result = await t.app.get(EvidenceService).checkIntegrity();
    expect(result.failed).toEqual([(added.body as { id: string }).id]);
    const custody = await http()
      .get(`/api/v1/evidence/${(added.body as { id: string }).id}/custody`)
      .set(verifier.auth);
    expect((custody.body.items as { action: string }[]).map((e) => e.action)).toEqual([
      'added',
      'integrity_failed',
      'integrity_failed',
    ]);
    await expect(t.dataSource.query('DELETE FROM evidence_custody')).rejects.toThrow(/append-only/);
  });
});
