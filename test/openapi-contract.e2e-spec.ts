import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; schema: { type: string; format?: string } }[];
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  security?: unknown[];
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

/**
 * The committed document is a contract a client can be generated from (spec 3). It is read
 * from the file, which CI regenerates from the built service (whose Swagger plugin reads the
 * DTOs' types) and compares; the suite's own service is compiled without that plugin.
 */
describe('openapi.json is complete enough to generate a typed client (e2e)', () => {
  let document: Document;
  const operations = (): [string, string, Operation][] =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => [path, method, operation] as const),
    ) as [string, string, Operation][];
  const operation = (id: string): Operation => {
    const found = operations().find(([, , op]) => op.operationId === id);
    if (!found) throw new Error(`no operation ${id}`);
    return found[2];
  };

  beforeAll(() => {
    document = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as Document;
  });

  it('every {id} in a path is a uuid', () => {
    const ids = operations().flatMap(([path, , op]) =>
      (op.parameters ?? [])
        .filter((parameter) => parameter.in === 'path' && parameter.name === 'id')
        .map((parameter) => [path, parameter.schema.format]),
    );
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.filter(([, format]) => format !== 'uuid')).toEqual([]);
  });

  it('every operation answers the shared error body for 500, with its code among the reasons', () => {
    const errorBody = document.components.schemas.ErrorBody as {
      required: string[];
      properties: { code: { enum: string[] } };
    };
    expect(errorBody.required).toEqual(['statusCode', 'error', 'code', 'message', 'requestId']);
    expect(errorBody.properties.code.enum).toEqual(
      expect.arrayContaining(['validation_failed', 'four_eyes', 'stale_version', 'csrf']),
    );
    for (const [path, method, op] of operations()) {
      expect([path, method, op.responses['500']?.content?.['application/json'].schema]).toEqual([
        path,
        method,
        { $ref: '#/components/schemas/ErrorBody' },
      ]);
    }
  });

  it('states each route’s own errors: a stale edit 409, four eyes 403, an unmet precondition 422', () => {
    expect(Object.keys(operation('updateIncident').responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '422', '429']),
    );
    expect(Object.keys(operation('reviewEvidence').responses)).toEqual(
      expect.arrayContaining(['403', '409']),
    );
    expect(Object.keys(operation('getPublicIncident').responses)).toEqual(
      expect.arrayContaining(['404', '429']),
    );
    // Health is not rate limited, so it does not say it is.
    expect(Object.keys(operation('getLiveness').responses)).not.toContain('429');
  });

  it('public routes need no token; the rest need the bearer token', () => {
    const anonymous = operations()
      .filter(([, , op]) => op.security === undefined)
      .map(([, , op]) => op.operationId)
      .sort();
    expect(anonymous).toEqual(
      [
        'downloadEvidenceByTicket',
        'downloadExportByTicket',
        'forgotPassword',
        'getLiveness',
        'getPublicIncident',
        'getReadiness',
        'listPublicIncidents',
        'login',
        'refreshSession',
        'resetPassword',
      ].sort(),
    );
  });

  it('a source view names its shape in a discriminator', () => {
    const page = document.components.schemas.SourcePageDto as {
      properties: { items: { items: { discriminator: { propertyName: string } } } };
    };
    expect(page.properties.items.items.discriminator.propertyName).toBe('view');
  });

  it('uploads have a binary file part; downloads have binary bodies of their types', () => {
    const upload = operation('addEvidence').requestBody!.content['multipart/form-data'].schema;
    expect(JSON.stringify(upload)).toContain('"file":{"type":"string","format":"binary"}');
    const download = operation('downloadExport').responses['200'].content!;
    expect(Object.keys(download).sort()).toEqual(
      ['application/json', 'application/x-ndjson', 'text/csv', 'text/html', 'text/markdown'].sort(),
    );
    expect(download['text/csv'].schema).toEqual({ type: 'string', format: 'binary' });
  });

  it('lists take limit and cursor as query parameters', () => {
    const names = (operation('listEvidence').parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name);
    expect(names).toEqual(['limit', 'cursor']);
  });

  it('leaves /metrics out on purpose', () => {
    expect(Object.keys(document.paths)).not.toContain('/metrics');
  });
});
