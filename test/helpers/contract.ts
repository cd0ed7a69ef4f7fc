import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Content = Record<string, { schema?: object }>;
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Content }>;
}
type Paths = Record<string, Record<string, Operation>>;

const DOCUMENT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Paths;
};

/** Ajv reads a discriminator from each branch's enum and refuses the (redundant) mapping. */
function withoutDiscriminatorMappings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDiscriminatorMappings);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] =
      key === 'discriminator' && value && typeof value === 'object'
        ? { propertyName: (value as { propertyName: string }).propertyName }
        : withoutDiscriminatorMappings(value);
  }
  return copy;
}

const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
addFormats(ajv);
ajv.addFormat('binary', true);
ajv.addSchema(withoutDiscriminatorMappings(DOCUMENT) as object, 'openapi.json');

/** Where each suite writes how many responses it checked; global teardown adds them up. */
export const TALLY_DIR = (runId: string): string => join(tmpdir(), `st-contract-${runId}`);

const compiled = new Map<string, ValidateFunction>();

function validatorAt(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
    compiled.set(pointer, validate);
  }
  return validate;
}

const escape = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The document's path for a fastify route: `/api/v1/incidents/:id` → `/api/v1/incidents/{id}`. */
const documentPath = (route: string): string => route.replace(/:(\w+)/g, '{$1}');

export interface ContractCheck {
  checked: number;
  violations: string[];
}

/**
 * Checks every response the service sends against openapi.json (spec 3): the status must be
 * one the operation documents, and a JSON body must match that response's schema; any other
 * body must have a documented content type. Routes outside the document (the web
 * application's files, Swagger UI, /metrics) are left alone; an API route missing from the
 * document is a violation itself.
 */
export function checkResponsesAgainstContract(fastify: FastifyInstance): ContractCheck {
  const check: ContractCheck = { checked: 0, violations: [] };
  fastify.addHook('onSend', async (request, reply, payload) => {
    // A fault of the check itself is recorded, never passed on to the response under test.
    try {
      inspect(request, reply, payload);
    } catch (error) {
      check.violations.push(`${request.method} ${request.url}: the check failed: ${String(error)}`);
    }
    return payload;
  });

  function inspect(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
    const route = request.routeOptions.url;
    if (route === undefined || request.method === 'HEAD' || request.method === 'OPTIONS') {
      return;
    }
    const path = documentPath(route);
    const operation = DOCUMENT.paths[path]?.[request.method.toLowerCase()];
    const where = `${request.method} ${route} → ${reply.statusCode}`;
    if (!operation) {
      if (route.startsWith('/api/v1/')) check.violations.push(`${where}: not in openapi.json`);
      return;
    }
    check.checked += 1;
    const status = String(reply.statusCode);
    const response = operation.responses[status];
    if (!response) {
      check.violations.push(`${where}: status not documented for ${operation.operationId}`);
      return;
    }
    const type = String(reply.getHeader('content-type') ?? '').split(';')[0];
    if (!response.content) {
      if (payload !== null && payload !== undefined && payload !== '') {
        check.violations.push(`${where}: a body where ${operation.operationId} documents none`);
      }
      return;
    }
    const documented = response.content[type] ?? response.content['*/*'];
    if (!documented) {
      check.violations.push(`${where}: content type ${type || '(none)'} not documented`);
      return;
    }
    // A download is bytes whatever its type (an export in JSON is a file, not an answer).
    const binary = (documented.schema as { format?: string } | undefined)?.format === 'binary';
    if (type !== 'application/json' || binary) return;
    if (typeof payload !== 'string') {
      check.violations.push(`${where}: a JSON response that is not a string`);
      return;
    }
    const pointer = `/paths/${escape(path)}/${request.method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const validate = validatorAt(pointer);
    if (!validate(JSON.parse(payload))) {
      check.violations.push(
        `${where}: body does not match ${operation.operationId}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`,
      );
    }
  }
  return check;
}

/** Records the suite's count for the run's summary; throws on any violation. */
export function reportContract(check: ContractCheck): void {
  const runId = process.env.ST_TEST_RUN_ID;
  if (runId) {
    const dir = TALLY_DIR(runId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`),
      JSON.stringify({ checked: check.checked, violations: check.violations.length }),
    );
  }
  if (check.violations.length > 0) {
    throw new Error(
      `${check.violations.length} response(s) do not match openapi.json:\n${[...new Set(check.violations)].join('\n')}`,
    );
  }
}
