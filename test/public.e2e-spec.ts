import Redis from 'ioredis';
import request from 'supertest';
import { CLOCK, Clock } from '../src/common/core.module';
import { createTestApp, TestApp } from './helpers/app';
import { REDIS_URL } from './helpers/databases';
import { fileIncident, forceStatus } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';

const PUBLIC_FIELDS = [
  'category',
  'confidence',
  'countries',
  'datePrecision',
  'occurredFrom',
  'occurredTo',
  'provisions',
  'publicSummary',
  'publishedAt',
  'reference',
  'regime',
  'sources',
  'title',
];

describe('public API (e2e)', () => {
  let t: TestApp;
  let monitor: Caller;
  let published: { id: string; reference: string };
  let intake: { id: string; reference: string };
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    monitor = await signIn(t, 'monitor');
    published = await fileIncident(t, monitor, {
      title: 'Published: Musan workers in Russia',
      summary: 'INTERNAL narrative naming the informant route',
    });
    intake = await fileIncident(t, monitor, { title: 'Still in intake, not public' });
    await forceStatus(t, published.id, 'published');
    await t.dataSource.query(
      `UPDATE incidents SET published_at = now(), confidence = 'likely', public_summary = 'Around 100 workers left.' WHERE id = $1`,
      [published.id],
    );
    await t.dataSource.query(
      `INSERT INTO sources (incident_id, kind, confidential, pseudonym, reliability, credibility, independence_group, name, url, created_by)
       VALUES ($1, 'media', false, 'SRC-0001', 'B', 3, 'g1', 'ASIAPRESS', 'https://example.org/report', $2),
              ($1, 'informant', true, 'SRC-0002', 'C', 3, 'g2', NULL, NULL, $2)`,
      [published.id, monitor.user.id],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists published incidents only, without login, with public fields only', async () => {
    const response = await http().get('/api/v1/public/incidents');
    expect(response.status).toBe(200);
    const body = response.body as { items: Record<string, unknown>[]; nextCursor: string | null };
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((item) => item.reference)).toEqual([published.reference]);
    const [item] = body.items;
    expect(Object.keys(item).sort()).toEqual(PUBLIC_FIELDS);
    expect(item).toMatchObject({
      title: 'Published: Musan workers in Russia',
      publicSummary: 'Around 100 workers left.',
      countries: ['KP', 'RU'],
      confidence: 'likely',
      sources: [{ kind: 'media', name: 'ASIAPRESS', url: 'https://example.org/report' }],
    });
    expect(JSON.stringify(body)).not.toMatch(/INTERNAL|informant|SRC-0002|createdBy|assigneeId/);
  });

  it('reads one published incident by reference; anything else is 404', async () => {
    const found = await http().get(`/api/v1/public/incidents/${published.reference}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      reference: published.reference,
      sources: [{ name: 'ASIAPRESS' }],
    });

    for (const reference of [intake.reference, 'INC-1999-0001', 'x'.repeat(90)]) {
      const missing = await http().get(`/api/v1/public/incidents/${reference}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        statusCode: 404,
        message: 'Published incident not found',
      });
    }
  });

  it('answers an over-long path parameter with 414 in the error body', async () => {
    const response = await http().get(`/api/v1/public/incidents/${'x'.repeat(300)}`);
    expect(response.status).toBe(414);
    expect(response.body).toEqual({
      statusCode: 414,
      error: 'Uri Too Long',
      code: 'uri_too_long',
      message: expect.any(String),
      requestId: response.headers['x-request-id'],
    });
  });

  it('filters by full text, country and dates and rejects bad input', async () => {
    const match = await http().get('/api/v1/public/incidents').query({ q: 'Musan', country: 'ru' });
    expect(match.status).toBe(200);
    expect((match.body as { items: unknown[] }).items).toHaveLength(1);
    const none = await http().get('/api/v1/public/incidents').query({ q: 'Musan', country: 'CN' });
    expect(none.status).toBe(200);
    expect((none.body as { items: unknown[] }).items).toEqual([]);
    const badCountry = await http().get('/api/v1/public/incidents').query({ country: 'XX1' });
    expect(badCountry.status).toBe(400);
    expect(badCountry.body).toMatchObject({
      message: 'Validation failed',
      details: [{ field: 'country' }],
    });
    const list = (query: Record<string, string>) =>
      http().get('/api/v1/public/incidents').query(query);
    // Its dates, 2025-01-12 to 2025-01-29, overlap the year 2025 and not 2024.
    const year = await list({ occurredFrom: '2025-01-01', occurredTo: '2025-12-31' });
    expect((year.body as { items: { reference: string }[] }).items).toEqual([
      expect.objectContaining({ reference: published.reference }),
    ]);
    const before = await list({ occurredFrom: '2024-01-01', occurredTo: '2024-12-31' });
    expect(before.status).toBe(200);
    expect((before.body as { items: unknown[] }).items).toEqual([]);
    const badDate = await list({ occurredFrom: '2025-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body).toMatchObject({ details: [{ field: 'occurredFrom' }] });
    const bad = await http().get('/api/v1/public/incidents').query({ cursor: 'zzz' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ message: 'cursor is not valid' });
  });
});

