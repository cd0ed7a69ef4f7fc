import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import request from 'supertest';
import { CommentDto } from '../src/comments/dto/comment.dto';
import { ExportDto } from '../src/exports/dto/export.dto';
import { NotificationsService } from '../src/notifications/notifications.service';
import { WEBHOOK_EVENT_TYPES } from '../src/outbox/outbox';
import { createTestApp, TestApp } from './helpers/app';
import { expectError, expectFieldErrors } from './helpers/errors';
import { latestEvent, quiet, replayEvent, settled } from './helpers/events';
import { fileIncident, forceStatus } from './helpers/incidents';
import { Caller, createUser, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNKNOWN_ID = '7d9f4b8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

interface Page {
  items: CommentDto[];
  nextCursor: string | null;
}

interface NotificationRow {
  user_id: string;
  type: string;
  incident_id: string;
  reference: string;
  title: string;
  body: string;
  event_id: string;
}

/** A real HTTP receiver on 127.0.0.1 that keeps every body it is sent. */
class Receiver {
  readonly bodies: string[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end('ok');
    });
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hook`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

describe('comments (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());

  const comment = (caller: Caller, incidentId: string, body: Record<string, unknown>) =>
    http().post(`/api/v1/incidents/${incidentId}/comments`).set(caller.auth).send(body);
  const remove = (caller: Caller, id: string) =>
    http().delete(`/api/v1/comments/${id}`).set(caller.auth);

  /** Every comment of the incident, page by page, as `caller` reads them. */
  async function walk(caller: Caller, incidentId: string, limit: number): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null | undefined;
    do {
      const response = await http()
        .get(`/api/v1/incidents/${incidentId}/comments`)
        .query(cursor ? { limit, cursor } : { limit })
        .set(caller.auth);
      expect(response.status).toBe(200);
      const page = response.body as Page;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    return pages;
  }

  const mentionsOf = (userId: string): Promise<NotificationRow[]> =>
    t.dataSource.query<NotificationRow[]>(
      `SELECT user_id, type, incident_id, reference, title, body, event_id FROM notifications
        WHERE user_id = $1 AND type = 'mention' ORDER BY created_at, id`,
      [userId],
    );

  const commentCount = async (incidentId: string): Promise<number> => {
    const [row] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM comments WHERE incident_id = $1',
      [incidentId],
    );
    return row.n;
  };

  beforeAll(async () => {
    t = await createTestApp();
    [monitor, verifier, writer, admin] = await Promise.all([
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
      signIn(t, 'writer'),
      signIn(t, 'admin'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('every staff role writes and reads the discussion, oldest first, page by page', async () => {
    const incident = await fileIncident(t, monitor, { title: 'Discussed incident' });
    const written: CommentDto[] = [];
    for (const [i, caller] of [monitor, verifier, writer, admin, monitor].entries()) {
      const response = await comment(caller, incident.id, { body: `Remark ${i}` });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        incidentId: incident.id,
        authorId: caller.user.id,
        body: `Remark ${i}`,
        mentions: [],
        createdAt: expect.stringMatching(ISO),
        deletedAt: null,
      });
      written.push(response.body as CommentDto);
    }

    for (const reader of [monitor, verifier, writer, admin]) {
      const pages = await walk(reader, incident.id, 2);
      expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
      expect(pages[2].nextCursor).toBeNull();
      expect(pages.flatMap((page) => page.items)).toEqual(written);
    }

    const whole = await http().get(`/api/v1/incidents/${incident.id}/comments`).set(writer.auth);
    expect(whole.status).toBe(200);
    expect(whole.body).toEqual({ items: written, nextCursor: null });

    const other = await fileIncident(t, monitor, { title: 'Quiet incident' });
    const none = await http().get(`/api/v1/incidents/${other.id}/comments`).set(verifier.auth);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('the author deletes their comment: a tombstone keeps its place; deleting it again is 409', async () => {
    const incident = await fileIncident(t, monitor);
    const ids: string[] = [];
    for (const body of ['First', 'Second, with a mistake', 'Third']) {
      const response = await comment(verifier, incident.id, {
        body,
        mentions: body === 'Third' ? [] : [writer.user.id],
      });
      expect(response.status).toBe(201);
      ids.push((response.body as CommentDto).id);
    }

    const deleted = await remove(verifier, ids[1]);
    expect(deleted.status).toBe(200);
    const tombstone = {
      id: ids[1],
      incidentId: incident.id,
      authorId: verifier.user.id,
      body: null,
      mentions: [],
      createdAt: expect.stringMatching(ISO),
      deletedAt: expect.stringMatching(ISO),
    };
    expect(deleted.body).toEqual(tombstone);

    const pages = await walk(monitor, incident.id, 1);
    const items = pages.flatMap((page) => page.items);
    expect(items.map((item) => item.id)).toEqual(ids);
    expect(items[1]).toEqual(tombstone);
    expect(items[0]).toMatchObject({ body: 'First', deletedAt: null });
    expect(items[2]).toMatchObject({ body: 'Third', deletedAt: null });
    const [row] = await t.dataSource.query<{ body: string | null; mentions: string[] }[]>(
      'SELECT body, mentions FROM comments WHERE id = $1',
      [ids[1]],
    );
    expect(row).toEqual({ body: null, mentions: [] });

    const again = await remove(verifier, ids[1]);
    const error = expectError(again, 409, /deleted already/);
    expect(error.code).toBe('wrong_state');
  });

  it('refuses to delete another user’s comment (403), admins included, and changes nothing', async () => {
    const incident = await fileIncident(t, monitor);
    const created = await comment(writer, incident.id, { body: 'Mine to take back' });
    expect(created.status).toBe(201);
    const id = (created.body as CommentDto).id;

    for (const other of [monitor, verifier, admin]) {
      const response = await remove(other, id);
      const error = expectError(response, 403, 'Only its author may delete a comment');
      expect(error.code).toBe('forbidden_role');
    }
    const list = await http().get(`/api/v1/incidents/${incident.id}/comments`).set(admin.auth);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [created.body], nextCursor: null });
  });

  it('answers 401 without a token, 404 for an unknown incident or comment, 400 for a malformed id', async () => {
    const incident = await fileIncident(t, monitor);
    const created = await comment(monitor, incident.id, { body: 'Staff only' });
    expect(created.status).toBe(201);
    const id = (created.body as CommentDto).id;

    expectError(await http().get(`/api/v1/incidents/${incident.id}/comments`), 401);
    expectError(
      await http().post(`/api/v1/incidents/${incident.id}/comments`).send({ body: 'Anonymous' }),
      401,
    );
    expectError(await http().delete(`/api/v1/comments/${id}`), 401);
    // No public route serves them.
    expectError(await http().get(`/api/v1/public/incidents/${incident.reference}/comments`), 404);

    expectError(
      await http().get(`/api/v1/incidents/${UNKNOWN_ID}/comments`).set(monitor.auth),
      404,
      'Incident not found',
    );
    expectError(await comment(monitor, UNKNOWN_ID, { body: 'Nowhere' }), 404, 'Incident not found');
    expectError(await remove(monitor, UNKNOWN_ID), 404, 'Comment not found');
    expectError(
      await http().get('/api/v1/incidents/not-a-uuid/comments').set(monitor.auth),
      400,
      /id must be a UUID/,
    );
    expectError(await remove(monitor, 'not-a-uuid'), 400, /id must be a UUID/);
    expectError(
      await http().get(`/api/v1/incidents/${incident.id}/comments?limit=101`).set(monitor.auth),
      400,
    );
    expectError(
      await http().get(`/api/v1/incidents/${incident.id}/comments?cursor=abc`).set(monitor.auth),
      400,
      'cursor is not valid',
    );
    expect(await commentCount(incident.id)).toBe(1);
  });

  it('refuses an empty, blank or too long body and bad mentions, naming the bad ids, storing nothing', async () => {
    const incident = await fileIncident(t, monitor);
    const inactive = await createUser(t, ['writer']);
    await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [inactive.id]);

    expectFieldErrors(await comment(monitor, incident.id, { body: '' }), ['body']);
    expectFieldErrors(await comment(monitor, incident.id, { body: ' \n\t ' }), ['body']);
    expectFieldErrors(await comment(monitor, incident.id, {}), ['body']);
    expectFieldErrors(await comment(monitor, incident.id, { body: null }), ['body']);
    expectFieldErrors(await comment(monitor, incident.id, { body: 'x'.repeat(10_001) }), ['body']);
    expectFieldErrors(await comment(monitor, incident.id, { body: 'Hi', mentions: null }), [
      'mentions',
    ]);
    expectFieldErrors(await comment(monitor, incident.id, { body: 'Hi', mentions: 'someone' }), [
      'mentions',
    ]);
    expectFieldErrors(
      await comment(monitor, incident.id, { body: 'Hi', mentions: ['not-a-uuid'] }),
      ['mentions'],
    );
    expectFieldErrors(
      await comment(monitor, incident.id, {
        body: 'Hi',
        mentions: Array.from({ length: 21 }, () => randomUUID()),
      }),
      ['mentions'],
    );
    expectError(await comment(monitor, incident.id, { body: 'Hi', author: verifier.user.id }), 400);

    const unknown = await comment(monitor, incident.id, {
      body: 'Hi',
      mentions: [writer.user.id, UNKNOWN_ID, inactive.id],
    });
    const error = expectError(unknown, 400, `Not an active user: ${UNKNOWN_ID}, ${inactive.id}`);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([
      {
        field: 'mentions',
        errors: [`${UNKNOWN_ID} is not an active user`, `${inactive.id} is not an active user`],
      },
    ]);
    expect(await commentCount(incident.id)).toBe(0);

    const longest = await comment(monitor, incident.id, { body: 'y'.repeat(10_000) });
    expect(longest.status).toBe(201);
    expect((longest.body as CommentDto).body).toHaveLength(10_000);
    expect(await commentCount(incident.id)).toBe(1);
  });

  it('tells each mentioned user once, in-app, naming the incident and author but not the text', async () => {
    const [named, alsoNamed] = await Promise.all([signIn(t, 'writer'), signIn(t, 'admin')]);
    const incident = await fileIncident(t, monitor, { title: 'Mentioned incident' });
    const text = 'Writer, the dates in the second report disagree with the first one.';
    const created = await comment(verifier, incident.id, {
      body: text,
      // Repeats count once; the author's own name tells nobody.
      mentions: [named.user.id, named.user.id.toUpperCase(), verifier.user.id, alsoNamed.user.id],
    });
    expect(created.status).toBe(201);
    const body = created.body as CommentDto;
    expect(body.mentions).toEqual([named.user.id, verifier.user.id, alsoNamed.user.id]);

    const eventId = await latestEvent(t, body.id, 'comment.mentioned');
    await settled(t, eventId);
    const expected = (userId: string): NotificationRow => ({
      user_id: userId,
      type: 'mention',
      incident_id: incident.id,
      reference: incident.reference,
      title: `${incident.reference}: ${verifier.user.displayName} mentioned you`,
      body: `${verifier.user.displayName} mentioned you in a comment on "Mentioned incident".`,
      event_id: eventId,
    });
    expect(await mentionsOf(named.user.id)).toEqual([expected(named.user.id)]);
    expect(await mentionsOf(alsoNamed.user.id)).toEqual([expected(alsoNamed.user.id)]);
    // Neither the author nor the incident's creator, who were not named (or named themselves).
    for (const other of [verifier, monitor]) {
      const rows = await mentionsOf(other.user.id);
      expect(rows.filter((row) => row.incident_id === incident.id)).toEqual([]);
    }

    const listed = await http().get('/api/v1/notifications').set(named.auth);
    expect(listed.status).toBe(200);
    const items = (listed.body as { items: Record<string, unknown>[] }).items;
    expect(items).toContainEqual({
      id: expect.any(String),
      type: 'mention',
      incidentId: incident.id,
      reference: incident.reference,
      title: `${incident.reference}: ${verifier.user.displayName} mentioned you`,
      body: `${verifier.user.displayName} mentioned you in a comment on "Mentioned incident".`,
      createdAt: expect.stringMatching(ISO),
      readAt: null,
    });
    expect(JSON.stringify(items)).not.toContain('second report');

    // Replayed as a crash could: still one notification each.
    await replayEvent(t, eventId, 'comment.mentioned');
    expect(await mentionsOf(named.user.id)).toEqual([expected(named.user.id)]);
    expect(await mentionsOf(alsoNamed.user.id)).toEqual([expected(alsoNamed.user.id)]);
  });

  it('a comment naming only its author writes no event and notifies nobody', async () => {
    const author = await signIn(t, 'writer');
    const incident = await fileIncident(t, monitor);
    const created = await comment(author, incident.id, {
      body: 'A note to self',
      mentions: [author.user.id],
    });
    expect(created.status).toBe(201);
    expect((created.body as CommentDto).mentions).toEqual([author.user.id]);
    const events = await t.dataSource.query<unknown[]>(
      'SELECT id FROM outbox_events WHERE aggregate_id = $1',
      [(created.body as CommentDto).id],
    );
    expect(events).toEqual([]);
    await quiet(t);
    expect(await mentionsOf(author.user.id)).toEqual([]);
  });

  it('a comment deleted before its notification is handled notifies nobody', async () => {
    const mentioned = await signIn(t, 'monitor');
    const incident = await fileIncident(t, monitor);
    const created = await comment(verifier, incident.id, {
      body: 'Named the wrong person',
      mentions: [mentioned.user.id],
    });
    expect(created.status).toBe(201);
    const id = (created.body as CommentDto).id;
    const eventId = await latestEvent(t, id, 'comment.mentioned');
    await settled(t, eventId);
    expect(await mentionsOf(mentioned.user.id)).toHaveLength(1);

    // As if the job ran only now: the notification not yet written, the comment deleted.
    await t.dataSource.query('DELETE FROM notifications WHERE event_id = $1', [eventId]);
    expect((await remove(verifier, id)).status).toBe(200);
    await expect(t.app.get(NotificationsService).notifyMention(eventId)).resolves.toBe(0);
    expect(await mentionsOf(mentioned.user.id)).toEqual([]);
  });

  it('audits creation and deletion by ids, never the text', async () => {
    const incident = await fileIncident(t, monitor);
    const text = 'Audit must not keep this sentence';
    const created = await comment(monitor, incident.id, {
      body: text,
      mentions: [verifier.user.id],
    });
    expect(created.status).toBe(201);
    const id = (created.body as CommentDto).id;
    expect((await remove(monitor, id)).status).toBe(200);

    const response = await http()
      .get('/api/v1/audit')
      .query({ entityType: 'comment', entityId: id })
      .set(admin.auth);
    expect(response.status).toBe(200);
    const events = (response.body as { items: Record<string, unknown>[] }).items;
    expect(events).toEqual([
      expect.objectContaining({
        actorId: monitor.user.id,
        action: 'comment.deleted',
        entityType: 'comment',
        entityId: id,
        data: { incidentId: incident.id },
      }),
      expect.objectContaining({
        actorId: monitor.user.id,
        action: 'comment.created',
        entityType: 'comment',
        entityId: id,
        data: { incidentId: incident.id, mentions: [verifier.user.id] },
      }),
    ]);
    const [{ found }] = await t.dataSource.query<{ found: number }[]>(
      `SELECT count(*)::int AS found FROM audit_events WHERE data::text LIKE '%' || $1 || '%'`,
      [text],
    );
    expect(found).toBe(0);
  });

  it('never shows comments in the public API, the history, exports, webhooks or logs', async () => {
    const receiver = new Receiver();
    const url = await receiver.start();
    try {
      const refused = await http()
        .post('/api/v1/webhooks')
        .set(admin.auth)
        .send({ url, events: ['comment.mentioned'], secret: 'a webhook signing secret' });
      expectFieldErrors(refused, ['events']);
      const hook = await http()
        .post('/api/v1/webhooks')
        .set(admin.auth)
        .send({ url, events: WEBHOOK_EVENT_TYPES, secret: 'a webhook signing secret' });
      expect(hook.status).toBe(201);

      const incident = await fileIncident(t, monitor, { title: 'Published after discussion' });
      const secret = 'Xylophage route through Hyesan, said the driver';
      const created = await comment(verifier, incident.id, {
        body: secret,
        mentions: [writer.user.id],
      });
      expect(created.status).toBe(201);
      const commentId = (created.body as CommentDto).id;
      await settled(t, await latestEvent(t, commentId, 'comment.mentioned'));
      const edited = await http()
        .patch(`/api/v1/incidents/${incident.id}`)
        .set(monitor.auth)
        .send({ title: 'Published after the discussion', version: incident.version });
      expect(edited.status).toBe(200);
      await forceStatus(t, incident.id, 'published');
      await t.dataSource.query(
        `UPDATE incidents SET published_at = now(), confidence = 'likely' WHERE id = $1`,
        [incident.id],
      );
      await quiet(t);

      // Webhooks: the incident's events went out, nothing of the comment did.
      expect(receiver.bodies.filter((raw) => raw.includes(incident.id)).length).toBeGreaterThan(0);
      for (const raw of receiver.bodies) {
        expect(raw).not.toContain('Xylophage');
        expect(raw).not.toContain(commentId);
      }
      const deliveries = await t.dataSource.query<unknown[]>(
        `SELECT 1 FROM webhook_deliveries WHERE event_type LIKE 'comment.%'`,
      );
      expect(deliveries).toEqual([]);

      // The public API, by reference and by a word of the comment.
      const shown = await http().get(`/api/v1/public/incidents/${incident.reference}`);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ reference: incident.reference });
      expect(JSON.stringify(shown.body)).not.toContain('Xylophage');
      expect(JSON.stringify(shown.body)).not.toContain(commentId);
      const searched = await http().get('/api/v1/public/incidents').query({ q: 'Xylophage' });
      expect(searched.status).toBe(200);
      expect(searched.body).toEqual({ items: [], nextCursor: null });

      // The incident's history (comments are not part of it).
      const history = await http()
        .get(`/api/v1/incidents/${incident.id}/history`)
        .set(verifier.auth);
      expect(history.status).toBe(200);
      expect(JSON.stringify(history.body)).not.toContain('Xylophage');

      // An internal JSON export: the incident is in it, its discussion is not.
      const requested = await http()
        .post('/api/v1/exports')
        .set(verifier.auth)
        .send({ format: 'json', scope: 'internal' });
      expect(requested.status).toBe(202);
      const exportId = (requested.body as { id: string }).id;
      const done = await waitFor(
        'the export',
        async () =>
          (await http().get(`/api/v1/exports/${exportId}`).set(verifier.auth)).body as ExportDto,
        (body) => body.status === 'completed' || body.status === 'failed',
      );
      expect(done.status).toBe('completed');
      const file = await http()
        .get(`/api/v1/exports/${exportId}/download`)
        .set(verifier.auth)
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        });
      expect(file.status).toBe(200);
      const exported = (file.body as Buffer).toString('utf8');
      expect(exported).toContain(incident.reference);
      expect(exported).not.toContain('Xylophage');
      expect(exported).not.toContain(commentId);

      // Nor a log line.
      expect(t.logLines.join('\n')).not.toContain('Xylophage');
    } finally {
      await receiver.stop();
    }
  });
});
