import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { chainHash } from '../src/audit/audit-chain';
import { AuditService } from '../src/audit/audit.service';
import { createTestApp, TestApp } from './helpers/app';
import { sleep } from './helpers/wait';
import { Caller, signIn } from './helpers/users';

interface Row {
  seq: string;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

async function waitFor<T>(probe: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('audit log (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ AUDIT_CHECKPOINT_EVERY: 'PT1S' });
    admin = await signIn(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const eventsFor = (action: string, entityId: string): Promise<Row[]> =>
    t.dataSource.query('SELECT * FROM audit_events WHERE action = $1 AND entity_id = $2', [
      action,
      entityId,
    ]);

  it('records user creation and update once each, with the acting admin', async () => {
    const created = await http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({
        email: 'writer-audit@example.org',
        displayName: 'W',
        password: 'a-long-password-123',
        roles: ['writer'],
      });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const [creation, ...moreCreations] = await eventsFor('user.created', id);
    expect(moreCreations).toEqual([]);
    expect(creation.actor_id).toBe(admin.user.id);
    expect(creation.data).toEqual({
      email: 'writer-audit@example.org',
      displayName: 'W',
      roles: ['writer'],
    });
    expect(JSON.stringify(creation.data)).not.toContain('a-long-password-123');

    const updated = await http()
      .patch(`/api/v1/users/${id}`)
      .set(admin.auth)
      .send({ roles: ['writer', 'verifier'], version: 1 });
    expect(updated.status).toBe(200);
    const updates = await eventsFor('user.updated', id);
    expect(updates).toHaveLength(1);
    expect(updates[0].actor_id).toBe(admin.user.id);
    expect(updates[0].data).toEqual({
      changes: { roles: { old: ['writer'], new: ['writer', 'verifier'] } },
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the table, even from the owner', async () => {
    await expect(
      t.dataSource.query("UPDATE audit_events SET action = 'x' WHERE seq = 1"),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.dataSource.query('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(t.dataSource.query('TRUNCATE audit_events')).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    const [{ count }] = await t.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM audit_events',
    );
    expect(Number(count)).toBeGreaterThan(0);
  });

  it('keeps one valid chain under concurrent appends', async () => {
    const audit = t.app.get(AuditService);
    const before = await audit.verify();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        audit.record({
          actorId: admin.user.id,
          action: 'test.concurrent',
          entityType: 'test',
          entityId: String(i),
          // The database computes the hash (pgcrypto) over what Node made canonical: non-ASCII,
          // quotes, backslashes and nesting must hash the same on both sides.
          data: { note: `Ünïcode «${i}» "quoted" \\ 北朝鮮`, nested: { z: [i, null], a: true } },
        }),
      ),
    );
    const after = await audit.verify();
    expect(after).toEqual({
      valid: true,
      checked: before.checked + 60,
      headSeq: expect.any(String),
      headHash: expect.any(String),
    });
    const seqs = await t.dataSource.query<{ seq: string }[]>(
      'SELECT seq FROM audit_events ORDER BY seq',
    );
    expect(seqs.map((row) => Number(row.seq))).toEqual(seqs.map((_, i) => i + 1));
  });

  it('links an event at commit, so an open transaction holds up no other append (spec 11)', async () => {
    const audit = t.app.get(AuditService);
    const open = t.dataSource.createQueryRunner();
    await open.connect();
    await open.startTransaction();
    try {
      await audit.append(open.manager, {
        actorId: admin.user.id,
        action: 'test.slow',
        entityType: 'test',
        entityId: 'slow',
      });
      const other = audit.record({
        actorId: admin.user.id,
        action: 'test.quick',
        entityType: 'test',
        entityId: 'quick',
      });
      // The open transaction's event joins the chain only at its commit, so it holds no lock.
      const outcome = await Promise.race([
        other.then(() => 'appended'),
        sleep(5_000).then(() => 'blocked'),
      ]);
      expect(outcome).toBe('appended');
      await open.commitTransaction();
    } finally {
      await open.release();
    }
    const rows = await t.dataSource.query<{ action: string; seq: string }[]>(
      `SELECT action, seq FROM audit_events WHERE action IN ('test.slow', 'test.quick') ORDER BY seq`,
    );
    expect(rows.map((row) => row.action)).toEqual(['test.quick', 'test.slow']);
    expect((await audit.verify()).valid).toBe(true);
    const [{ pending }] = await t.dataSource.query<{ pending: string }[]>(
      'SELECT count(*) AS pending FROM audit_pending',
    );
    expect(Number(pending)).toBe(0);
  });

  it('leaves no event and no gap when the transaction that appended rolls back', async () => {
    const audit = t.app.get(AuditService);
    const before = await audit.verify();
    await expect(
      t.dataSource.transaction(async (manager) => {
        await audit.append(manager, {
          actorId: admin.user.id,
          action: 'test.rolled_back',
          entityType: 'test',
          entityId: 'gone',
        });
        throw new Error('the change fails after its audit append');
      }),
    ).rejects.toThrow('the change fails after its audit append');
    await audit.record({ actorId: admin.user.id, action: 'test.after', entityType: 'test' });

    const after = await audit.verify();
    expect(after).toMatchObject({ valid: true, checked: before.checked + 1 });
    const rolledBack = await t.dataSource.query<unknown[]>(
      `SELECT 1 FROM audit_events WHERE action = 'test.rolled_back'`,
    );
    expect(rolledBack).toEqual([]);
  });

  it('lists events for admins only, filtered and keyset-paginated newest first', async () => {
    const monitor = await signIn(t, 'monitor');
    const denied = await http().get('/api/v1/audit').set(monitor.auth);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await http()
        .get('/api/v1/audit')
        .query({ action: 'test.concurrent', limit: 25, ...(cursor ? { cursor } : {}) })
        .set(admin.auth);
      expect(page.status).toBe(200);
      const body = page.body as {
        items: { seq: string; action: string }[];
        nextCursor: string | null;
      };
      expect(body.items.every((item) => item.action === 'test.concurrent')).toBe(true);
      seen.push(...body.items.map((item) => item.seq));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);

    const byActor = await http()
      .get('/api/v1/audit')
      .query({ actorId: monitor.user.id })
      .set(admin.auth);
    expect(byActor.status).toBe(200);
    expect(
      (byActor.body as { items: { action: string }[] }).items.map((item) => item.action),
    ).toEqual(['auth.login_succeeded']);

    const badCursor = await http()
      .get('/api/v1/audit')
      .query({ cursor: 'not-a-cursor' })
      .set(admin.auth);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body).toMatchObject({ message: 'cursor is not valid' });
    const badActor = await http().get('/api/v1/audit').query({ actorId: 'nope' }).set(admin.auth);
    expect(badActor.status).toBe(400);
    expect(badActor.body).toMatchObject({ details: [{ field: 'actorId' }] });
  });

  it('writes signed checkpoints of the head on schedule', async () => {
    const directory = join(t.config.storageDir, 'audit-checkpoints');
    const files = await waitFor(() => {
      const found = existsSync(directory)
        ? readdirSync(directory).filter((f) => f.endsWith('.json'))
        : [];
      return found.length > 0 ? found : undefined;
    });
    expect(files[0]).toMatch(/^checkpoint-\d{12}-.*\.json$/);
    const verified = await http().get('/api/v1/audit/verify').set(admin.auth);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, checkpoints: { invalid: [] } });
    expect(
      (verified.body as { checkpoints: { checked: number } }).checkpoints.checked,
    ).toBeGreaterThan(0);
  });