describe('rate limits (e2e)', () => {
  let t: TestApp;

  /**
   * The limiter counts fixed one-minute windows: requests that straddle a minute's end are
   * counted in two. Each test holds the limiter's clock 5 s into a minute of its own.
   */
  let minute = Math.floor(Date.now() / 60_000) + 1000;
  function inAWindowOfItsOwn(): void {
    minute += 1;
    jest.spyOn(t.app.get<Clock>(CLOCK), 'now').mockReturnValue(minute * 60_000 + 5_000);
  }
  afterEach(() => {
    jest.restoreAllMocks();
  });

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PUBLIC_PER_MINUTE: '3', RATE_LIMIT_USER_PER_MINUTE: '4' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After past the per-address limit on anonymous routes', async () => {
    inAWindowOfItsOwn();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await request(t.app.getHttpServer()).get('/api/v1/public/incidents')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await request(t.app.getHttpServer()).get('/api/v1/public/incidents');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      message: 'Rate limit exceeded; slow down',
    });
    const retryAfter = Number(limited.headers['retry-after']);
    // 5 s into the window: the next one starts in 55 s.
    expect(retryAfter).toBe(55);
    const health = await request(t.app.getHttpServer()).get('/health/live');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', environment: 'development' });
  });

  it('counts signed-in callers per user', async () => {
    // Sign-in itself is anonymous and was limited above, so create the session directly.
    const { UsersService } = await import('../src/users/users.service');
    const { AuthService } = await import('../src/auth/auth.service');
    const user = await t.app.get(UsersService).create(null, {
      email: 'rate@example.org',
      displayName: 'Rate',
      password: 'a-long-password-123',
      roles: ['monitor'],
    });
    const tokens = await t.app
      .get(AuthService)
      .login(user.email, 'a-long-password-123', '10.9.9.9');
    const statuses: number[] = [];
    inAWindowOfItsOwn();
    for (let i = 0; i < 5; i += 1) {
      const response = await request(t.app.getHttpServer())
        .get('/api/v1/auth/me')
        .set({ Authorization: `Bearer ${tokens.accessToken}` });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);

    // The window's counter expires on its own (set with the first count, in the same script).
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${t.config.redisPrefix}rl:user:${user.id}:*`);
      expect(keys).toHaveLength(1);
      expect(await redis.get(keys[0])).toBe('5');
      const ttl = await redis.ttl(keys[0]);
      expect(ttl).toBeGreaterThan(60);
      expect(ttl).toBeLessThanOrEqual(120);
    } finally {
      redis.disconnect();
    }
  });
});
