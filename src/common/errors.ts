export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'too_many_requests'
  | 'unavailable';

/**
 * The stable, machine-readable reason in every error body (spec 3): a client branches on it
 * without parsing the message. Set where the error is raised when the status alone is
 * ambiguous (409 stale_version or duplicate, 403 four_eyes), else from the status.
 */
export const REASONS = [
  'validation_failed',
  'malformed_json',
  'unauthenticated',
  'forbidden_role',
  'four_eyes',
  'not_found',
  'wrong_state',
  'stale_version',
  'duplicate',
  'precondition_failed',
  'payload_too_large',
  'unsupported_media_type',
  'uri_too_long',
  'rate_limited',
  'dependency_down',
  'csrf',
  'invalid_token',
  'internal',
] as const;
export type Reason = (typeof REASONS)[number];

/** The reason of an error raised with only its kind. */
export const DEFAULT_REASON: Record<ErrorCode, Reason> = {
  bad_request: 'validation_failed',
  unauthorized: 'unauthenticated',
  forbidden: 'forbidden_role',
  not_found: 'not_found',
  conflict: 'wrong_state',
  gone: 'wrong_state',
  payload_too_large: 'payload_too_large',
  unsupported_media_type: 'unsupported_media_type',
  unprocessable: 'precondition_failed',
  too_many_requests: 'rate_limited',
  unavailable: 'dependency_down',
};

export const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  unavailable: 503,
};

/** An expected failure of the domain; the global filter maps it to the error body of the API. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
    readonly reason: Reason = DEFAULT_REASON[code],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError =>
  new DomainError('not_found', `${what} not found`);
export const staleVersion = (what: string): DomainError =>
  new DomainError(
    'conflict',
    `${what} was changed by someone else; reload it and try again`,
    undefined,
    undefined,
    'stale_version',
  );
/** Separation of duties (spec 1): nobody verifies or reviews their own work. */
export const fourEyes = (message: string): DomainError =>
  new DomainError('forbidden', message, undefined, undefined, 'four_eyes');
/** The same thing exists already (an e-mail, a code, a file on the incident). */
export const duplicate = (message: string, details?: unknown): DomainError =>
  new DomainError('conflict', message, details, undefined, 'duplicate');
/** A 400 about one field, with the details a client maps onto that field. */
export const invalidField = (field: string, message: string): DomainError =>
  new DomainError('bad_request', message, [{ field, errors: [message] }]);
export const forbidden = (message: string): DomainError => new DomainError('forbidden', message);
export const unauthorized = (message = 'Authentication required'): DomainError =>
  new DomainError('unauthorized', message);
