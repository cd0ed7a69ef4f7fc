import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fakeBuild } from './helpers/web-build';

const nonceOf = (csp: string): string => /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';

describe('the web application is served under /app/ (e2e)', () => {
  let t: TestApp;
  let dist: string;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());

  beforeAll(async () => {
    dist = fakeBuild();
    t = await createTestApp({ WEB_DIST_DIR: dist });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('index.html carries a fresh nonce in its policy and its tags, and is never stored', async () => {
    const [first, second] = [await http().get('/app/'), await http().get('/app/')];

    for (const response of [first, second]) {
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self' 'nonce-");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("img-src 'self' blob:");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
      const nonce = nonceOf(csp);
      expect(nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
      expect(response.text).not.toContain('__CSP_NONCE__');
      expect(response.text.split(`nonce="${nonce}"`)).toHaveLength(3);
    }
    expect(nonceOf(first.headers['content-security-policy'])).not.toBe(
      nonceOf(second.headers['content-security-policy']),
    );
  });

  it("any other path under /app/ is the application's page, for its router", async () => {
    const response = await http().get('/app/incidents/3f0c?status=intake');

    expect(response.status).toBe(200);
    expect(response.text).toContain('<div id="root"></div>');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('hashed assets are immutable and long-cached, with their own type', async () => {
    const script = await http().get('/app/assets/index-abc123.js');
    const style = await http().get('/app/assets/index-def456.css');

    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.text).toBe('console.log("app");\n');
    expect(style.headers['content-type']).toMatch(/^text\/css/);
    expect(style.headers['x-content-type-options']).toBe('nosniff');
  });

  it('other files are cached briefly', async () => {
    const response = await http().get('/app/favicon.svg');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
  });

  it('a missing asset is a 404, never the page: a stale chunk must not be parsed as HTML', async () => {
    const response = await http().get('/app/assets/index-gone999.js');

    expectError(response, 404);
  });

  it('dotfiles and paths outside the build are not served', async () => {
    const dotfile = await http().get('/app/.env');
    const traversal = await http().get('/app/..%2f..%2fetc%2fpasswd');
    const encoded = await http().get('/app/assets/%2e%2e/%2e%2e/package.json');

    for (const response of [dotfile, traversal]) {
      expect(response.status).toBe(200);
      expect(response.text).toContain('<div id="root"></div>');
      expect(response.text).not.toContain('SECRET');
    }
    expectError(encoded, 404);
    expectError(await http().get('/app/%E0%A4%A'), 400);
  });

  it('/ and /app send the browser to /app/', async () => {
    const root = await http().get('/');
    const app = await http().get('/app');

    for (const response of [root, app]) {
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('/app/');
    }
  });

  it('is public and static: no token needed, no session cookie set, no case data', async () => {
    const response = await http().get('/app/');

    expect(response.status).toBe(200);
    expect(response.text).toContain('<div id="root"></div>');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('the API, health, metrics and Swagger keep their own answers', async () => {
    const api = await http().get('/api/v1/no-such-route');
    const health = await http().get('/health/live');
    const docs = await http().get('/api/docs-json');

    expectError(api, 404);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    expect(docs.status).toBe(200);
    expect(docs.body).toMatchObject({ openapi: expect.any(String) });
    expect((await http().get('/metrics').expect(200)).text).toContain(
      'http_request_duration_seconds',
    );
  });
});

describe('without a build the service serves the API alone (e2e)', () => {
  let t: TestApp;
  let empty: string;

  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'st-web-none-'));
    t = await createTestApp({ WEB_DIST_DIR: empty });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('logs one line saying so, answers 404 under /app/ and keeps the API up', async () => {
    const lines = t.logLines.filter((line) => line.includes('web application not built'));
    const app = await request(t.app.getHttpServer()).get('/app/');
    const api = await request(t.app.getHttpServer()).get('/health/live');

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', webDistDir: empty });
    expectError(app, 404);
    expect(api.status).toBe(200);
    expect(api.body).toEqual({ status: 'ok', environment: 'development' });
  });
});
