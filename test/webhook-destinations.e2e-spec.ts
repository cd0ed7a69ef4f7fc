import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, Server } from 'node:http';
import { createServer as createTcpServer, Server as TcpServer } from 'node:net';
import request from 'supertest';
import { WebhookDeliveryDto } from '../src/webhooks/dto/webhook.dto';
import { FieldCipher } from '../src/crypto/field-cipher';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

async function listening<T extends Server | TcpServer>(server: T): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

async function stop(server: Server | TcpServer): Promise<void> {
  server.close();
  if ('closeAllConnections' in server) server.closeAllConnections();
  await once(server, 'close');
}

/** Sets up the staff a delivery needs and submits an incident, which emits a transition. */
async function submitOne(t: TestApp, monitor: Caller): Promise<void> {
  const http = () => request(t.app.getHttpServer());
  const incident = await fileIncident(t, monitor);
  const source = await http()
    .post(`/api/v1/incidents/${incident.id}/sources`)
    .set(monitor.auth)
    .send({
      kind: 'media',
      name: 'Daily NK',
      reliability: 'B',
      credibility: 2,
      confidential: false,
    });
  expect(source.status).toBe(201);
  const submitted = await http()
    .post(`/api/v1/incidents/${incident.id}/transitions`)
    .set(monitor.auth)
    .send({ action: 'submit', version: incident.version });
  expect(submitted.status).toBe(200);
}

/** A webhook row as it would be after its name resolved elsewhere at creation (DNS rebinding). */
async function insertWebhook(t: TestApp, url: string, createdBy: string): Promise<string> {
  const id = randomUUID();
  const sealed = t.app.get(FieldCipher).seal('a webhook signing secret', id);
  await t.dataSource.query(
    `INSERT INTO webhooks (id, url, events, secret_sealed, created_by)
     VALUES ($1, $2, ARRAY['incident.transitioned'], $3, $4)`,
    [id, url, JSON.stringify(sealed), createdBy],
  );
  return id;
}

async function firstAttempt(
  t: TestApp,
  admin: Caller,
  webhookId: string,
): Promise<WebhookDeliveryDto> {
  const [delivery] = await waitFor(
    'a recorded attempt',
    async () => {
      const response = await request(t.app.getHttpServer())
        .get(`/api/v1/webhooks/${webhookId}/deliveries`)
        .set(admin.auth);
      expect(response.status).toBe(200);
      return (response.body as { items: WebhookDeliveryDto[] }).items;
    },
    (items) => items.length > 0 && items[0].attempts >= 1 && items[0].lastError !== null,
    8_000,
  );
  return delivery;
}

describe('webhook destinations on internal addresses are refused (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_RETRY_DELAY: 'PT10S' });
    [admin, monitor] = await Promise.all([signIn(t, 'admin'), signIn(t, 'monitor')]);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    'http://127.0.0.1:6379/',
    'http://localhost:5432/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.9/hook',
    'http://192.168.1.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/hook',
    'http://0.0.0.0:8080/hook',
    'http://224.0.0.251/hook',
    'http://[::1]:3000/hook',
    'http://[fe80::1]/hook',
    'http://[fd12:3456::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
  ])('creating one for %s is 400, and nothing is stored or audited', async (url) => {
    const response = await http()
      .post('/api/v1/webhooks')
      .set(admin.auth)
      .send({ url, events: ['incident.transitioned'], secret: 'a webhook signing secret' });
    const body = expectError(
      response,
      400,
      'url must not point at a loopback, private, link-local or multicast address',
    );
    expect(body.details).toEqual([{ field: 'url', errors: [body.message] }]);
    const rows = await t.dataSource.query<unknown[]>(
      `SELECT 1 FROM webhooks WHERE url = $1 UNION ALL SELECT 1 FROM audit_events WHERE action = 'webhook.created'`,
      [url],
    );
    expect(rows).toEqual([]);
  });

  it('a host name that does not resolve is 400', async () => {
    const response = await http()
      .post('/api/v1/webhooks')
      .set(admin.auth)
      .send({
        url: 'http://no-such-host.invalid/hook',
        events: ['incident.transitioned'],
        secret: 'a webhook signing secret',
      });
    const body = expectError(response, 400, 'url names a host that does not resolve');
    expect(body.details).toEqual([{ field: 'url', errors: [body.message] }]);
  });

  it('a public address is accepted (no request is sent until an event)', async () => {
    const response = await http()
      .post('/api/v1/webhooks')
      .set(admin.auth)
      .send({
        url: 'https://203.0.113.10/hook',
        events: ['incident.assigned'],
        secret: 'a webhook signing secret',
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ url: 'https://203.0.113.10/hook', active: true });
    // Nothing is ever sent there: the subscription is removed before any event.
    const removed = await http()
      .delete(`/api/v1/webhooks/${(response.body as { id: string }).id}`)
      .set(admin.auth);
    expect(removed.status).toBe(204);
  });

  it('at delivery, a name that now resolves to loopback is refused before connecting', async () => {
    let hits = 0;
    const receiver = createHttpServer((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    const port = await listening(receiver);
    try {
      const webhookId = await insertWebhook(t, `http://localhost:${port}/hook`, admin.user.id);
      await submitOne(t, monitor);
      const delivery = await firstAttempt(t, admin, webhookId);
      expect(delivery).toMatchObject({
        status: 'pending',
        lastStatusCode: null,
        lastError: 'destination refused',
      });
      expect(hits).toBe(0);
    } finally {
      await stop(receiver);
    }
  });
});

describe('the delivery log does not map the network (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_RETRY_DELAY: 'PT10S' });
    [admin, monitor] = await Promise.all([signIn(t, 'admin'), signIn(t, 'monitor')]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a closed port and a port that does not speak HTTP read alike: "connection failed"', async () => {
    const closed = createTcpServer();
    const closedPort = await listening(closed);
    await stop(closed);

    // Answers like an SSH daemon. Its sockets are tracked so the test can close them even
    // while a retry of the service is connecting.
    const sockets = new Set<import('node:net').Socket>();
    const garbage = createTcpServer((socket) => {
      sockets.add(socket);
      socket.end('SSH-2.0-OpenSSH_9.2\r\n');
    });

    const garbagePort = await listening(garbage);
    try {
      const closedHook = await insertWebhook(t, `http://127.0.0.1:${closedPort}/`, admin.user.id);
      const garbageHook = await insertWebhook(t, `http://127.0.0.1:${garbagePort}/`, admin.user.id);
      await submitOne(t, monitor);
      const [toClosed, toGarbage] = await Promise.all([
        firstAttempt(t, admin, closedHook),
        firstAttempt(t, admin, garbageHook),
      ]);
      expect(toClosed).toMatchObject({ lastError: 'connection failed', lastStatusCode: null });
      expect(toGarbage).toMatchObject({ lastError: 'connection failed', lastStatusCode: null });
      const logged = t.logLines.filter((line) => line.includes('webhook delivery failed'));
      expect(logged.length).toBeGreaterThanOrEqual(2);
      expect(logged.join('\n')).not.toMatch(/ECONNREFUSED|HPE_|ECONNRESET/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await stop(garbage);
    }
  });
});
