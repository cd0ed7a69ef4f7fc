import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import request from 'supertest';
import { PUBLIC_KEY, ROLES_KEY } from '../src/common/decorators';
import { rmSync } from 'node:fs';
import { createTestApp, TestApp } from './helpers/app';
import { fakeBuild } from './helpers/web-build';

interface RouteRule {
  route: string;
  isPublic: boolean;
  roles: string[] | undefined;
}

/** Every handler of every controller, with the access rule it declares (or none). */
function routeRules(t: TestApp): RouteRule[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  const rules: RouteRule[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const targets = [handler, wrapper.metatype];
      rules.push({
        route: `${method} ${String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype))}/${path} (${wrapper.name}.${name})`,
        isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
        roles: reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, targets),
      });
    }
  }
  return rules;
}

describe('deny by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('every registered route declares @Public() or @Roles(...)', () => {
    const rules = routeRules(t);
    expect(rules.length).toBeGreaterThan(10);
    const undeclared = rules.filter((rule) => !rule.isPublic && rule.roles === undefined);
    expect(undeclared.map((rule) => rule.route)).toEqual([]);
    const emptyRoles = rules.filter((rule) => !rule.isPublic && rule.roles?.length === 0);
    expect(emptyRoles.map((rule) => rule.route)).toEqual([]);
  });

  it('the only public routes are login, refresh, the password reset, health, metrics, the public API and the ticket downloads', () => {
    const publicRoutes = routeRules(t)
      .filter((rule) => rule.isPublic)
      .map((rule) => rule.route);
    for (const route of publicRoutes) {
      expect(route).toMatch(
        /auth\/(login|refresh|password\/forgot|password\/reset) |health|metrics|public|^POST exports\/:id\/download \(|^POST \/\/evidence\/:id\/content \(/,
      );
    }
    // The two downloads by ticket: the ticket in the body stands for the token (spec 10).
    expect(publicRoutes.filter((route) => /download|content/.test(route))).toEqual([
      expect.stringMatching(/^POST \/\/evidence\/:id\/content \(EvidenceController/),
      expect.stringMatching(/^POST exports\/:id\/download \(ExportsController/),
    ]);
  });

  it('a protected route without a token is 401 with the error body', async () => {
    const response = await request(t.app.getHttpServer()).get('/api/v1/users');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'unauthenticated',
      message: expect.stringMatching(/token/i),
      requestId: response.headers['x-request-id'],
    });
  });
});

describe('the web application is public and static', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = fakeBuild();
    t = await createTestApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('/app/* is no controller route: it holds no data, so it needs no rule and no token', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const http = request(t.app.getHttpServer());

    expect(routeRules(t).filter((rule) => /\bapp\b/.test(rule.route))).toEqual([]);
    expect(fastify.hasRoute({ method: 'GET', url: '/app/*' })).toBe(true);
    const anonymous = await http.get('/app/incidents');
    const badToken = await request(t.app.getHttpServer())
      .get('/app/incidents')
      .set('Authorization', 'Bearer not-a-token');
    for (const response of [anonymous, badToken]) {
      expect(response.status).toBe(200);
      expect(response.text).toContain('<div id="root"></div>');
    }
  });
});
