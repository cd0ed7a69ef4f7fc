import { FastifyInstance, FastifyRequest } from 'fastify';

/** JSON, errors and everything else the API answers: nothing to load, no framing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Swagger UI: its own scripts and styles, inline ones included. No upgrade-insecure-requests:
 * reached over plain HTTP by any host name (a LAN address, a container name), the browser
 * would upgrade its assets to https and render a blank page.
 */
export const SWAGGER_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'";

/** No page of this service uses any of these browser features. */
export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), ' +
  'interest-cohort=(), browsing-topics=()';

const isSwagger = (request: FastifyRequest): boolean =>
  request.url === '/api/docs' || request.url.startsWith('/api/docs/');

/**
 * Headers per kind of response (spec 3): a Content-Security-Policy for the API and one for
 * Swagger UI, a Permissions-Policy on everything, and `Cache-Control: no-store` on every
 * response to a signed-in caller, so no browser or proxy keeps case data.
 */
export function setResponseHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply) => {
    if (!reply.hasHeader('content-security-policy')) {
      void reply.header('content-security-policy', isSwagger(request) ? SWAGGER_CSP : API_CSP);
    }
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
    if ((request as { user?: unknown }).user !== undefined) {
      void reply.header('cache-control', 'no-store');
    }
  });
}