  it('reports the seq of a row altered behind the trigger, and a rewritten chain via checkpoints', async () => {
    const tamperedSeq = '3';
    await t.dataSource.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    try {
      await t.dataSource.query(`UPDATE audit_events SET data = '{"forged":true}' WHERE seq = $1`, [
        tamperedSeq,
      ]);
    } finally {
      await t.dataSource.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    }
    const broken = await http().get('/api/v1/audit/verify').set(admin.auth);
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ valid: false, firstInvalidSeq: tamperedSeq });

    // A superuser who also recomputes every later hash leaves a chain that links up again;
    // only the signed checkpoints outside the database can tell.
    const rows = await t.dataSource.query<Row[]>(
      'SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq',
      [tamperedSeq],
    );
    const [previous] = await t.dataSource.query<Row[]>(
      'SELECT * FROM audit_events WHERE seq = $1',
      [String(Number(tamperedSeq) - 1)],
    );
    let prevHash = previous.hash;
    await t.dataSource.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    try {
      for (const row of rows) {
        const hash = chainHash(prevHash, {
          seq: row.seq,
          at: row.at,
          actorId: row.actor_id,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          data: row.data,
        });
        await t.dataSource.query(
          'UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE seq = $1',
          [row.seq, prevHash, hash],
        );
        prevHash = hash;
      }
    } finally {
      await t.dataSource.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    }
    expect(await t.app.get(AuditService).verify()).toMatchObject({ valid: true });
    const rewritten = await http().get('/api/v1/audit/verify').set(admin.auth);
    expect(rewritten.status).toBe(200);
    expect(rewritten.body).toMatchObject({
      valid: false,
      firstInvalidSeq: expect.stringMatching(/^\d+$/),
    });
    const invalid = (rewritten.body as { checkpoints: { invalid: { reason: string }[] } })
      .checkpoints.invalid;
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid[0].reason).toMatch(/no longer has the signed hash/);
  });
});
