import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  ForbiddenDestinationError,
  guardedLookup,
  isForbiddenAddress,
  literalAddressOf,
} from './destination-guard';

/**
 * Why an attempt failed, in words that say nothing about the receiver's network: a closed
 * port, a reset and a port that does not speak HTTP all read "connection failed", so the
 * delivery log cannot be used to map which internal ports are open.
 */
export type FailureClass = 'timed out' | 'connection failed' | 'destination refused';

export class PostFailure extends Error {
  constructor(readonly failure: FailureClass) {
    super(failure);
    this.name = 'PostFailure';
  }
}

/**
 * POSTs a body and resolves with the status code (the answer's body is discarded). Redirects
 * are not followed. Unless `allowPrivate`, internal destinations are refused, on the address
 * actually connected to.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  allowPrivate: boolean,
): Promise<number> {
  const target = new URL(url);
  if (!allowPrivate) {
    const literal = literalAddressOf(url);
    if (literal !== null && isForbiddenAddress(literal)) {
      return Promise.reject(new PostFailure('destination refused'));
    }
  }
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    ...(allowPrivate ? {} : { lookup: guardedLookup }),
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: number | PostFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (typeof outcome === 'number') resolve(outcome);
      else reject(outcome);
    };
    const req = send(target, options, (response) => {
      response.resume();
      finish(response.statusCode ?? 0);
    });
    const timer = setTimeout(() => {
      finish(new PostFailure('timed out'));
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => {
      // A peer that answered something other than HTTP may leave the socket half-open.
      req.destroy();
      finish(
        new PostFailure(
          error instanceof ForbiddenDestinationError ? 'destination refused' : 'connection failed',
        ),
      );
    });
    req.end(body);
  });
}
