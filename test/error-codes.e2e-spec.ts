import request, { Response } from 'supertest';
import { IncidentDto } from '../src/incidents/dto/incident.dto';
import { createTestApp, TestApp } from './helpers/app';
import { expectError } from './helpers/errors';
import { fileIncident, forceStatus, incidentBody } from './helpers/incidents';
import { Caller, createUser, PASSWORD, signIn } from './helpers/users';

/**
 * Each `code` of the error body (spec 3), provoked the way a client would meet it;
 * `dependency_down` is in faults.e2e-spec.ts (sign-in while Redis is away), `internal` in
 * evidence.e2e-spec.ts (a stored file that fails its integrity check).
 */
describe('error codes (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let verifier: Caller;
  const http = () => request(t.app.getHttpServer());
  const codeOf = (response: Response, status: number): string => expectError(response, status).code;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '1' });
    [admin, monitor, verifier] = await Promise.all([
      signIn(t, 'admin'),
      signIn(t, 'monitor'),
      signIn(t, 'verifier'),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('validation_failed: a field that breaks its rule', async () => {
    const response = await http()
      .post('/api/v1/incidents')
      .set(monitor.auth)
      .send(incidentBody({ title: 'ab' }));
    expect(codeOf(response, 400)).toBe('validation_failed');
  });

  it('malformed_json: a body that is not JSON, or nested too deep', async () => {
    const broken = await http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(codeOf(broken, 400)).toBe('malformed_json');
    const deep = await http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(40)}${']'.repeat(40)}`);
    expect(codeOf(deep, 400)).toBe('malformed_json');
  });

  it('unauthenticated: no token, and wrong credentials', async () => {
    expect(codeOf(await http().get('/api/v1/users'), 401)).toBe('unauthenticated');
    const user = await createUser(t, ['writer']);
    const wrong = await http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'not the password' });
    expect(codeOf(wrong, 401)).toBe('unauthenticated');
  });

  it('forbidden_role: a role that may not take the action', async () => {
    expect(codeOf(await http().get('/api/v1/users').set(monitor.auth), 403)).toBe('forbidden_role');
  });

  it('four_eyes: the creator verifying, and an uploader reviewing their own evidence', async () => {
    const both = await signIn(t, 'monitor', 'verifier');
    const incident = await fileIncident(t, both, { title: 'Four eyes on a verify' });
    const version = await forceStatus(t, incident.id, 'in_verification');
    const verify = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(both.auth)
      .send({ action: 'verify', version, confidence: 'likely' });
    expect(codeOf(verify, 403)).toBe('four_eyes');
  });

  it('not_found: an object that does not exist, or that the caller may not see', async () => {
    const response = await http()
      .get('/api/v1/incidents/6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f')
      .set(monitor.auth);
    expect(codeOf(response, 404)).toBe('not_found');
  });

  it('wrong_state and stale_version: the two kinds of 409 on an edit', async () => {
    const incident = await fileIncident(t, monitor, { title: 'Edited twice' });
    const stale = await http()
      .patch(`/api/v1/incidents/${incident.id}`)
      .set(monitor.auth)
      .send({ title: 'An edit from an old page', version: incident.version + 5 });
    expect(codeOf(stale, 409)).toBe('stale_version');
    const version = await forceStatus(t, incident.id, 'published');
    const published = await http()
      .patch(`/api/v1/incidents/${incident.id}`)
      .set(admin.auth)
      .send({ title: 'Too late', version });
    expect(codeOf(published, 409)).toBe('wrong_state');
  });

  it('duplicate: an e-mail already taken, and the same file twice on an incident', async () => {
    const taken = await http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({
        email: monitor.user.email.toUpperCase(),
        displayName: 'Again',
        password: PASSWORD,
        roles: ['monitor'],
      });
    expect(codeOf(taken, 409)).toBe('duplicate');
    const incident = await fileIncident(t, monitor, { title: 'One file twice' });
    const upload = () =>
      http()
        .post(`/api/v1/incidents/${incident.id}/evidence`)
        .set(monitor.auth)
        .field('kind', 'document')
        .field('description', 'Ledger')
        .attach('file', Buffer.from('a ledger of wages, once'), {
          filename: 'ledger.txt',
          contentType: 'text/plain',
        });
    expect((await upload()).status).toBe(201);
    expect(codeOf(await upload(), 409)).toBe('duplicate');
  });

  it('precondition_failed: submitting with nothing to verify', async () => {
    const incident: IncidentDto = await fileIncident(t, monitor, { title: 'Nothing attached' });
    const response = await http()
      .post(`/api/v1/incidents/${incident.id}/transitions`)
      .set(monitor.auth)
      .send({ action: 'submit', version: incident.version });
    expect(codeOf(response, 422)).toBe('precondition_failed');
  });

  it('payload_too_large, unsupported_media_type and uri_too_long', async () => {
    const big = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@example.org', password: 'x'.repeat(1024 * 1024) });
    expect(codeOf(big, 413)).toBe('payload_too_large');
    const xml = await http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/xml')
      .send('<login/>');
    expect(codeOf(xml, 415)).toBe('unsupported_media_type');
    const long = await http().get(`/api/v1/public/incidents/${'x'.repeat(300)}`);
    expect(codeOf(long, 414)).toBe('uri_too_long');
  });

  it('rate_limited: sign-in attempts past the limit, with Retry-After', async () => {
    const user = await createUser(t, ['writer']);
    const attempt = () =>
      http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong guess' });
    expect(codeOf(await attempt(), 401)).toBe('unauthenticated');
    const limited = await attempt();
    expect(codeOf(limited, 429)).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('validation_failed, not a database error, for a NUL byte the database refuses', async () => {
    const response = await http()
      .post('/api/v1/incidents')
      .set(verifier.auth)
      .send(incidentBody({ summary: 'a\u0000b' }));
    // A verifier may not file: the role check answers before the body reaches the database.
    expect(codeOf(response, 403)).toBe('forbidden_role');
    const filed = await http()
      .post('/api/v1/incidents')
      .set(monitor.auth)
      .send(incidentBody({ summary: 'a\u0000b' }));
    expect(codeOf(filed, 400)).toBe('validation_failed');
  });
});
