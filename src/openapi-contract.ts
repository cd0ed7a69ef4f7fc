import { INestApplication, ParseUUIDPipe, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_ERRORS_KEY } from './common/api-errors';
import { NO_RATE_LIMIT_KEY } from './common/rate-limit.guard';
import { PUBLIC_KEY, ROLES_KEY } from './common/decorators';
import { REASONS } from './common/errors';
import { Role, STAFF } from './common/roles';
import { operationIdOf } from './operation-ids';

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
  security?: unknown[];
};

/** What the code says about a handler, read from its decorators. */
interface HandlerFacts {
  isPublic: boolean;
  rateLimited: boolean;
  roles: Role[] | undefined;
  uuidParams: Set<string>;
  errors: number[];
  produces: string[] | undefined;
}

export const ERROR_BODY = 'ErrorBody';

const ERROR_BODY_SCHEMA: Schema = {
  type: 'object',
  description: 'Every error answer (spec 3).',
  required: ['statusCode', 'error', 'code', 'message', 'requestId'],
  additionalProperties: false,
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string', description: 'The HTTP reason phrase.' },
    code: {
      type: 'string',
      enum: [...REASONS],
      description: 'A stable reason to branch on without parsing the message.',
    },
    message: { type: 'string' },
    details: {
      description:
        'For a validation failure, the fields and their errors; for a duplicate, the existing item.',
    },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header.' },
  },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, a validation failure, an unknown field or a malformed id',
  401: 'Missing, expired or revoked token, or wrong credentials',
  403: 'The role or separation of duties forbids it (code four_eyes), or a CSRF refusal (code csrf)',
  404: 'No such object, or one the caller may not see',
  409: 'Wrong state for the action (wrong_state), a stale version (stale_version) or a duplicate',
  410: 'Gone: expired',
  413: 'Body or upload too large',
  414: 'Request URI too long',
  415: 'Content or file type not allowed',
  422: 'A business precondition is unmet; the message says which',
  429: 'Rate limited; see Retry-After',
  500: 'Unexpected error; the body reveals only the request id',
  503: 'A dependency (database, Redis, storage) is down',
};

/** Every route can fail, or find a dependency down. */
const EVERY_ROUTE = [500, 503];

/** The controllers' classes, read without instantiating anything (openapi.json is written in preview mode). */
function controllerClasses(app: INestApplication): Type[] {
  const classes: Type[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      if (wrapper.metatype) classes.push(wrapper.metatype as Type);
    }
  }
  return classes;
}

function factsOf(app: INestApplication): Map<string, HandlerFacts> {
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const facts = new Map<string, HandlerFacts>();
  for (const controller of controllerClasses(app)) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const targets = [handler, controller];
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
        string,
        { data?: unknown; pipes?: unknown[] }
      >;
      const uuidParams = new Set(
        Object.values(args)
          .filter((arg) => arg.pipes?.some((pipe) => pipe instanceof ParseUUIDPipe))
          .map((arg) => String(arg.data)),
      );
      facts.set(operationIdOf(controller.name, name), {
        isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
        rateLimited: reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT_KEY, targets) !== true,
        roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
        uuidParams,
        errors: reflector.get<number[] | undefined>(API_ERRORS_KEY, handler) ?? [],
        produces: reflector.getAllAndOverride<string[] | undefined>('swagger/apiProduces', targets),
      });
    }
  }
  return facts;
}

const errorResponse = (status: number): Operation['responses'][string] => ({
  description: DESCRIPTIONS[status] ?? 'Error',
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_BODY}` } } },
  ...(status === 429
    ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds' } } }
    : {}),
});

/** The error statuses a route can answer: those of its shape, and those it declares. */
function errorStatuses(method: string, operation: Operation, facts: HandlerFacts): number[] {
  const statuses = new Set([...EVERY_ROUTE, ...facts.errors]);
  if (facts.rateLimited) statuses.add(429);
  if (!facts.isPublic) statuses.add(401);
  if (facts.roles && STAFF.some((role) => !facts.roles!.includes(role))) statuses.add(403);
  // Whatever the route reads, its body is parsed first: malformed, too large, or of a type
  // the service does not take.
  if (operation.requestBody || ['post', 'put', 'patch'].includes(method)) {
    [400, 413, 415].forEach((status) => statuses.add(status));
  }
  if (operation.parameters?.some((parameter) => parameter.in === 'query')) statuses.add(400);
  if (facts.uuidParams.size > 0) [400, 404].forEach((status) => statuses.add(status));
  return [...statuses].sort((a, b) => a - b);
}

/**
 * OpenAPI 3.0's `nullable` does not add null to an `enum` (3.0.3 says so): a nullable enum
 * property lists null itself, so validators and generated types accept what the API sends.
 */
function allowNullInNullableEnums(schema: Schema): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const property of Object.values(properties)) {
    const values = property.enum as unknown[] | undefined;
    if (property.nullable === true && values && !values.includes(null)) values.push(null);
  }
}

/**
 * Completes what @nestjs/swagger derives from the decorators into a contract a typed client
 * can be generated from (spec 3): uuid path ids, no security on public routes, the shared error
 * body and every error status of each operation, binary download bodies, the file part of
 * uploads, and the discriminated source view.
 */
export function completeContract(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  const facts = factsOf(app);
  const schemas = (document.components!.schemas ??= {});
  schemas[ERROR_BODY] = ERROR_BODY_SCHEMA;
  for (const schema of Object.values(schemas)) allowNullInNullableEnums(schema as Schema);
  for (const methods of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(methods) as [string, Operation][]) {
      if (typeof operation !== 'object' || !operation.operationId) continue;
      const handler = facts.get(operation.operationId);
      if (!handler) throw new Error(`openapi: no handler found for ${operation.operationId}`);
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && handler.uuidParams.has(parameter.name)) {
          parameter.schema = { type: 'string', format: 'uuid' };
        }
      }
      if (handler.isPublic) delete operation.security;
      for (const status of errorStatuses(method, operation, handler)) {
        operation.responses[String(status)] ??= errorResponse(status);
      }
      if (handler.produces) {
        const ok = Object.keys(operation.responses).find((status) => status.startsWith('2'));
        if (ok && !operation.responses[ok].content) {
          operation.responses[ok].content = Object.fromEntries(
            handler.produces.map((type) => [
              type,
              { schema: { type: 'string', format: 'binary' } },
            ]),
          );
        }
      }
      const multipart = operation.requestBody?.content['multipart/form-data'];
      if (multipart?.schema) {
        multipart.schema = {
          allOf: [
            multipart.schema,
            {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', format: 'binary' } },
            },
          ],
        };
      }
    }
  }
  return document;
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('sanctions-tracker')
    .setDescription(
      'Record possible violations of UN sanctions, verify them against evidence, publish and export them. ' +
        'Every error answers the ErrorBody schema. GET /metrics (Prometheus text for scrapers) is left out on purpose.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return completeContract(
    SwaggerModule.createDocument(app, document, { operationIdFactory: operationIdOf }),
    app,
  );
}
