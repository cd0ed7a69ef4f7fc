import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { QUEUES } from '../src/queues/queues';
import { createTestApp, TestApp } from './helpers/app';
import { REDIS_URL } from './helpers/databases';
import { quiet } from './helpers/events';
import { expectError } from './helpers/errors';
import { addSource, fileIncident } from './helpers/incidents';
import { freePort, PrivateRedis, Started, startProcess } from './helpers/processes';
import { Caller, PASSWORD, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

interface Received {
  eventId: string;
  type: string;
  signatureValid: boolean;
}

/** A webhook receiver on localhost that answers 200 and keeps what it got. */
async function startReceiver(
  secret: string,
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      const parsed = JSON.parse(body.toString('utf8')) as { type: string };
      received.push({
        eventId: String(req.headers['x-event-id']),
        type: parsed.type,
        signatureValid: req.headers['x-signature'] === expected,
      });
      res.writeHead(200).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hook`, received };
}

describe('faults: Redis gone while incidents are submitted', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  let otherVerifier: Caller;
  let admin: Caller;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = 'fault-test-webhook-secret-0123456789';
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    t = await createTestApp({
      REDIS_URL: redis.url,
      INTAKE_STALE_AFTER: 'P1D',
      VERIFICATION_DUE_AFTER: 'PT2S',
      PUBLICATION_DUE_AFTER: 'P1D',
      REMINDER_SWEEP_EVERY: 'PT0.2S',
    });
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
    otherVerifier = await signIn(t, 'verifier');
    admin = await signIn(t, 'admin');
    receiver = await startReceiver(secret);
  });
  afterAll(async () => {
    receiver?.server.close();
    try {
      await redis.start();
      await t?.close();
    } finally {
      await redis.stop();
    }
  });

  it('sends every reminder while Redis is down, and each reminder event once when it returns', async () => {
    const hook = await http()
      .post('/api/v1/webhooks')
      .set(admin.auth)
      .send({ url: receiver.url, events: ['reminder.due'], secret });
    expect(hook.status).toBe(201);
    expect(hook.body).toMatchObject({ url: receiver.url, events: ['reminder.due'] });

    const incidents: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const incident = await fileIncident(t, monitor, { title: `Submitted in the outage ${i}` });
      await addSource(t, incident.id, monitor.user.id);
      incidents.push(incident.id);
    }

    await redis.stop();
    for (const id of incidents) {
      const submit = await http()
        .post(`/api/v1/incidents/${id}/transitions`)
        .set(monitor.auth)
        .send({ action: 'submit', version: 1 });
      expect(submit.status).toBe(200);
      expect(submit.body).toMatchObject({ id, status: 'in_verification' });
    }

    // Sign-in needs its counters in Redis: it fails closed, and says a dependency is down.
    const signIn503 = await http()
      .post('/api/v1/auth/login')
      .send({ email: monitor.user.email, password: PASSWORD });
    expect(expectError(signIn503, 503, /temporarily unavailable/).code).toBe('dependency_down');

    // In-app reminders need only the database: both verifiers get one per incident, now.
    const reminded = () =>
      t.dataSource.query<{ incident_id: string; user_id: string }[]>(
        `SELECT incident_id, user_id FROM notifications
          WHERE type = 'reminder.verification_due' AND incident_id = ANY($1)
          ORDER BY incident_id, user_id`,
        [incidents],
      );
    await waitFor('reminders during the outage', reminded, (rows) => rows.length === 8);
    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ details: { database: 'up', redis: 'down' } });
    expect(receiver.received).toEqual([]);

    // Redis returns empty (no persistence): the outbox still holds every event.
    await redis.start();
    const reminderIds = (
      await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM reminders WHERE incident_id = ANY($1) AND type = 'reminder.verification_due'`,
        [incidents],
      )
    ).map((row) => row.id);
    expect(reminderIds).toHaveLength(4);
    await waitFor(
      'each reminder event at the webhook',
      async () => receiver.received.filter((entry) => reminderIds.includes(entry.eventId)).length,
      (count) => count >= 4,
      45_000,
    );
    // Only once nothing more is on its way may the count prove there was no duplicate.
    await quiet(t);

    const forReminders = receiver.received.filter((entry) => reminderIds.includes(entry.eventId));
    expect(forReminders.map((entry) => entry.eventId).sort()).toEqual([...reminderIds].sort());
    expect(
      forReminders.every((entry) => entry.type === 'reminder.due' && entry.signatureValid),
    ).toBe(true);
    const rows = await reminded();
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((row) => `${row.incident_id}:${row.user_id}`)).size).toBe(8);
    expect([...new Set(rows.map((row) => row.user_id))].sort()).toEqual(
      [verifier.user.id, otherVerifier.user.id].sort(),
    );
  }, 120_000);
});

