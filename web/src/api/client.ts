import createClient from 'openapi-fetch';
import { CLIENT_HEADER, session } from '../app/session';
import type { components, paths } from './schema';

export type ErrorBody = components['schemas']['ErrorBody'];

/**
 * Every call carries the access token from memory; a 401 gets one refresh and one retry, then
 * the session ends. Requests go to the app's own origin only (connect-src 'self').
 */
async function authorizedFetch(request: Request): Promise<Response> {
  await session.fresh();
  const send = (attempt: Request): Promise<Response> => {
    const authorization = session.authorization();
    if (authorization) attempt.headers.set('Authorization', authorization);
    return fetch(attempt);
  };
  const retry = request.clone();
  const response = await send(request);
  if (response.status !== 401 || !session.authorization()) return response;
  return (await session.recover()) ? send(retry) : response;
}

export const api = createClient<paths>({
  baseUrl: '',
  headers: CLIENT_HEADER,
  fetch: authorizedFetch,
});

/** The error body of a failed call, when the server sent one. */
export function errorOf(error: unknown): ErrorBody | null {
  return error && typeof error === 'object' && 'code' in error ? (error as ErrorBody) : null;
}

/** A failed call, with the error body the API answered (its code, message and request id). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

/** Throws what openapi-fetch answered as an error, so queries fail with an Error. */
export function apiError(response: Response, error: unknown): ApiError {
  return new ApiError(response.status, errorOf(error));
}
