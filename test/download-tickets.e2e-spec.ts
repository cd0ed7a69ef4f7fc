import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { Response } from 'superagent';
import { CLOCK, Clock } from '../src/common/core.module';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

const PNG = readFileSync(join(__dirname, '..', 'demo', 'files', 'musan-mine-placeholder.png'));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const UNKNOWN = 'This download ticket is unknown, used or expired';

/** Collects a binary body whatever its content type. */
const raw = (res: Response, done: (error: Error | null, body: unknown) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('download tickets: browser downloads without a token in a URL (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let otherMonitor: Caller;
  let writer: Caller;
  let evidenceId: string;
  let textEvidenceId: string;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());

  const evidenceTicket = (caller: Caller, id = evidenceId): request.Test =>
    http().post(`/api/v1/evidence/${id}/download-ticket`).set(caller.auth).send();
  /** What a browser's form does: urlencoded, no Authorization header. */
  const redeemEvidence = (ticket: unknown, id = evidenceId): request.Test =>
    http()
      .post(`/api/v1/evidence/${id}/content`)
      .type('form')
      .send({ ticket: ticket as string })
      .buffer(true)
      .parse(raw);

  async function ticketFor(caller: Caller, id = evidenceId): Promise<string> {
    const response = await evidenceTicket(caller, id);
    expect(response.status).toBe(201);
    return (response.body as { ticket: string }).ticket;
  }

  beforeAll(async () => {
    t = await createTestApp();
    monitor = await signIn(t, 'monitor');
    otherMonitor = await signIn(t, 'monitor');
    writer = await signIn(t, 'writer');
    const incident = await fileIncident(t, monitor);
    const upload = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .field('kind', 'image')
      .field('description', 'Placeholder photo of the mine')
      .attach('file', PNG, { filename: 'mine.png', contentType: 'image/png' })
      .expect(201);
    evidenceId = (upload.body as { id: string }).id;
    const text = await http()
      .post(`/api/v1/incidents/${incident.id}/evidence`)
      .set(monitor.auth)
      .send({ kind: 'testimony', description: 'Account', text: 'What a worker said' })
      .expect(201);
    textEvidenceId = (text.body as { id: string }).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('evidence', () => {
    it('a ticket is random, short-lived and answered only to a signed-in caller', async () => {
      const response = await evidenceTicket(monitor);

      expect(response.status).toBe(201);
      const body = response.body as { ticket: string; expiresAt: string };
      expect(body.ticket).toMatch(/^[\w-]{43}$/);
      const lifetime = Date.parse(body.expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(50_000);
      expect(lifetime).toBeLessThanOrEqual(60_000);
      expect(response.headers['cache-control']).toBe('no-store');
      expectError(await http().post(`/api/v1/evidence/${evidenceId}/download-ticket`).send(), 401);
    });

    it('a form POST exchanges it for the file, recorded in custody and the audit log as the ticket holder', async () => {
      const ticket = await ticketFor(monitor);

      const response = await redeemEvidence(ticket);

      expect(response.status).toBe(200);
      const bytes = response.body as Buffer;
      expect(sha256(bytes)).toBe(sha256(PNG));
      expect(response.headers['content-disposition']).toBe('attachment; filename="mine.png"');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-content-sha256']).toBe(sha256(PNG));
      expect(response.headers['cache-control']).toBe('no-store');
      const custody = await t.dataSource.query<{ actor_id: string }[]>(
        `SELECT actor_id FROM evidence_custody WHERE evidence_id = $1 AND action = 'downloaded' ORDER BY id DESC LIMIT 1`,
        [evidenceId],
      );
      expect(custody).toEqual([{ actor_id: monitor.user.id }]);
      const audit = await t.dataSource.query<{ actor_id: string }[]>(
        `SELECT actor_id FROM audit_events WHERE action = 'evidence.downloaded' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
        [evidenceId],
      );
      expect(audit).toEqual([{ actor_id: monitor.user.id }]);
    });

    it('a ticket works once: the second POST is 404', async () => {
      const ticket = await ticketFor(monitor);
      expect(sha256((await redeemEvidence(ticket).expect(200)).body as Buffer)).toBe(sha256(PNG));

      const again = await http()
        .post(`/api/v1/evidence/${evidenceId}/content`)
        .type('form')
        .send({ ticket });

      expectError(again, 404, UNKNOWN);
    });

    it('two racing POSTs of one ticket: exactly one gets the file', async () => {
      const ticket = await ticketFor(monitor);

      const statuses = (await Promise.all([redeemEvidence(ticket), redeemEvidence(ticket)]))
        .map((response) => response.status)
        .sort();

      expect(statuses).toEqual([200, 404]);
    });

    it('a ticket expires after 60 seconds', async () => {
      const ticket = await ticketFor(monitor);
      const clock = t.app.get<Clock>(CLOCK);
      const now = Date.now();
      jest.spyOn(clock, 'now').mockReturnValue(now + 61_000);

      const response = await http()
        .post(`/api/v1/evidence/${evidenceId}/content`)
        .type('form')
        .send({ ticket });

      expectError(response, 404, UNKNOWN);
    });

    it('a ticket is bound to its file: on another item it is 404, and spent', async () => {
      const ticket = await ticketFor(monitor);

      const elsewhere = await http()
        .post(`/api/v1/evidence/${textEvidenceId}/content`)
        .type('form')
        .send({ ticket });

      expectError(elsewhere, 404, UNKNOWN);
      expectError(
        await http().post(`/api/v1/evidence/${evidenceId}/content`).type('form').send({ ticket }),
        404,
        UNKNOWN,
      );
    });

    it('a ticket is bound to its holder: it dies with the session that asked for it', async () => {
      const holder = await signIn(t, 'verifier');
      const ticket = await ticketFor(holder);
      await http()
        .post('/api/v1/auth/logout')
        .set(holder.auth)
        .send({ refreshToken: holder.refreshToken })
        .expect(204);

      const response = await http()
        .post(`/api/v1/evidence/${evidenceId}/content`)
        .type('form')
        .send({ ticket });

      expectError(response, 404, UNKNOWN);
    });

    it('is refused to a caller who may not download the item, and for an item without a file', async () => {
      const confidential = await fileIncident(t, monitor);
      const source = await http()
        .post(`/api/v1/incidents/${confidential.id}/sources`)
        .set(monitor.auth)
        .send({
          kind: 'informant',
          reliability: 'B',
          credibility: 2,
          confidential: true,
          name: 'Informant in Chongjin',
          contact: 'meet at dawn',
        })
        .expect(201);
      const hidden = await http()
        .post(`/api/v1/incidents/${confidential.id}/evidence`)
        .set(monitor.auth)
        .field('kind', 'image')
        .field('description', 'Photo from the informant')
        .field('sourceId', (source.body as { id: string }).id)
        .attach('file', PNG, { filename: 'informant.png', contentType: 'image/png' })
        .expect(201);

      expectError(await evidenceTicket(otherMonitor, (hidden.body as { id: string }).id), 404);
      expectError(
        await evidenceTicket(monitor, textEvidenceId),
        404,
        'This evidence item has no file',
      );
      expectError(await evidenceTicket(monitor, '00000000-0000-4000-8000-000000000000'), 404);
    });

    it('refuses a malformed or missing ticket without a trace of it in any log line', async () => {
      const ticket = await ticketFor(monitor);

      expectError(
        await http()
          .post(`/api/v1/evidence/${evidenceId}/content`)
          .type('form')
          .send({ ticket: 'not-a-ticket' }),
        404,
        UNKNOWN,
      );
      const missing = await http()
        .post(`/api/v1/evidence/${evidenceId}/content`)
        .type('form')
        .send({});
      expectError(missing, 400);
      expect(sha256((await redeemEvidence(ticket).expect(200)).body as Buffer)).toBe(sha256(PNG));
      expect(t.logLines.some((line) => line.includes(ticket))).toBe(false);
      // The ticket route and the download route carry no query string at all.
      const routes = t.logLines
        .map((line) => JSON.parse(line) as { route?: string })
        .map((entry) => entry.route ?? '');
      expect(routes.filter((route) => route.includes('?'))).toEqual([]);
    });

    it('a ticket in a query string is no way in: the GET route still needs the bearer token', async () => {
      const ticket = await ticketFor(monitor);

      const response = await http().get(`/api/v1/evidence/${evidenceId}/content?ticket=${ticket}`);

      expectError(response, 401);
    });
  });

  describe('exports', () => {
    async function completedExport(caller: Caller): Promise<{ id: string; sha256: string }> {
      const created = await http()
        .post('/api/v1/exports')
        .set(caller.auth)
        .send({ format: 'csv', scope: 'public' })
        .expect(202);
      const id = (created.body as { id: string }).id;
      const deadline = Date.now() + 20_000;
      for (;;) {
        const response = await http().get(`/api/v1/exports/${id}`).set(caller.auth).expect(200);
        const body = response.body as { status: string; sha256: string };
        if (body.status === 'completed') return { id, sha256: body.sha256 };
        if (body.status === 'failed' || Date.now() > deadline) {
          throw new Error(`export ${id} ended ${body.status}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    it('a ticket for a finished export is exchanged once by a form POST, audited as its holder', async () => {
      const done = await completedExport(writer);
      const ticket = await http()
        .post(`/api/v1/exports/${done.id}/download-ticket`)
        .set(writer.auth)
        .send()
        .expect(201);
      const value = (ticket.body as { ticket: string }).ticket;

      const response = await http()
        .post(`/api/v1/exports/${done.id}/download`)
        .type('form')
        .send({ ticket: value })
        .buffer(true)
        .parse(raw);

      expect(response.status).toBe(200);
      expect(sha256(response.body as Buffer)).toBe(done.sha256);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="export-/);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const audit = await t.dataSource.query<{ actor_id: string }[]>(
        `SELECT actor_id FROM audit_events WHERE action = 'export.downloaded' AND entity_id = $1`,
        [done.id],
      );
      expect(audit).toEqual([{ actor_id: writer.user.id }]);
      expectError(
        await http()
          .post(`/api/v1/exports/${done.id}/download`)
          .type('form')
          .send({ ticket: value }),
        404,
        UNKNOWN,
      );
    });

    it("another user's export gets no ticket (404), and an unfinished one 409", async () => {
      const done = await completedExport(writer);
      const otherWriter = await signIn(t, 'writer');
      const queued = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO exports (format, scope, status, created_by) VALUES ('csv', 'public', 'queued', $1) RETURNING id`,
        [writer.user.id],
      );

      expectError(
        await http()
          .post(`/api/v1/exports/${done.id}/download-ticket`)
          .set(otherWriter.auth)
          .send(),
        404,
      );
      const early = await http()
        .post(`/api/v1/exports/${queued[0].id}/download-ticket`)
        .set(writer.auth)
        .send();
      expectError(early, 409, 'The export is queued, not completed');
    });

    it('an evidence ticket does not open an export', async () => {
      const done = await completedExport(writer);
      const ticket = await ticketFor(monitor);

      const response = await http()
        .post(`/api/v1/exports/${done.id}/download`)
        .type('form')
        .send({ ticket });

      expectError(response, 404, UNKNOWN);
    });
  });
});
