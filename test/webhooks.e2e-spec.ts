import { Job } from 'bullmq';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import request, { Response } from 'supertest';
import { WEBHOOK_JOBS, WebhookJobName, WebhookJobPayloads } from '../src/queues/queues';
import { WebhookDeliveryDto, WebhookDto } from '../src/webhooks/dto/webhook.dto';
import { WebhookSender } from '../src/webhooks/webhook-sender';
import { WebhooksProcessor } from '../src/webhooks/webhooks.processor';
import { createTestApp, TestApp } from './helpers/app';
import { latestEvent, quiet, replayEvent, settled } from './helpers/events';
import { expectError } from './helpers/errors';
import { fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';
import { AuditService } from '../src/audit/audit.service';
import { FieldCipher, SealedEnvelope } from '../src/crypto/field-cipher';
import { SealedColumnRotation } from '../src/crypto/sealed-column-rotation';
import { WEBHOOK_SECRETS } from '../src/webhooks/webhook-secrets-column';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '7d9f4b8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

/** A real HTTP receiver on 127.0.0.1; each path answers its planned statuses, then 200. */
class Receiver {
  readonly requests: Received[] = [];
  private readonly plans = new Map<string, number[]>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      this.requests.push({
        path,
        method: req.method ?? '',
        headers: req.headers,
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      const status = this.plans.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'try again');
    });
  });
  private port = 0;

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  plan(path: string, statuses: number[]): void {
    this.plans.set(path, [...statuses]);
  }

  at(path: string, eventId?: string): Received[] {
    return this.requests.filter(
      (item) =>
        item.path === path && (eventId === undefined || item.headers['x-event-id'] === eventId),
    );
  }
}

const signatureOf = (secret: string, raw: string): string =>
  `sha256=${createHmac('sha256', secret).update(raw, 'utf8').digest('hex')}`;

