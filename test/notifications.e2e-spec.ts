import request from 'supertest';
import { NotificationDto } from '../src/notifications/dto/notification.dto';
import { createTestApp, TestApp } from './helpers/app';
import { latestEvent, quiet, replayEvent, settled } from './helpers/events';
import { expectError } from './helpers/errors';
import { addSource, fileIncident } from './helpers/incidents';
import { freePort, PrivateRedis } from './helpers/processes';
import { Caller, signIn } from './helpers/users';
import { waitFor } from './helpers/wait';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface NotificationRow {
  id: string;
  user_id: string;
  type: string;
  event_id: string | null;
  incident_id: string | null;
}

const notificationsOf = (t: TestApp, userId: string): Promise<NotificationRow[]> =>
  t.dataSource.query<NotificationRow[]>(
    'SELECT id, user_id, type, event_id, incident_id FROM notifications WHERE user_id = $1 ORDER BY created_at, id',
    [userId],
  );

const pendingEvents = async (t: TestApp): Promise<number> => {
  const [row] = await t.dataSource.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM outbox_events WHERE sent_at IS NULL',
  );
  return row.n;
};

describe('notifications', () => {
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
    admin = await signIn(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  /** An incident of the monitor's, submitted by them: in_verification, version 2. */
  async function submitted(title: string): Promise<{ id: string; reference: string }> {
    const incident = await fileIncident(t, monitor, { title });
    await addSource(t, incident.id, monitor.user.id);
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(monitor.auth)
      .send({ action: 'submit', version: 1 });
    expect(response.status).toBe(200);
    return { id: incident.id, reference: incident.reference };
  }

  it('tells the creator of a request for changes once, with the note, and not the verifier who made it, even when the event is replayed', async () => {
    const incident = await submitted('Transition notice');
    const submitEvent = await latestEvent(t, incident.id, 'incident.transitioned');
    const assigned = await http()
      .post(`/api/v1/incidents/${incident.id}/assign`)
      .set(verifier.auth)
      .send({ assigneeId: verifier.user.id, version: 2 });
    expect(assigned.status).toBe(200);
    const changes = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(verifier.auth)
      .send({ action: 'request_changes', note: 'Needs a second source', version: 3 });
    expect(changes.status).toBe(200);
    const eventId = await latestEvent(t, incident.id, 'incident.transitioned');
    const assignEvent = await latestEvent(t, incident.id, 'incident.assigned');
    await settled(t, submitEvent);
    await settled(t, assignEvent);
    await settled(t, eventId);

    // The creator's own submission told them nothing; the request for changes did.
    const forCreator = (await notificationsOf(t, monitor.user.id)).filter(
      (row) => row.incident_id === incident.id,
    );
    expect(forCreator).toEqual([
      {
        id: expect.any(String),
        user_id: monitor.user.id,
        type: 'transition',
        event_id: eventId,
        incident_id: incident.id,
      },
    ]);
    // The verifier heard of the submission, then acted twice themselves: nothing more.
    expect(
      (await notificationsOf(t, verifier.user.id))
        .filter((row) => row.incident_id === incident.id)
        .map((row) => row.event_id),
    ).toEqual([submitEvent]);

    const listed = await http().get('/api/v1/notifications').set(monitor.auth);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      items: [
        {
          id: forCreator[0].id,
          type: 'transition',
          incidentId: incident.id,
          reference: incident.reference,
          title: `${incident.reference}: changes requested`,
          body: [
            `${verifier.user.displayName} sent "Transition notice" back to you and asks for changes.`,
            '',
            'Note: Needs a second source',
            '',
            'Make the changes, then submit it again.',
          ].join('\n'),
          createdAt: expect.stringMatching(ISO),
          readAt: null,
        },
      ],
      nextCursor: null,
    });

    // The relay re-enqueues the event while its job is kept: BullMQ ignores the second add.
    await t.dataSource.query('UPDATE outbox_events SET sent_at = NULL WHERE id = $1', [eventId]);
    await settled(t, eventId);
    // The job gone from Redis and the handler run again, then twice by hand.
    await replayEvent(t, eventId, 'incident.transitioned');

    expect(
      (await notificationsOf(t, monitor.user.id)).filter((row) => row.incident_id === incident.id),
    ).toEqual(forCreator);
  });

  it('tells the creator of a rejection with its note, and neither the assignee nor the verifier who rejects', async () => {
    const otherVerifier = await signIn(t, 'verifier');
    const incident = await submitted('Two recipients');
    const assigned = await http()
      .post(`/api/v1/incidents/${incident.id}/assign`)
      .set(admin.auth)
      .send({ assigneeId: otherVerifier.user.id, version: 2 });
    expect(assigned.status).toBe(200);
    const rejected = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(verifier.auth)
      .send({ action: 'reject', note: 'Not a sanctions matter', version: 3 });
    expect(rejected.status).toBe(200);
    const eventId = await latestEvent(t, incident.id, 'incident.transitioned');
    await settled(t, eventId);

    const [creatorRows, assigneeRows, actorRows] = await Promise.all([
      notificationsOf(t, monitor.user.id),
      notificationsOf(t, otherVerifier.user.id),
      notificationsOf(t, verifier.user.id),
    ]);
    expect(creatorRows.filter((row) => row.event_id === eventId)).toEqual([
      expect.objectContaining({ type: 'transition', incident_id: incident.id }),
    ]);
    expect(assigneeRows.filter((row) => row.event_id === eventId)).toEqual([]);
    expect(actorRows.filter((row) => row.event_id === eventId)).toEqual([]);
    const [text] = await t.dataSource.query<{ title: string; body: string }[]>(
      'SELECT title, body FROM notifications WHERE event_id = $1',
      [eventId],
    );
    expect(text).toEqual({
      title: `${incident.reference} was rejected`,
      body: `${verifier.user.displayName} rejected "Two recipients".\n\nNote: Not a sanctions matter`,
    });
  });

  it('notifies a verifier assigned by someone else, and not one who assigned themselves', async () => {
    const assignee = await signIn(t, 'verifier');
    const incident = await submitted('Assignment notice');
    const submitEvent = await latestEvent(t, incident.id, 'incident.transitioned');
    const byAdmin = await http()
      .post(`/api/v1/incidents/${incident.id}/assign`)
      .set(admin.auth)
      .send({ assigneeId: assignee.user.id, version: 2 });
    expect(byAdmin.status).toBe(200);
    const eventId = await latestEvent(t, incident.id, 'incident.assigned');
    await settled(t, submitEvent);
    await settled(t, eventId);

    const response = await http().get('/api/v1/notifications').set(assignee.auth);
    expect(response.status).toBe(200);
    const body = response.body as { items: NotificationDto[] };
    // The two events are handled concurrently: their notifications may be written either way round.
    expect(
      body.items
        .filter((item) => item.incidentId === incident.id)
        .sort((a, b) => a.type.localeCompare(b.type)),
    ).toEqual([
      {
        id: expect.any(String),
        type: 'assignment',
        incidentId: incident.id,
        reference: incident.reference,
        title: `${incident.reference} was assigned to you`,
        body: [
          `${admin.user.displayName} assigned "Assignment notice" to you for verification.`,
          '',
          'Review its evidence, then verify it, reject it or ask for changes.',
        ].join('\n'),
        createdAt: expect.stringMatching(ISO),
        readAt: null,
      },
      {
        id: expect.any(String),
        type: 'transition',
        incidentId: incident.id,
        reference: incident.reference,
        title: `${incident.reference} was submitted for verification`,
        body: expect.stringContaining('submitted "Assignment notice" for verification'),
        createdAt: expect.stringMatching(ISO),
        readAt: null,
      },
    ]);

    const self = await signIn(t, 'verifier');
    const other = await submitted('Self assignment');
    const selfAssigned = await http()
      .post(`/api/v1/incidents/${other.id}/assign`)
      .set(self.auth)
      .send({ assigneeId: self.user.id, version: 2 });
    expect(selfAssigned.status).toBe(200);
    await settled(t, await latestEvent(t, other.id, 'incident.transitioned'));
    await settled(t, await latestEvent(t, other.id, 'incident.assigned'));
    expect(
      (await notificationsOf(t, self.user.id))
        .filter((row) => row.incident_id === other.id)
        .map((row) => row.type),
    ).toEqual(['transition']);
  });

  describe('routes', () => {
    let reader: Caller;
    let stranger: Caller;
    let ids: string[];

    beforeAll(async () => {
      reader = await signIn(t, 'writer');
      stranger = await signIn(t, 'monitor');
      const incident = await fileIncident(t, monitor, { title: 'Listing' });
      // Three notifications a second apart, oldest first, straight into the table.
      const rows = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO notifications (user_id, type, incident_id, reference, title, body, created_at)
         SELECT $1, 'transition', $2, $3, 'Title ' || n, 'Body', now() - (4 - n) * interval '1 second'
           FROM generate_series(1, 3) AS n
         RETURNING id`,
        [reader.user.id, incident.id, incident.reference],
      );
      ids = rows.map((row) => row.id);
    });

    it('lists newest first with keyset pagination, only the caller’s own', async () => {
      const first = await http().get('/api/v1/notifications?limit=2').set(reader.auth);
      expect(first.status).toBe(200);
      const page1 = first.body as { items: NotificationDto[]; nextCursor: string | null };
      expect(page1.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const second = await http()
        .get('/api/v1/notifications')
        .query({ limit: 2, cursor: page1.nextCursor })
        .set(reader.auth);
      expect(second.status).toBe(200);
      expect(second.body).toEqual({
        items: [expect.objectContaining({ id: ids[0], title: 'Title 1' })],
        nextCursor: null,
      });

      const theirs = await http().get('/api/v1/notifications').set(stranger.auth);
      expect(theirs.status).toBe(200);
      expect(theirs.body).toEqual({ items: [], nextCursor: null });
    });

    it('marks one read (200 with the item), filters unread, then marks the rest read', async () => {
      const read = await http().post(`/api/v1/notifications/${ids[1]}/read`).set(reader.auth);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        id: ids[1],
        type: 'transition',
        incidentId: expect.any(String),
        reference: expect.any(String),
        title: 'Title 2',
        body: 'Body',
        createdAt: expect.stringMatching(ISO),
        readAt: expect.stringMatching(ISO),
      });
      const again = await http().post(`/api/v1/notifications/${ids[1]}/read`).set(reader.auth);
      expect(again.status).toBe(200);
      expect((again.body as NotificationDto).readAt).toBe((read.body as NotificationDto).readAt);

      const unread = await http().get('/api/v1/notifications?unread=true').set(reader.auth);
      expect(unread.status).toBe(200);
      expect((unread.body as { items: NotificationDto[] }).items.map((item) => item.id)).toEqual([
        ids[2],
        ids[0],
      ]);
      const all = await http().get('/api/v1/notifications?unread=false').set(reader.auth);
      expect((all.body as { items: NotificationDto[] }).items).toHaveLength(3);

      const count = await http().get('/api/v1/notifications/unread-count').set(reader.auth);
      expect(count.status).toBe(200);
      expect(count.body).toEqual({ unread: 2 });
      const theirCount = await http().get('/api/v1/notifications/unread-count').set(stranger.auth);
      expect(theirCount.body).toEqual({ unread: 0 });

      const readAll = await http().post('/api/v1/notifications/read-all').set(reader.auth);
      expect(readAll.status).toBe(200);
      expect(readAll.body).toEqual({ updated: 2 });
      const none = await http().get('/api/v1/notifications?unread=true').set(reader.auth);
      expect(none.body).toEqual({ items: [], nextCursor: null });
      const twice = await http().post('/api/v1/notifications/read-all').set(reader.auth);
      expect(twice.body).toEqual({ updated: 0 });
      const after = await http().get('/api/v1/notifications/unread-count').set(reader.auth);
      expect(after.body).toEqual({ unread: 0 });
    });

    it('counts every unread notification for the badge, past the largest page', async () => {
      const busy = await signIn(t, 'verifier');
      await t.dataSource.query(
        `INSERT INTO notifications (user_id, type, title, read_at)
         SELECT $1, 'digest', 'Digest ' || n, CASE WHEN n > 150 THEN now() END
           FROM generate_series(1, 160) AS n`,
        [busy.user.id],
      );
      const count = await http().get('/api/v1/notifications/unread-count').set(busy.auth);
      expect(count.status).toBe(200);
      expect(count.body).toEqual({ unread: 150 });
    });

    it('answers 404 for another user’s notification and leaves it unread', async () => {
      const [theirs] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO notifications (user_id, type, title) VALUES ($1, 'digest', 'Yours only') RETURNING id`,
        [stranger.user.id],
      );
      const response = await http()
        .post(`/api/v1/notifications/${theirs.id}/read`)
        .set(reader.auth);
      expectError(response, 404, /notification not found/i);
      const unknown = await http()
        .post('/api/v1/notifications/7d9f4b8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f/read')
        .set(reader.auth);
      expectError(unknown, 404);
      const [row] = await t.dataSource.query<{ read_at: Date | null }[]>(
        'SELECT read_at FROM notifications WHERE id = $1',
        [theirs.id],
      );
      expect(row.read_at).toBeNull();
    });

    it('answers 401 without a token and 400 for bad input', async () => {
      expectError(await http().get('/api/v1/notifications'), 401);
      expectError(await http().post('/api/v1/notifications/read-all'), 401);
      expectError(await http().get('/api/v1/notifications/unread-count'), 401);
      expectError(await http().post(`/api/v1/notifications/${ids[0]}/read`), 401);
      expectError(
        await http().post('/api/v1/notifications/not-a-uuid/read').set(reader.auth),
        400,
        /id must be a UUID/,
      );
      expectError(await http().get('/api/v1/notifications?unread=yes').set(reader.auth), 400);
      expectError(await http().get('/api/v1/notifications?cursor=abc').set(reader.auth), 400);
      expectError(await http().get('/api/v1/notifications?limit=101').set(reader.auth), 400);
    });
  });
});

