import { SetMetadata } from '@nestjs/common';

export const API_ERRORS_KEY = 'api:errors';

/**
 * The statuses a route answers from its own rules (a missing object, a wrong state, a stale
 * version, a failed precondition...), beyond those every route of its kind can answer, which
 * openapi-contract.ts adds from the route's shape. The e2e suite refuses any response whose
 * status the document does not list for its operation, so this list cannot fall behind.
 */
export const ApiErrors = (...statuses: number[]): MethodDecorator =>
  SetMetadata(API_ERRORS_KEY, statuses);