describe('webhooks', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let verifier: Caller;
  const receiver = new Receiver();
  /** Every secret handed to the API, and every response body it sent back. */
  const secrets: string[] = [];
  const answers: string[] = [];
  const http = () => request(t.app.getHttpServer());
  const seen = (response: Response): Response => {
    answers.push(response.text);
    return response;
  };

  beforeAll(async () => {
    await receiver.start();
    t = await createTestApp({ WEBHOOK_RETRY_DELAY: 'PT0.1S', WEBHOOK_TIMEOUT: 'PT5S' });
    admin = await signIn(t, 'admin');
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  let counter = 0;
  async function createWebhook(
    path: string,
    events: string[],
  ): Promise<{ webhook: WebhookDto; secret: string }> {
    counter += 1;
    const secret = `whsec-${counter}-${Math.random().toString(36).slice(2)}-s3cr3t`;
    secrets.push(secret);
    const response = seen(
      await http()
        .post('/api/v1/webhooks')
        .set(admin.auth)
        .send({ url: receiver.url(path), events, secret }),
    );
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID),
      url: receiver.url(path),
      events,
      active: true,
      createdAt: expect.stringMatching(ISO),
      createdBy: admin.user.id,
    });
    return { webhook: response.body as WebhookDto, secret };
  }

  async function deliveriesOf(id: string): Promise<WebhookDeliveryDto[]> {
    const response = seen(await http().get(`/api/v1/webhooks/${id}/deliveries`).set(admin.auth));
    expect(response.status).toBe(200);
    return (response.body as { items: WebhookDeliveryDto[] }).items;
  }

  /** A monitor's incident with a confidential source, submitted: one incident.transitioned. */
  async function submitted(
    title: string,
  ): Promise<{ id: string; reference: string; eventId: string }> {
    const incident = await fileIncident(t, monitor, { title });
    const source = await http()
      .post(`/api/v1/incidents/${incident.id}/sources`)
      .set(monitor.auth)
      .send({
        kind: 'informant',
        name: 'Quillfeather Kestrel Network',
        url: 'https://kestrel-informants.example.org/dossier',
        reliability: 'B',
        credibility: 2,
        confidential: true,
        contact: 'kestrel-handler@example.org',
        notes: 'Met the Kestrel handler at the Tumen crossing',
      });
    expect(source.status).toBe(201);
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(monitor.auth)
      .send({ action: 'submit', version: 1 });
    expect(response.status).toBe(200);
    const eventId = await latestEvent(t, incident.id, 'incident.transitioned');
    return { id: incident.id, reference: incident.reference, eventId };
  }

  it('POSTs a signed event without confidential source data to a subscribed webhook', async () => {
    const { webhook, secret } = await createWebhook('/signed', ['incident.transitioned']);
    const incident = await submitted('Signed delivery');

    const [received] = await waitFor(
      'the signed POST',
      () => Promise.resolve(receiver.at('/signed', incident.eventId)),
      (items) => items.length > 0,
    );
    expect(received.method).toBe('POST');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['user-agent']).toBe('sanctions-tracker-webhooks');
    expect(received.headers['x-event-id']).toBe(incident.eventId);
    expect(received.headers['x-webhook-id']).toBe(webhook.id);
    expect(received.headers['x-delivery-attempt']).toBe('1');
    const signature = String(received.headers['x-signature']);
    const expected = signatureOf(secret, received.raw);
    expect(signature).toBe(expected);
    expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
    // A signature made with another secret does not match: the HMAC is keyed by this one.
    expect(signatureOf(`${secret}x`, received.raw)).not.toBe(signature);

    expect(JSON.parse(received.raw)).toEqual({
      id: incident.eventId,
      type: 'incident.transitioned',
      occurredAt: expect.stringMatching(ISO),
      data: {
        incidentId: incident.id,
        action: 'submit',
        from: 'intake',
        to: 'in_verification',
        version: 2,
        incident: { id: incident.id, reference: incident.reference, status: 'in_verification' },
      },
    });
    const everything = received.raw + JSON.stringify(received.headers);
    for (const confidential of ['Quillfeather', 'Kestrel', 'kestrel', 'Tumen', secret]) {
      expect(everything).not.toContain(confidential);
    }

    // Only the subscribed type: the incident.created event before it went nowhere.
    await settled(t, await latestEvent(t, incident.id, 'incident.created'));
    await settled(t, incident.eventId);
    const delivered = await waitFor(
      'the delivery to be recorded',
      () => deliveriesOf(webhook.id),
      (items) => items.some((item) => item.status === 'delivered'),
    );
    expect(delivered).toEqual([
      {
        id: expect.stringMatching(UUID),
        webhookId: webhook.id,
        eventId: incident.eventId,
        eventType: 'incident.transitioned',
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        createdAt: expect.stringMatching(ISO),
        lastAttemptAt: expect.stringMatching(ISO),
        deliveredAt: expect.stringMatching(ISO),
      },
    ]);
    expect(receiver.at('/signed')).toHaveLength(1);
  });

  it('retries with backoff until the receiver accepts: 3 POSTs, one delivery, attempts 3', async () => {
    receiver.plan('/flaky', [500, 500]);
    const { webhook, secret } = await createWebhook('/flaky', ['incident.transitioned']);
    const incident = await submitted('Flaky receiver');

    const [delivery] = await waitFor(
      'the delivery to succeed',
      () => deliveriesOf(webhook.id),
      (items) => items[0]?.status === 'delivered',
    );
    expect(delivery).toEqual({
      id: expect.stringMatching(UUID),
      webhookId: webhook.id,
      eventId: incident.eventId,
      eventType: 'incident.transitioned',
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
      createdAt: expect.stringMatching(ISO),
      lastAttemptAt: expect.stringMatching(ISO),
      deliveredAt: expect.stringMatching(ISO),
    });
    const posts = receiver.at('/flaky');
    expect(posts).toHaveLength(3);
    expect(posts.map((post) => post.headers['x-event-id'])).toEqual([
      incident.eventId,
      incident.eventId,
      incident.eventId,
    ]);
    expect(posts.map((post) => post.headers['x-delivery-attempt'])).toEqual(['1', '2', '3']);
    // The same event each time: identical bytes, each correctly signed.
    expect(new Set(posts.map((post) => post.raw)).size).toBe(1);
    for (const post of posts) {
      expect(post.headers['x-signature']).toBe(signatureOf(secret, post.raw));
    }
    // The failed attempts were logged without the secret or the body.
    const warnings = t.logLines.filter((line) => line.includes('webhook delivery failed'));
    expect(warnings).toHaveLength(2);
    for (const line of warnings) {
      expect(JSON.parse(line)).toEqual(
        expect.objectContaining({
          deliveryId: delivery.id,
          webhookId: webhook.id,
          eventId: incident.eventId,
          statusCode: 500,
          err: 'HTTP 500',
        }),
      );
      expect(line).not.toContain(secret);
      expect(line).not.toContain('in_verification');
    }
  });

  it('marks a delivery failed after its last attempt, with a short reason', async () => {
    receiver.plan(
      '/down',
      Array.from({ length: 8 }, () => 503),
    );
    const { webhook } = await createWebhook('/down', ['incident.transitioned']);
    const incident = await submitted('Receiver down');
    // 0.1 s doubling over 7 retries is about 13 s with jitter: let the whole schedule run.
    const [delivery] = await waitFor(
      'the delivery to fail for good',
      () => deliveriesOf(webhook.id),
      (items) => items[0]?.status === 'failed',
      40_000,
    );
    expect(delivery).toEqual(
      expect.objectContaining({
        eventId: incident.eventId,
        status: 'failed',
        attempts: 8,
        lastStatusCode: 503,
        lastError: 'HTTP 503',
        deliveredAt: null,
      }),
    );
    expect(receiver.at('/down')).toHaveLength(8);

    // The receiver is back (its plan is spent: it answers 200); an admin retries the failed
    // job from the queue API, and the delivery goes out once more and is delivered.
    const retried = await http()
      .post(`/api/v1/admin/queues/webhooks/jobs/${delivery.id}/retry`)
      .set(admin.auth);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: delivery.id, queue: 'webhooks' });
    const [redelivered] = await waitFor(
      'the retried delivery',
      () => deliveriesOf(webhook.id),
      (items) => items[0]?.status === 'delivered',
    );
    expect(redelivered).toEqual(
      expect.objectContaining({ id: delivery.id, status: 'delivered', lastStatusCode: 200 }),
    );
    expect(receiver.at('/down')).toHaveLength(9);
  }, 60_000);

  it('records a refused connection as a generic failure class and keeps retrying', async () => {
    // A port that was just free: nothing listens there.
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as { port: number };
    closed.close();
    await once(closed, 'close');
    const secret = 'unreachable-receiver-secret';
    secrets.push(secret);
    const created = seen(
      await http()
        .post('/api/v1/webhooks')
        .set(admin.auth)
        .send({
          url: `http://127.0.0.1:${port}/nobody`,
          events: ['incident.transitioned'],
          secret,
        }),
    );
    expect(created.status).toBe(201);
    const webhook = created.body as WebhookDto;
    const incident = await submitted('Unreachable receiver');
    const [delivery] = await waitFor(
      'a failed attempt',
      () => deliveriesOf(webhook.id),
      (items) => (items[0]?.attempts ?? 0) >= 2,
    );
    expect(delivery).toEqual(
      expect.objectContaining({
        eventId: incident.eventId,
        status: 'pending',
        lastStatusCode: null,
        lastError: 'connection failed',
        deliveredAt: null,
      }),
    );
    const removed = await http().delete(`/api/v1/webhooks/${webhook.id}`).set(admin.auth);
    expect(removed.status).toBe(204);
    const [row] = await t.dataSource.query<{ status: string; last_error: string }[]>(
      'SELECT status, last_error FROM webhook_deliveries WHERE id = $1',
      [delivery.id],
    );
    expect(row).toEqual({ status: 'failed', last_error: 'webhook deleted' });
  });

  it('sends a webhook nothing of the event types it did not subscribe to', async () => {
    const { webhook: onlyAssigned } = await createWebhook('/assigned-only', ['incident.assigned']);
    const { webhook: control } = await createWebhook('/control', ['incident.transitioned']);
    const incident = await submitted('Unsubscribed types');
    await settled(t, await latestEvent(t, incident.id, 'incident.created'));
    await settled(t, incident.eventId);
    // The control webhook got the transition, so its fan-out has long happened.
    await waitFor(
      'the control delivery',
      () => deliveriesOf(control.id),
      (items) => items[0]?.status === 'delivered',
    );
    expect(receiver.at('/assigned-only')).toEqual([]);
    expect(await deliveriesOf(onlyAssigned.id)).toEqual([]);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1',
      [onlyAssigned.id],
    );
    expect(n).toBe(0);

    // Its own type does arrive.
    const assigned = await http()
      .post(`/api/v1/incidents/${incident.id}/assign`)
      .set(verifier.auth)
      .send({ assigneeId: verifier.user.id, version: 2 });
    expect(assigned.status).toBe(200);
    const assignEvent = await latestEvent(t, incident.id, 'incident.assigned');
    const [post] = await waitFor(
      'the assignment POST',
      () => Promise.resolve(receiver.at('/assigned-only')),
      (items) => items.length > 0,
    );
    expect(post.headers['x-event-id']).toBe(assignEvent);
    expect(JSON.parse(post.raw)).toEqual(
      expect.objectContaining({
        type: 'incident.assigned',
        data: expect.objectContaining({ assigneeId: verifier.user.id }),
      }),
    );
  });

  it('a replayed domain-event job or delivery job creates no second delivery and no second POST', async () => {
    const { webhook } = await createWebhook('/replay', ['incident.transitioned']);
    const incident = await submitted('Replayed event');
    const eventId = incident.eventId;
    await settled(t, eventId);
    const [delivery] = await waitFor(
      'the first delivery',
      () => deliveriesOf(webhook.id),
      (items) => items[0]?.status === 'delivered',
    );

    // The relay re-enqueues the event after its job left Redis, then the handler runs twice.
    await replayEvent(t, eventId, 'incident.transitioned');
    // And the delivery job itself run again.
    const deliverJob = {
      name: WEBHOOK_JOBS.deliver,
      data: { deliveryId: delivery.id },
      attemptsMade: 0,
      opts: { attempts: 8 },
    } as unknown as Job<WebhookJobPayloads[WebhookJobName], unknown, WebhookJobName>;
    await expect(t.app.get(WebhooksProcessor).process(deliverJob)).resolves.toBe('delivered');

    const rows = await t.dataSource.query<{ id: string; status: string; attempts: number }[]>(
      'SELECT id, status, attempts FROM webhook_deliveries WHERE event_id = $1 AND webhook_id = $2',
      [eventId, webhook.id],
    );
    expect(rows).toEqual([{ id: delivery.id, status: 'delivered', attempts: 1 }]);
    // A wrongly enqueued job would have run by the time the queues are quiet.
    await quiet(t);
    expect(receiver.at('/replay')).toHaveLength(1);
    expect(await deliveriesOf(webhook.id)).toEqual([delivery]);
  });

  it('DELETE stops deliveries, closes pending ones, keeps the history and erases the secret', async () => {
    const { webhook } = await createWebhook('/deleted', ['incident.transitioned']);
    const first = await submitted('Before delete');
    await waitFor(
      'the delivery before the delete',
      () => deliveriesOf(webhook.id),
      (items) => items[0]?.status === 'delivered',
    );
    // A delivery still pending when the webhook goes (as if its job were waiting to retry).
    const other = await submitted('Pending at delete');
    await waitFor(
      'the second delivery',
      () => deliveriesOf(webhook.id),
      (items) => items.length === 2 && items.every((item) => item.status === 'delivered'),
    );
    await t.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'pending', delivered_at = NULL
        WHERE webhook_id = $1 AND event_id = $2`,
      [webhook.id, other.eventId],
    );

    const removed = seen(await http().delete(`/api/v1/webhooks/${webhook.id}`).set(admin.auth));
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expectError(seen(await http().get(`/api/v1/webhooks/${webhook.id}`).set(admin.auth)), 404);
    expectError(seen(await http().delete(`/api/v1/webhooks/${webhook.id}`).set(admin.auth)), 404);
    expectError(
      seen(await http().get(`/api/v1/webhooks/${webhook.id}/deliveries`).set(admin.auth)),
      404,
      /webhook not found/i,
    );

    const [row] = await t.dataSource.query<
      { active: boolean; deleted: boolean; secret_sealed: unknown }[]
    >(
      'SELECT active, deleted_at IS NOT NULL AS deleted, secret_sealed FROM webhooks WHERE id = $1',
      [webhook.id],
    );
    expect(row).toEqual({ active: false, deleted: true, secret_sealed: null });
    const history = await t.dataSource.query<
      { event_id: string; status: string; last_error: string | null }[]
    >(
      'SELECT event_id, status, last_error FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at',
      [webhook.id],
    );
    expect(history).toEqual([
      { event_id: first.eventId, status: 'delivered', last_error: null },
      { event_id: other.eventId, status: 'failed', last_error: 'webhook deleted' },
    ]);

    // A job of a deleted webhook finds nothing to send, even for a row still pending.
    await t.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'pending' WHERE webhook_id = $1 AND event_id = $2`,
      [webhook.id, other.eventId],
    );
    const [pending] = await t.dataSource.query<{ id: string }[]>(
      'SELECT id FROM webhook_deliveries WHERE webhook_id = $1 AND event_id = $2',
      [webhook.id, other.eventId],
    );
    await expect(t.app.get(WebhookSender).deliver(pending.id, false)).resolves.toBe('failed');
    const [closed] = await t.dataSource.query<{ status: string; last_error: string }[]>(
      'SELECT status, last_error FROM webhook_deliveries WHERE id = $1',
      [pending.id],
    );
    expect(closed).toEqual({ status: 'failed', last_error: 'webhook deleted' });

    // Later events reach it no more.
    const after = await submitted('After delete');
    await settled(t, after.eventId);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 AND event_id = $2',
      [webhook.id, after.eventId],
    );
    expect(n).toBe(0);
    expect(receiver.at('/deleted').map((post) => post.headers['x-event-id'])).toEqual([
      first.eventId,
      other.eventId,
    ]);

    const audit = await t.dataSource.query<{ action: string; actor_id: string; data: unknown }[]>(
      `SELECT action, actor_id, data FROM audit_events WHERE entity_type = 'webhook' AND entity_id = $1
        ORDER BY seq`,
      [webhook.id],
    );
    expect(audit).toEqual([
      {
        action: 'webhook.created',
        actor_id: admin.user.id,
        data: { url: receiver.url('/deleted'), events: ['incident.transitioned'] },
      },
      { action: 'webhook.deleted', actor_id: admin.user.id, data: {} },
    ]);
  });

  it('keeps a webhook URL in the audit log without its query string', async () => {
    const url = `${receiver.url('/tokened')}?token=receiver-token-0123456789`;
    const created = await http()
      .post('/api/v1/webhooks')
      .set(admin.auth)
      .send({ url, events: ['incident.created'], secret: 'a-webhook-secret-0123' });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(url);
    const [event] = await t.dataSource.query<{ data: { url: string } }[]>(
      `SELECT data FROM audit_events WHERE action = 'webhook.created' AND entity_id = $1`,
      [created.body.id],
    );
    expect(event.data.url).toBe(receiver.url('/tokened'));
    const removed = await http().delete(`/api/v1/webhooks/${created.body.id}`).set(admin.auth);
    expect(removed.status).toBe(204);
  });

  it('rotate-key re-seals the signing secrets, which still sign after the old key is gone', async () => {
    const { webhook, secret } = await createWebhook('/rotated', ['incident.transitioned']);
    const newKey = 'the-next-data-encryption-key-0123456789abcdef';
    const next = new FieldCipher(newKey, t.config.dataEncryptionKey);
    const rotation = new SealedColumnRotation(t.dataSource, next, t.app.get(AuditService));
    const report = await rotation.rotate(WEBHOOK_SECRETS, 2);
    expect(report).toMatchObject({ keyVersion: next.currentVersion, unreadable: [] });
    expect(report.reEncrypted).toBeGreaterThan(0);
    expect((await rotation.rotate(WEBHOOK_SECRETS, 2)).reEncrypted).toBe(0);

    const [row] = await t.dataSource.query<{ secret_sealed: SealedEnvelope }[]>(
      'SELECT secret_sealed FROM webhooks WHERE id = $1',
      [webhook.id],
    );
    expect(row.secret_sealed.v).toBe(next.currentVersion);
    // Only the new key is needed now.
    expect(new FieldCipher(newKey).open(row.secret_sealed, webhook.id)).toBe(secret);
    const events = await t.dataSource.query<{ data: { webhookIds: string[] } }[]>(
      `SELECT data FROM audit_events WHERE action = 'webhook.key_rotated'`,
    );
    const rotated = events.flatMap((event) => event.data.webhookIds);
    expect(rotated).toContain(webhook.id);
    expect(rotated).toHaveLength(report.reEncrypted);
    expect(JSON.stringify(events)).not.toContain(secret);

    // Back to the key this app runs with, for the tests that follow.
    const back = new SealedColumnRotation(
      t.dataSource,
      new FieldCipher(t.config.dataEncryptionKey, newKey),
      t.app.get(AuditService),
    );
    expect((await back.rotate(WEBHOOK_SECRETS)).unreadable).toEqual([]);
  });

  describe('routes', () => {
    let existing: WebhookDto;
    const valid = () => ({
      url: 'https://hooks.example.org/sanctions',
      events: ['incident.created'],
      secret: 'a-secret-of-sixteen+',
    });

    beforeAll(async () => {
      // Types no test here emits, so its delivery log holds only what a test puts there.
      existing = (await createWebhook('/routes', ['incident.updated', 'reminder.due'])).webhook;
    });

    it('gets one webhook and lists them newest first with keyset pagination', async () => {
      const one = seen(await http().get(`/api/v1/webhooks/${existing.id}`).set(admin.auth));
      expect(one.status).toBe(200);
      expect(one.body).toEqual(existing);

      const expected = await t.dataSource.query<{ id: string }[]>(
        'SELECT id FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC',
      );
      expect(expected.length).toBeGreaterThan(3);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page = seen(
          await http()
            .get('/api/v1/webhooks')
            .query(cursor ? { limit: 2, cursor } : { limit: 2 })
            .set(admin.auth),
        );
        expect(page.status).toBe(200);
        const body = page.body as { items: WebhookDto[]; nextCursor: string | null };
        expect(body.items.length).toBeLessThanOrEqual(2);
        for (const item of body.items) {
          expect(Object.keys(item).sort()).toEqual(
            ['active', 'createdAt', 'createdBy', 'events', 'id', 'url'].sort(),
          );
        }
        walked.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(expected.map((row) => row.id));
      expect(walked[0]).toBe(existing.id);

      const deliveries = seen(
        await http().get(`/api/v1/webhooks/${existing.id}/deliveries?limit=1`).set(admin.auth),
      );
      expect(deliveries.status).toBe(200);
      expect(deliveries.body).toEqual({ items: [], nextCursor: null });
    });

    it('paginates the delivery log newest first', async () => {
      const incident = await fileIncident(t, monitor, { title: 'Delivery log' });
      // Three deliveries a second apart, oldest first, straight into the table.
      await t.dataSource.query(
        `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, sent_at)
         SELECT 'incident.updated', 'incident', $1, '{}', now() FROM generate_series(1, 3)`,
        [incident.id],
      );
      const ids = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, status, created_at)
         SELECT $1, e.id, e.type, 'failed', now() - (4 - row_number() OVER (ORDER BY e.id)) * interval '1 second'
           FROM outbox_events e WHERE e.aggregate_id = $2 AND e.type = 'incident.updated'
         RETURNING id, created_at`,
        [existing.id, incident.id],
      );
      const newestFirst = (
        await t.dataSource.query<{ id: string }[]>(
          'SELECT id FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC',
          [existing.id],
        )
      ).map((row) => row.id);
      expect(newestFirst).toHaveLength(ids.length);
      const first = seen(
        await http().get(`/api/v1/webhooks/${existing.id}/deliveries?limit=2`).set(admin.auth),
      );
      expect(first.status).toBe(200);
      const page1 = first.body as { items: WebhookDeliveryDto[]; nextCursor: string };
      expect(page1.items.map((item) => item.id)).toEqual(newestFirst.slice(0, 2));
      expect(page1.nextCursor).toEqual(expect.any(String));
      const second = seen(
        await http()
          .get(`/api/v1/webhooks/${existing.id}/deliveries`)
          .query({ limit: 2, cursor: page1.nextCursor })
          .set(admin.auth),
      );
      expect(second.status).toBe(200);
      expect(second.body).toEqual({
        items: [
          expect.objectContaining({ id: newestFirst[2], webhookId: existing.id, status: 'failed' }),
        ],
        nextCursor: null,
      });
      expectError(
        await http().get(`/api/v1/webhooks/${existing.id}/deliveries?cursor=abc`).set(admin.auth),
        400,
        /cursor/,
      );
    });

    it('answers 401 without a token on every route', async () => {
      expectError(await http().post('/api/v1/webhooks').send(valid()), 401);
      expectError(await http().get('/api/v1/webhooks'), 401);
      expectError(await http().get(`/api/v1/webhooks/${existing.id}`), 401);
      expectError(await http().delete(`/api/v1/webhooks/${existing.id}`), 401);
      expectError(await http().get(`/api/v1/webhooks/${existing.id}/deliveries`), 401);
    });

    it('answers 403 to monitors, verifiers and writers on every route, and changes nothing', async () => {
      const writer = await signIn(t, 'writer');
      const before = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM webhooks WHERE deleted_at IS NULL',
      );
      for (const caller of [monitor, verifier, writer]) {
        const secret = 'forbidden-secret-0123456789';
        secrets.push(secret);
        expectError(
          seen(
            await http()
              .post('/api/v1/webhooks')
              .set(caller.auth)
              .send({ ...valid(), secret }),
          ),
          403,
        );
        expectError(seen(await http().get('/api/v1/webhooks').set(caller.auth)), 403);
        expectError(
          seen(await http().get(`/api/v1/webhooks/${existing.id}`).set(caller.auth)),
          403,
        );
        expectError(
          seen(await http().delete(`/api/v1/webhooks/${existing.id}`).set(caller.auth)),
          403,
        );
        expectError(
          seen(await http().get(`/api/v1/webhooks/${existing.id}/deliveries`).set(caller.auth)),
          403,
        );
      }
      const after = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM webhooks WHERE deleted_at IS NULL',
      );
      expect(after).toEqual(before);
    });

    it.each([
      ['url not a URL', { url: 'not a url' }, 'url'],
      ['url relative', { url: '/hooks/sanctions' }, 'url'],
      ['url of another protocol', { url: 'ftp://hooks.example.org/x' }, 'url'],
      ['url without protocol', { url: 'hooks.example.org/x' }, 'url'],
      ['url with credentials', { url: 'https://user:pw@hooks.example.org/x' }, 'url'],
      ['url missing', { url: undefined }, 'url'],
      ['events empty', { events: [] }, 'events'],
      ['events unknown', { events: ['incident.deleted'] }, 'events'],
      ['events not an array', { events: 'incident.created' }, 'events'],
      ['events repeated', { events: ['incident.created', 'incident.created'] }, 'events'],
      ['secret too short', { secret: 'fifteen-chars!!' }, 'secret'],
      ['secret too long', { secret: 'x'.repeat(201) }, 'secret'],
      ['secret not a string', { secret: 1234567890123456 }, 'secret'],
      ['secret missing', { secret: undefined }, 'secret'],
      ['an unknown field', { active: false }, 'active'],
    ])('answers 400 for %s', async (_name, change, field) => {
      const body = { ...valid(), ...change };
      secrets.push(body.secret as string);
      const response = seen(await http().post('/api/v1/webhooks').set(admin.auth).send(body));
      const error = expectError(response, 400, /validation failed/i);
      expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('accepts the boundary lengths of the secret and every known event type', async () => {
      for (const secret of ['s'.repeat(16), 's'.repeat(200)]) {
        secrets.push(secret);
        const response = seen(
          await http()
            .post('/api/v1/webhooks')
            .set(admin.auth)
            .send({
              url: 'http://receiver.internal:8080/hook?channel=ops',
              events: [
                'incident.created',
                'incident.updated',
                'incident.assigned',
                'incident.transitioned',
                'reminder.due',
              ],
              secret,
            }),
        );
        expect(response.status).toBe(201);
        expect(response.body).toEqual(
          expect.objectContaining({
            url: 'http://receiver.internal:8080/hook?channel=ops',
            active: true,
          }),
        );
        expect((response.body as WebhookDto).events).toHaveLength(5);
        const removed = await http()
          .delete(`/api/v1/webhooks/${(response.body as WebhookDto).id}`)
          .set(admin.auth);
        expect(removed.status).toBe(204);
      }
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      for (const path of [
        `/api/v1/webhooks/${UNKNOWN_ID}`,
        `/api/v1/webhooks/${UNKNOWN_ID}/deliveries`,
      ]) {
        expectError(seen(await http().get(path).set(admin.auth)), 404, /webhook not found/i);
      }
      expectError(
        seen(await http().delete(`/api/v1/webhooks/${UNKNOWN_ID}`).set(admin.auth)),
        404,
        /webhook not found/i,
      );
      for (const path of [
        '/api/v1/webhooks/not-a-uuid',
        '/api/v1/webhooks/not-a-uuid/deliveries',
      ]) {
        expectError(seen(await http().get(path).set(admin.auth)), 400, /id must be a UUID/);
      }
      expectError(
        seen(await http().delete('/api/v1/webhooks/123').set(admin.auth)),
        400,
        /id must be a UUID/,
      );
      expectError(seen(await http().get('/api/v1/webhooks?limit=101').set(admin.auth)), 400);
      expectError(seen(await http().get('/api/v1/webhooks?cursor=abc').set(admin.auth)), 400);
    });

    it('stores secrets encrypted and never shows them in a response or a log line', async () => {
      expect(secrets.length).toBeGreaterThan(10);
      expect(answers.length).toBeGreaterThan(20);
      const rows = await t.dataSource.query<{ id: string; secret_sealed: unknown }[]>(
        'SELECT id, secret_sealed FROM webhooks',
      );
      const stored = JSON.stringify(rows);
      const logs = t.logLines.join('\n');
      expect(t.logLines.length).toBeGreaterThan(0);
      for (const secret of secrets.filter(
        (value) => typeof value === 'string' && value.length >= 16,
      )) {
        for (const answer of answers) expect(answer).not.toContain(secret);
        expect(logs).not.toContain(secret);
        expect(stored).not.toContain(secret);
      }
      for (const row of rows.filter((item) => item.secret_sealed !== null)) {
        expect(row.secret_sealed).toEqual({
          v: expect.any(String),
          iv: expect.any(String),
          tag: expect.any(String),
          ct: expect.any(String),
        });
      }
    });
  });
});
