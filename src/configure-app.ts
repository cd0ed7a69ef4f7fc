import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { AppModule } from './app.module';
import { checkCookieRoutes } from './auth/browser-session';
import { AuthUser } from './common/auth-user';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { mapError } from './common/error-body';
import { DomainError } from './common/errors';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from './common/json-depth';
import { setResponseHeaders } from './common/response-headers';
import { cutOffSlowClients } from './common/slow-clients';
import { NestPinoLogger } from './common/logger';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/config';
import { Metrics } from './health/metrics';
import { buildOpenApi } from './openapi-contract';
import { serveWebApp } from './web-app/serve-web-app';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const API_PREFIX = 'api/v1';
export const PUBLIC_PATHS = ['health/live', 'health/ready', 'metrics'];

export function createAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Errors raised while routing (e.g. an over-long path parameter) never reach Nest.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const { body } = mapError(error, String(request.id));
      void reply.header('x-request-id', request.id).status(body.statusCode).send(body);
    },
  });
}

/**
 * JSON bodies are checked for nesting before they are parsed (json-depth.ts), then parsed as
 * fastify would (prototype poisoning refused); form bodies as Nest would.
 */
function registerBodyParsers(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const options = { bodyLimit: config.bodyLimitBytes };
  app.useBodyParser<Server>('application/json', options, (request, body, done) => {
    if (jsonNestingExceeds(body)) {
      done(
        new DomainError(
          'bad_request',
          `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
          undefined,
          undefined,
          'malformed_json',
        ),
        undefined,
      );
      return;
    }
    void parseJson(request, body.toString('utf8'), done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', options, (_request, body, done) => {
    done(null, parseQueryString(body.toString()));
  });
}

/** Everything main.ts and the e2e tests share: prefix, pipes, filters, hooks, headers, docs. */
export async function configureApp(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, { exclude: PUBLIC_PATHS });
  registerBodyParsers(app, config);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));

  // The Content-Security-Policy depends on the kind of response (common/response-headers.ts);
  // helmet sets the other security headers.
  await app.register(helmet, { contentSecurityPolicy: false });
  // Unsigned: the refresh cookie is itself a secret checked against its stored hash.
  await app.register(cookie);
  await app.register(multipart, {
    limits: {
      fileSize: config.maxUploadBytes,
      files: 1,
      fields: 20,
      fieldSize: 200_000,
      parts: 25,
    },
  });
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: false,
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'],
  });

  const metrics = app.get(Metrics);
  const fastify = app.getHttpAdapter().getInstance();
  cutOffSlowClients(fastify, config, logger);
  setResponseHeaders(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  checkCookieRoutes(fastify, API_PREFIX, config.publicOrigin);
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const durationMs = Math.round(reply.elapsedTime * 100) / 100;
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      durationMs / 1000,
    );
    logger.info(
      {
        requestId: request.id,
        userId: (request as unknown as { user?: AuthUser }).user?.id,
        method: request.method,
        route,
        status: reply.statusCode,
        durationMs,
      },
      'request',
    );
  });

  SwaggerModule.setup('api/docs', app, buildOpenApi(app), { jsonDocumentUrl: 'api/docs-json' });
  await serveWebApp(fastify, config.webDistDir, logger);
}

export async function createApp(
  config: AppConfig,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    createAdapter(config),
    { logger: new NestPinoLogger(logger), bufferLogs: false },
  );
  try {
    await configureApp(app, config, logger);
  } catch (error) {
    // Its pools and connections are open already: a half-configured app must not keep the
    // process alive.
    await app.close();
    throw error;
  }
  return app;
}