describe('notifications while Redis is away', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    t = await createTestApp({ REDIS_URL: redis.url });
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
  });
  afterAll(async () => {
    try {
      await redis.start();
      await t?.close();
    } finally {
      await redis.stop();
    }
  });

  it('keeps accepting transitions, reports redis down, and delivers every event once when it returns', async () => {
    const incidents: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const incident = await fileIncident(t, monitor, { title: `Outage ${i}` });
      await addSource(t, incident.id, monitor.user.id);
      const submit = await http()
        .post(`/api/v1/incidents/${incident.id}/transitions`)
        .set(monitor.auth)
        .send({ action: 'submit', version: 1 });
      expect(submit.status).toBe(200);
      incidents.push(incident.id);
    }
    await waitFor(
      'the relay to catch up',
      () => pendingEvents(t),
      (n) => n === 0,
    );

    await redis.stop();
    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      statusCode: 503,
      details: { database: 'up', redis: 'down' },
    });

    for (const id of incidents) {
      const response = await http()
        .post(`/api/v1/incidents/${id}/transitions`)
        .set(verifier.auth)
        .send({ action: 'request_changes', note: 'More detail', version: 2 });
      expect(response.status).toBe(200);
    }
    const events = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outbox_events WHERE type = 'incident.transitioned' AND aggregate_id = ANY($1)
          AND payload->>'action' = 'request_changes'`,
      [incidents],
    );
    expect(events).toHaveLength(3);
    // The relay keeps trying and counts its attempts, but sends nothing.
    await waitFor(
      'failed relay attempts',
      () =>
        t.dataSource.query<{ attempts: number; sent: boolean }[]>(
          'SELECT attempts, sent_at IS NOT NULL AS sent FROM outbox_events WHERE id = ANY($1)',
          [events.map((event) => event.id)],
        ),
      (rows) => rows.every((row) => row.attempts > 0 && !row.sent),
    );
    expect(await notificationsOf(t, monitor.user.id)).toEqual([]);

    await redis.start();
    const delivered = await waitFor(
      'notifications after redis returned',
      () => notificationsOf(t, monitor.user.id),
      (rows) => rows.length >= 3,
      45_000,
    );
    expect(await pendingEvents(t)).toBe(0);
    // Only once nothing more is on its way may the rows prove there was no duplicate.
    await quiet(t);
    const finalRows = await notificationsOf(t, monitor.user.id);
    expect(finalRows).toEqual(delivered);
    expect(finalRows.map((row) => row.event_id).sort()).toEqual(
      events.map((event) => event.id).sort(),
    );
    expect(finalRows.every((row) => row.type === 'transition')).toBe(true);
    const back = await waitFor(
      'readiness',
      async () => (await http().get('/health/ready')).status,
      (status) => status === 200,
    );
    expect(back).toBe(200);
  }, 120_000);
});
