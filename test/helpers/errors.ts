import { Response } from 'supertest';
import { ErrorBody } from '../../src/common/error-body';

export const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'Uri Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The reasons (`code`) each status may carry (spec 3). */
export const REASONS_OF: Record<number, string[]> = {
  400: ['validation_failed', 'malformed_json', 'invalid_token'],
  401: ['unauthenticated'],
  403: ['forbidden_role', 'four_eyes', 'csrf'],
  404: ['not_found'],
  409: ['wrong_state', 'stale_version', 'duplicate'],
  410: ['wrong_state'],
  413: ['payload_too_large'],
  414: ['uri_too_long'],
  415: ['unsupported_media_type'],
  422: ['precondition_failed'],
  429: ['rate_limited'],
  500: ['internal'],
  503: ['dependency_down'],
};

/** Asserts the status and the one error body of the API (spec 3), and returns the body. */
export function expectError(
  response: Response,
  status: number,
  message?: string | RegExp,
): ErrorBody {
  expect(response.status).toBe(status);
  const body = response.body as ErrorBody;
  expect(
    Object.keys(body).every((key) =>
      ['statusCode', 'error', 'code', 'message', 'details', 'requestId'].includes(key),
    ),
  ).toBe(true);
  expect(body.statusCode).toBe(status);
  expect(body.error).toBe(REASON[status]);
  expect(REASONS_OF[status]).toContain(body.code);
  expect(typeof body.message).toBe('string');
  expect(body.message).not.toBe('');
  if (message !== undefined) expect(body.message).toMatch(message);
  expect(response.headers['x-request-id']).toEqual(expect.any(String));
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}

/** Asserts a 400 whose details name exactly these fields, each with at least one message. */
export function expectFieldErrors(response: Response, fields: string[]): void {
  const body = expectError(response, 400);
  const details = body.details as { field: string; errors: string[] }[];
  expect(details.map((detail) => detail.field).sort()).toEqual([...fields].sort());
  for (const detail of details) {
    expect(detail.errors.length).toBeGreaterThan(0);
    for (const error of detail.errors) expect(error).toEqual(expect.any(String));
  }
}
