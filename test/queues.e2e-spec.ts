import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DOMAIN_EVENT_JOB_OPTIONS, DomainEventJob, QUEUES } from '../src/queues/queues';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { addSource, fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('admin queue API', () => {
  let t: TestApp;
  let admin: Caller;
  let others: Caller[];
  let queue: Queue<DomainEventJob>;
  /** Domain-event jobs whose outbox event does not exist: they fail at once (unrecoverable). */
  const doomed = [randomUUID(), randomUUID()];
  const http = () => request(t.app.getHttpServer());
  const stateOf = async (jobId: string): Promise<string> =>
    (await queue.getJob(jobId))?.getState() ?? 'missing';

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    others = [await signIn(t, 'monitor'), await signIn(t, 'verifier'), await signIn(t, 'writer')];
    queue = t.app.get<Queue<DomainEventJob>>(getQueueToken(QUEUES.domainEvents));
    for (const eventId of doomed) {
      await queue.add(
        'incident.created',
        { eventId },
        { ...DOMAIN_EVENT_JOB_OPTIONS, jobId: eventId },
      );
      await waitFor(
        `job ${eventId} to fail`,
        () => stateOf(eventId),
        (s) => s === 'failed',
      );
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts the jobs of every queue, the failed ones included', async () => {
    const response = await http().get('/api/v1/admin/queues').set(admin.auth);
    expect(response.status).toBe(200);
    const body = response.body as { items: { name: string; paused: boolean; counts: object }[] };
    expect(body.items.map((item) => item.name)).toEqual(Object.values(QUEUES));
    const counts = {
      waiting: expect.any(Number),
      active: expect.any(Number),
      delayed: expect.any(Number),
      prioritized: expect.any(Number),
      waitingChildren: expect.any(Number),
      completed: expect.any(Number),
      failed: expect.any(Number),
    };
    for (const item of body.items) expect(item).toEqual({ name: item.name, paused: false, counts });
    expect(body.items.find((item) => item.name === QUEUES.domainEvents)).toEqual({
      name: QUEUES.domainEvents,
      paused: false,
      counts: { ...counts, waiting: 0, active: 0, delayed: 0, failed: 2 },
    });
  });

  it('lists failed jobs newest first, a page at a time, with ids only', async () => {
    const [older, newer] = doomed;
    const first = await http()
      .get(`/api/v1/admin/queues/${QUEUES.domainEvents}/failed?limit=1`)
      .set(admin.auth);
    expect(first.status).toBe(200);
    const firstBody = first.body as { items: unknown[]; nextCursor: string | null };
    expect(firstBody).toEqual({
      items: [
        {
          id: newer,
          name: 'incident.created',
          failedReason: `outbox event ${newer} does not exist`,
          attemptsMade: 1,
          timestamp: expect.stringMatching(ISO),
          finishedOn: expect.stringMatching(ISO),
          ids: { eventId: newer },
        },
      ],
      nextCursor: expect.any(String),
    });

    const second = await http()
      .get(`/api/v1/admin/queues/${QUEUES.domainEvents}/failed`)
      .query({ limit: 1, cursor: firstBody.nextCursor })
      .set(admin.auth);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ id: older, ids: { eventId: older } })],
      nextCursor: null,
    });

    const none = await http().get(`/api/v1/admin/queues/${QUEUES.exports}/failed`).set(admin.auth);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });

    expectError(
      await http()
        .get(`/api/v1/admin/queues/${QUEUES.domainEvents}/failed?cursor=bogus`)
        .set(admin.auth),
      400,
      /cursor/,
    );
    expectError(
      await http()
        .get(`/api/v1/admin/queues/${QUEUES.domainEvents}/failed?limit=101`)
        .set(admin.auth),
      400,
    );
    expectError(
      await http().get('/api/v1/admin/queues/no-such-queue/failed').set(admin.auth),
      404,
      'Queue not found',
    );
  });

  it('retries a failed job, which then runs again; the retry is audited', async () => {
    const [eventId] = doomed;
    // What it was missing now exists, so the retried run succeeds.
    await t.dataSource.query(
      `INSERT INTO outbox_events (id, type, aggregate_type, aggregate_id, sent_at)
       VALUES ($1, 'incident.created', 'incident', $2, now())`,
      [eventId, randomUUID()],
    );
    const response = await http()
      .post(`/api/v1/admin/queues/${QUEUES.domainEvents}/jobs/${eventId}/retry`)
      .set(admin.auth);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: eventId,
      name: 'incident.created',
      queue: QUEUES.domainEvents,
      state: expect.stringMatching(/^(waiting|active|completed)$/),
    });
    await waitFor(
      'the retried job to complete',
      () => stateOf(eventId),
      (s) => s === 'completed',
    );

    const failed = await http()
      .get(`/api/v1/admin/queues/${QUEUES.domainEvents}/failed`)
      .set(admin.auth);
    expect((failed.body as { items: { id: string }[] }).items.map((job) => job.id)).toEqual([
      doomed[1],
    ]);

    const audit = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT actor_id, entity_type, entity_id, data FROM audit_events
        WHERE action = 'queue.job_retried'`,
    );
    expect(audit).toEqual([
      {
        actor_id: admin.user.id,
        entity_type: 'queue_job',
        entity_id: eventId,
        data: { queue: QUEUES.domainEvents, jobId: eventId, jobName: 'incident.created' },
      },
    ]);

    // Completed now: not retryable.
    expectError(
      await http()
        .post(`/api/v1/admin/queues/${QUEUES.domainEvents}/jobs/${eventId}/retry`)
        .set(admin.auth),
      409,
      /completed/,
    );
  });

  it('answers 404 for an unknown queue or job, 400 or 414 for a malformed job id', async () => {
    expectError(
      await http()
        .post(`/api/v1/admin/queues/no-such-queue/jobs/${doomed[1]}/retry`)
        .set(admin.auth),
      404,
      'Queue not found',
    );
    expectError(
      await http()
        .post(`/api/v1/admin/queues/${QUEUES.domainEvents}/jobs/${randomUUID()}/retry`)
        .set(admin.auth),
      404,
      'Job not found',
    );
    const malformed = expectError(
      await http()
        .post(`/api/v1/admin/queues/${QUEUES.domainEvents}/jobs/bad!id/retry`)
        .set(admin.auth),
      400,
      'Validation failed',
    );
    expect(malformed.details).toEqual([
      { field: 'jobId', errors: ['jobId must be 1 to 200 letters, digits or ":._-"'] },
    ]);
    expectError(
      await http()
        .post(`/api/v1/admin/queues/${QUEUES.domainEvents}/jobs/a%20b/retry`)
        .set(admin.auth),
      400,
    );
    // Fastify refuses an overlong path parameter before any handler runs.
    expectError(
      await http()
        .post(`/api/v1/admin/queues/${QUEUES.domainEvents}/jobs/${'x'.repeat(201)}/retry`)
        .set(admin.auth),
      414,
    );
    // Nothing was retried by any of these.
    expect(await stateOf(doomed[1])).toBe('failed');
  });

  it('is for admins only', async () => {
    const routes = [
      () => http().get('/api/v1/admin/queues'),
      () => http().get(`/api/v1/admin/queues/${QUEUES.domainEvents}/failed`),
      () => http().post(`/api/v1/admin/queues/${QUEUES.domainEvents}/jobs/${doomed[1]}/retry`),
    ];
    for (const route of routes) {
      expectError(await route(), 401);
      for (const caller of others) expectError(await route().set(caller.auth), 403);
    }
    expect(await stateOf(doomed[1])).toBe('failed');
  });
});

describe('outbox relay: jobs only for events that need one', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let queue: Queue<DomainEventJob>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    monitor = await signIn(t, 'monitor');
    queue = t.app.get<Queue<DomainEventJob>>(getQueueToken(QUEUES.domainEvents));
  });
  afterAll(async () => {
    await t.close();
  });

  const sentEvent = async (incidentId: string, type: string): Promise<string> =>
    (
      await waitFor(
        `the ${type} event to be sent`,
        async () => {
          const [row] = await t.dataSource.query<{ id: string; sent: boolean }[]>(
            `SELECT id, sent_at IS NOT NULL AS sent FROM outbox_events
              WHERE aggregate_id = $1 AND type = $2`,
            [incidentId, type],
          );
          return row;
        },
        (row) => row?.sent === true,
      )
    ).id;

  it('marks an incident.created nobody subscribes to, naming no actor, as sent without a job', async () => {
    const incident = await fileIncident(t, monitor, { actors: [] });

    const eventId = await sentEvent(incident.id, 'incident.created');

    expect(await queue.getJob(eventId)).toBeUndefined();
  });

  it('enqueues an incident.created that names actors: they are to be screened', async () => {
    const incident = await fileIncident(t, monitor);
    expect(incident.actors).toHaveLength(1);

    const eventId = await sentEvent(incident.id, 'incident.created');

    const job = await queue.getJob(eventId);
    expect(job?.name).toBe('incident.created');
    expect(job?.data).toEqual({ eventId });
  });

  it('enqueues it once a webhook subscribes to incident.created, and a transition always', async () => {
    const created = await request(t.app.getHttpServer())
      .post('/api/v1/webhooks')
      .set(admin.auth)
      .send({
        url: 'http://127.0.0.1:9/hook',
        events: ['incident.created'],
        secret: 'a-webhook-secret-0123',
      });
    expect(created.status).toBe(201);
    expect(created.body.events).toEqual(['incident.created']);
    const incident = await fileIncident(t, monitor);

    const eventId = await sentEvent(incident.id, 'incident.created');

    const job = await queue.getJob(eventId);
    expect(job?.name).toBe('incident.created');
    expect(job?.data).toEqual({ eventId });

    await addSource(t, incident.id, monitor.user.id);
    const submitted = await request(t.app.getHttpServer())
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(monitor.auth)
      .send({ action: 'submit', version: incident.version });
    expect(submitted.status).toBe(200);
    const transition = await sentEvent(incident.id, 'incident.transitioned');
    expect((await queue.getJob(transition))?.name).toBe('incident.transitioned');
  });
});
