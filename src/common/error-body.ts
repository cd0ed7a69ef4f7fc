import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, Reason, STATUS_OF } from './errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: Reason;
  message: string;
  details?: unknown;
  requestId: string;
}

export interface MappedError {
  body: ErrorBody;
  retryAfterSeconds?: number;
  /** True for anything unexpected: it is logged with its stack, and its text is hidden. */
  internal: boolean;
  /** Input refused by a column constraint: the client's error, logged as such by its SQLSTATE. */
  sqlState?: string;
}

/** FST_ERR_CTP_INVALID_JSON_BODY and FST_ERR_CTP_EMPTY_JSON_BODY, as fastify words them. */
const FASTIFY_JSON_MESSAGE = /^Body (is not valid JSON|cannot be empty)/;

const FASTIFY_CODES: Record<string, number> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 400,
  FST_ERR_CTP_EMPTY_JSON_BODY: 400,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 400,
  FST_ERR_CTP_BODY_TOO_LARGE: 413,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_ERR_CTP_INVALID_TYPE: 415,
  FST_ERR_MAX_PARAM_LENGTH: 414,
  FST_REQ_FILE_TOO_LARGE: 413,
  FST_FILES_LIMIT: 400,
  FST_PARTS_LIMIT: 413,
  FST_FIELDS_LIMIT: 413,
  FST_ERR_BAD_URL: 400,
};

function reason(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** The reason of an error that carries only its status (framework and HTTP errors). */
function reasonOfStatus(status: number): Reason {
  switch (status) {
    case 400:
      return 'validation_failed';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden_role';
    case 404:
      return 'not_found';
    case 409:
      return 'wrong_state';
    case 413:
      return 'payload_too_large';
    case 414:
      return 'uri_too_long';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'precondition_failed';
    case 429:
      return 'rate_limited';
    case 503:
      return 'dependency_down';
    default:
      return status >= 500 ? 'internal' : 'validation_failed';
  }
}

function body(
  status: number,
  message: string,
  requestId: string,
  details?: unknown,
  code: Reason = reasonOfStatus(status),
): ErrorBody {
  return {
    statusCode: status,
    error: reason(status),
    code,
    message,
    ...(details === undefined ? {} : { details }),
    requestId,
  };
}

/** Maps anything thrown while serving a request to the one error body of the API (spec 3). */
export function mapError(error: unknown, requestId: string): MappedError {
  if (error instanceof DomainError) {
    return {
      body: body(STATUS_OF[error.code], error.message, requestId, error.details, error.reason),
      retryAfterSeconds: error.retryAfterSeconds,
      internal: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    let message = error.message;
    let details: unknown;
    if (typeof response === 'object' && response !== null) {
      const payload = response as { message?: unknown; details?: unknown };
      if (Array.isArray(payload.message)) {
        message = 'Validation failed';
        details = payload.message;
      } else if (typeof payload.message === 'string') {
        message = payload.message;
      }
      if (payload.details !== undefined) details = payload.details;
    }
    if (status >= 500)
      return { body: body(status, 'Internal server error', requestId), internal: true };
    // Nest turns fastify's body-parser errors into plain HttpExceptions, dropping their code:
    // fastify's own messages are what is left to tell malformed JSON from a validation failure.
    const code =
      status === 400 && FASTIFY_JSON_MESSAGE.test(message) ? 'malformed_json' : undefined;
    return { body: body(status, message, requestId, details, code), internal: false };
  }
  const fastify = error as { code?: string; statusCode?: number; message?: string };
  if (fastify && typeof fastify.code === 'string' && fastify.code in FASTIFY_CODES) {
    const status = FASTIFY_CODES[fastify.code];
    const message =
      status === 413
        ? fastify.code.startsWith('FST_ERR_CTP')
          ? 'Request body is too large'
          : 'The upload is too large or has too many parts'
        : status === 415
          ? 'Unsupported content type'
          : status === 414
            ? 'A path parameter is too long'
            : fastify.code === 'FST_ERR_BAD_URL'
              ? 'The URL is malformed'
              : fastify.code === 'FST_FILES_LIMIT'
                ? 'Send exactly one file, in the field named "file"'
                : 'Request body is not valid JSON';
    const code =
      fastify.code.startsWith('FST_ERR_CTP_INVALID_JSON') ||
      fastify.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'malformed_json'
        : undefined;
    return { body: body(status, message, requestId, undefined, code), internal: false };
  }
  if (
    fastify &&
    typeof fastify.statusCode === 'number' &&
    fastify.statusCode >= 400 &&
    fastify.statusCode < 500
  ) {
    return {
      body: body(fastify.statusCode, fastify.message ?? reason(fastify.statusCode), requestId),
      internal: false,
    };
  }
  // Safety net: input that slipped past validation and was refused by a column constraint is
  // still the client's error. It is logged, and the body names no column or value.
  const sqlState = (error as { driverError?: { code?: unknown } })?.driverError?.code;
  if (typeof sqlState === 'string' && CLIENT_SQL_STATES.has(sqlState)) {
    return {
      body: body(400, 'A value is not valid for this field', requestId),
      internal: false,
      sqlState,
    };
  }
  return { body: body(500, 'Internal server error', requestId), internal: true };
}

// not_null_violation, check_violation, invalid_text_representation, datetime/numeric overflow,
// string too long, NUL in text (22021) or in JSON (22P05)
const CLIENT_SQL_STATES = new Set([
  '23502',
  '23514',
  '22P02',
  '22007',
  '22008',
  '22003',
  '22001',
  '22021',
  '22P05',
]);
