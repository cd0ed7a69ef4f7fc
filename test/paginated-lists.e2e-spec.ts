import request from 'supertest';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

interface Page {
  items: { id: string }[];
  nextCursor: string | null;
}

/**
 * Evidence, custody and history answer `{items, nextCursor}` like every other list (spec 3):
 * the pages, walked by cursor, give every row once, in order.
 */
describe('evidence, custody and history are keyset-paginated lists (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let verifier: Caller;
  let incidentId: string;
  let evidenceIds: string[];
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());

  async function walk(path: string, caller: Caller, limit: number): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { limit };
      if (cursor !== null) query.cursor = cursor;
      const response = await http().get(path).query(query).set(caller.auth);
      expect(response.status).toBe(200);
      const page = response.body as Page;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 50);
    return pages;
  }

  beforeAll(async () => {
    t = await createTestApp();
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
    const incident = await fileIncident(t, monitor);
    incidentId = incident.id;
    evidenceIds = [];
    for (let i = 0; i < 5; i += 1) {
      const added = await http()
        .post(`/api/v1/incidents/${incidentId}/evidence`)
        .set(monitor.auth)
        .send({ kind: 'testimony', description: `Account ${i}`, text: `What worker ${i} said` })
        .expect(201);
      evidenceIds.push((added.body as { id: string }).id);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('evidence: every item once, oldest first, over pages of two', async () => {
    const pages = await walk(`/api/v1/incidents/${incidentId}/evidence`, verifier, 2);

    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(evidenceIds);
    expect(pages[2].nextCursor).toBeNull();
  });

  it('evidence: the default page holds 25 and the whole list fits', async () => {
    const response = await http()
      .get(`/api/v1/incidents/${incidentId}/evidence`)
      .set(verifier.auth);

    expect(response.status).toBe(200);
    expect((response.body as Page).items).toHaveLength(5);
    expect((response.body as Page).nextCursor).toBeNull();
  });

  it('history: every entry once, in order, over pages of two', async () => {
    const whole = await http()
      .get(`/api/v1/incidents/${incidentId}/history`)
      .query({ limit: 100 })
      .set(verifier.auth)
      .expect(200);
    const all = (whole.body as Page).items.map((entry) => entry.id);

    const pages = await walk(`/api/v1/incidents/${incidentId}/history`, verifier, 2);

    expect(all.length).toBe(6);
    expect(pages.flatMap((page) => page.items.map((entry) => entry.id))).toEqual(all);
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 2]);
  });

  it('custody: every event once, in order, over pages of one', async () => {
    const id = evidenceIds[0];
    for (let i = 0; i < 2; i += 1) {
      await t.dataSource.query(
        `INSERT INTO evidence_custody (evidence_id, actor_id, action, sha256) VALUES ($1, $2, 'integrity_checked', NULL)`,
        [id, verifier.user.id],
      );
    }

    const pages = await walk(`/api/v1/evidence/${id}/custody`, verifier, 1);

    const actions = pages.flatMap((page) =>
      (page.items as unknown as { action: string }[]).map((event) => event.action),
    );
    expect(actions).toEqual(['added', 'integrity_checked', 'integrity_checked']);
  });

  it.each([
    ['evidence', () => `/api/v1/incidents/${incidentId}/evidence`],
    ['history', () => `/api/v1/incidents/${incidentId}/history`],
    ['custody', () => `/api/v1/evidence/${evidenceIds[0]}/custody`],
  ])('%s: a forged cursor or an out-of-range limit is 400', async (_list, path) => {
    const forged = Buffer.from(JSON.stringify(["1'; DROP TABLE evidence; --"])).toString(
      'base64url',
    );

    expectError(await http().get(path()).query({ cursor: forged }).set(verifier.auth), 400);
    expectError(await http().get(path()).query({ cursor: 'not base64 {' }).set(verifier.auth), 400);
    expectError(await http().get(path()).query({ limit: 0 }).set(verifier.auth), 400);
    expectError(await http().get(path()).query({ limit: 101 }).set(verifier.auth), 400);
  });

  it('an unknown incident or evidence item is 404, not an empty page', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';

    expectError(await http().get(`/api/v1/incidents/${unknown}/evidence`).set(verifier.auth), 404);
    expectError(await http().get(`/api/v1/incidents/${unknown}/history`).set(verifier.auth), 404);
    expectError(await http().get(`/api/v1/evidence/${unknown}/custody`).set(verifier.auth), 404);
  });
});
