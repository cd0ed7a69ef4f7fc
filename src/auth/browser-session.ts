import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors';
import { requestOrigin } from '../common/request-origin';

/** The refresh cookie of browser clients (spec 4): host-only, HTTPS-only, never sent cross-site. */
export const REFRESH_COOKIE = '__Host-st_rt';

/** What the web application sends on every request, and what scripts and curl do not. */
export const BROWSER_HEADER = 'x-requested-with';
export const BROWSER_CLIENT = 'sanctions-tracker-web';

const csrf = (message: string): DomainError =>
  new DomainError('forbidden', message, undefined, undefined, 'csrf');

export const isBrowserClient = (request: FastifyRequest): boolean =>
  request.headers[BROWSER_HEADER] === BROWSER_CLIENT;

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[REFRESH_COOKIE];
  return value === undefined || value === '' ? undefined : value;
}

/** The routes that set or read the refresh cookie, under the API's prefix. */
const COOKIE_ROUTES = ['login', 'refresh', 'logout', 'password'];

const COOKIE_OPTIONS = {
  path: '/',
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
} as const;

/**
 * The checks of a cookie route (spec 4). A cross-site form or script can make the browser send
 * the cookie, but it cannot set a custom header or a JSON content type without a preflight
 * (which CORS refuses), and the browser tells where it comes from in `Origin` and
 * `Sec-Fetch-Site`; a request that names neither is not a browser's and is refused too.
 */
export function assertSameOriginJson(
  request: FastifyRequest,
  publicOrigin: string | undefined,
): void {
  if (!isBrowserClient(request)) {
    throw csrf(`A cookie session needs the header X-Requested-With: ${BROWSER_CLIENT}`);
  }
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json(\s*;|$)/i.test(contentType)) {
    throw csrf('A cookie session accepts JSON bodies only');
  }
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (origin === undefined && site === undefined) {
    throw csrf('The request names neither its Origin nor its Sec-Fetch-Site');
  }
  if (origin !== undefined && origin !== requestOrigin(request, publicOrigin)) {
    throw csrf('The request comes from another origin');
  }
  if (site !== undefined && site !== 'same-origin') {
    throw csrf('The request comes from another site');
  }
}

/**
 * Runs the checks before the body is parsed, on every cookie route a browser client calls or
 * the cookie reaches, so a refused request costs nothing and its content type is ours to judge.
 */
export function checkCookieRoutes(
  fastify: FastifyInstance,
  apiPrefix: string,
  publicOrigin: string | undefined,
): void {
  const routes = new Set(COOKIE_ROUTES.map((route) => `/${apiPrefix}/auth/${route}`));
  fastify.addHook('onRequest', async (request) => {
    if (request.method !== 'POST' || !routes.has(request.routeOptions.url ?? '')) return;
    if (isBrowserClient(request) || refreshCookieOf(request) !== undefined) {
      assertSameOriginJson(request, publicOrigin);
    }
  });
}

/** Sets the refresh cookie: for the browser's session, or 14 days when the user asked. */
export function setRefreshCookie(
  reply: FastifyReply,
  token: string,
  persistForSeconds: number | undefined,
): void {
  void reply.setCookie(REFRESH_COOKIE, token, {
    ...COOKIE_OPTIONS,
    ...(persistForSeconds === undefined ? {} : { maxAge: persistForSeconds }),
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, COOKIE_OPTIONS);
}

/** Logout: the cookie goes, and the browser drops what it cached or stored for this origin. */
export function endBrowserSession(reply: FastifyReply): void {
  clearRefreshCookie(reply);
  void reply.header('clear-site-data', '"cache", "storage"');
}
