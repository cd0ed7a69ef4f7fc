import { FastifyRequest } from 'fastify';

/**
 * The origin browsers reach the service at: `PUBLIC_URL` when set, else the request's own
 * scheme and host. The latter is the client's word (its Host header), so it must never decide
 * where a link mailed to someone else points.
 */
export const requestOrigin = (request: FastifyRequest, publicOrigin: string | undefined): string =>
  publicOrigin ?? `${request.protocol}://${request.host}`;
