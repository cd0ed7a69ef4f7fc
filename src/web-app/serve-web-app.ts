import fastifyStatic from '@fastify/static';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Logger } from 'pino';
import { DomainError } from '../common/errors';

export const WEB_PREFIX = '/app/';

/**
 * What Vite writes into index.html where a nonce belongs (`html.cspNonce` in web/vite.config.ts):
 * on its script and style tags and in `<meta property="csp-nonce">`, where Mantine reads it.
 */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/** The web application's policy (UI.md): its own origin only, scripts and styles by nonce. */
export const webAppCsp = (nonce: string): string =>
  [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/** Vite names every file under assets/ by its content hash: it never changes under a name. */
const IMMUTABLE = { maxAge: '365d', immutable: true };
const SHORT = { maxAge: '5m', immutable: false };

function filesUnder(root: string): Set<string> {
  const files = new Set<string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
    // Dotfiles (an editor's swap file, a .env copied by mistake) are never served.
    if (path.split('/').some((segment) => segment.startsWith('.'))) continue;
    files.add(path);
  }
  return files;
}

/** The path under /app/ a request names, decoded, or undefined when it cannot be one. */
function requestedPath(request: FastifyRequest): string | undefined {
  const [path] = request.url.split('?');
  try {
    return decodeURIComponent(path.slice(WEB_PREFIX.length));
  } catch {
    return undefined;
  }
}

/**
 * Serves the built web application under /app/ (UI.md), from files listed once at start so no
 * request can name anything else: each file as it is (assets immutable), and every other path
 * under /app/ the application's index.html (its router's pages), with a fresh CSP nonce and
 * `no-store`. A path under assets/ that is not a file is a 404, so a stale chunk never gets HTML.
 * Without a build the service logs one line and serves the API alone.
 */
export async function serveWebApp(
  fastify: FastifyInstance,
  distDir: string,
  logger: Logger,
): Promise<boolean> {
  const root = resolve(distDir);
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) {
    logger.warn(
      { webDistDir: root },
      'web application not built (no index.html): serving the API only',
    );
    return false;
  }
  const index = readFileSync(indexPath, 'utf8');
  const files = filesUnder(root);
  await fastify.register(fastifyStatic, { root, serve: false });

  const sendIndex = (reply: FastifyReply): FastifyReply => {
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', webAppCsp(nonce))
      .send(index.replaceAll(NONCE_PLACEHOLDER, nonce));
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const path = requestedPath(request);
    if (path === undefined) throw new DomainError('bad_request', 'The path is not valid');
    if (path !== 'index.html' && files.has(path)) {
      return reply.sendFile(path, root, path.startsWith('assets/') ? IMMUTABLE : SHORT);
    }
    if (path.startsWith('assets/')) throw new DomainError('not_found', 'No such file');
    return sendIndex(reply);
  };

  // fastify answers HEAD from the GET route.
  fastify.get('/app/*', handler);
  fastify.get('/app', (_request, reply) => reply.redirect(WEB_PREFIX, 302));
  fastify.get('/', (_request, reply) => reply.redirect(WEB_PREFIX, 302));
  logger.info({ webDistDir: root, files: files.size }, 'serving the web application at /app/');
  return true;
}