describe('faults: a worker killed mid-job', () => {
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  const workers: Started[] = [];
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    // The API alone: relaying and processing happen in the worker processes started below.
    t = await createTestApp({ APP_ROLE: 'api' });
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
  });
  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
    }
    await t?.close();
  });

  const startWorker = (): Started => {
    const worker = startProcess('src/worker.ts', {
      APP_ROLE: 'worker',
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: t.config.redisPrefix,
      STORAGE_DIR: t.config.storageDir,
      JWT_SECRET: t.config.jwtSecret,
      DATA_ENCRYPTION_KEY: t.config.dataEncryptionKey,
      WORKER_LOCK_DURATION: 'PT2S',
    });
    workers.push(worker);
    return worker;
  };

  it('hands the job to another worker, which completes it without a duplicate notification', async () => {
    const incident = await fileIncident(t, monitor, { title: 'Killed mid-job' });
    await addSource(t, incident.id, monitor.user.id);
    for (const [caller, body, status] of [
      [monitor, { action: 'submit', version: 1 }, 'in_verification'],
      [verifier, { action: 'request_changes', version: 2, note: 'Which port?' }, 'intake'],
    ] as const) {
      const response = await http()
        .post(`/api/v1/incidents/${incident.id}/transitions`)
        .set(caller.auth)
        .send(body);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: incident.id, status, version: body.version + 1 });
    }
    const [event] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outbox_events WHERE aggregate_id = $1 AND payload->>'action' = 'request_changes'`,
      [incident.id],
    );

    // Hold the notification's unique key in an open transaction: the job's insert waits on it.
    const blocker = new Client({ connectionString: t.config.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO notifications (user_id, type, title, event_id) VALUES ($1, 'transition', 'blocker', $2)`,
      [monitor.user.id, event.id],
    );

    const first = startWorker();
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.domainEvents));
    await waitFor(
      'the first worker to be stuck in the job',
      async () => {
        const job = await Job.fromId(queue, event.id);
        const [waiting] = await t.dataSource.query<{ count: string }[]>(
          `SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return { state: job ? await job.getState() : 'missing', waiting: Number(waiting.count) };
      },
      (value) => value.state === 'active' && value.waiting > 0,
      60_000,
    );

    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.signal()).toBe('SIGKILL');
    await blocker.query('ROLLBACK');
    await blocker.end();

    const second = startWorker();
    const done = await waitFor(
      'another worker to complete the job',
      async () => {
        const job = await Job.fromId(queue, event.id);
        return {
          state: job ? await job.getState() : 'missing',
          value: job?.returnvalue as unknown,
        };
      },
      (value) => value.state === 'completed' || value.state === 'failed',
      60_000,
    );
    expect(done.state).toBe('completed');

    const rows = await t.dataSource.query<{ user_id: string; type: string; title: string }[]>(
      'SELECT user_id, type, title FROM notifications WHERE event_id = $1',
      [event.id],
    );
    expect(rows).toEqual([
      {
        user_id: monitor.user.id,
        type: 'transition',
        title: `${incident.reference}: changes requested`,
      },
    ]);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);
});
