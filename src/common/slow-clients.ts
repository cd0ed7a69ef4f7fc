import { FastifyInstance, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { AppConfig } from '../config/config';

const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

const isUpload = (request: FastifyRequest): boolean =>
  (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');

/**
 * Cuts off clients that stop sending (spec 3): a JSON request must arrive whole within
 * REQUEST_TIMEOUT; an upload may take as long as it needs but not go UPLOAD_IDLE_TIMEOUT
 * without a byte. The connection is destroyed: the body parser or the upload's stream then
 * fails, and the upload's temporary file is removed on that path (storage.service.ts).
 */
export function cutOffSlowClients(
  fastify: FastifyInstance,
  config: AppConfig,
  logger: Logger,
): void {
  const cutOff = (request: FastifyRequest, why: string): void => {
    logger.info({ requestId: request.id, route: request.routeOptions.url }, why);
    request.raw.socket?.destroy();
  };
  fastify.addHook('onRequest', async (request) => {
    if (isUpload(request)) {
      request.raw.setTimeout(config.uploadIdleTimeoutMs, () =>
        cutOff(request, 'upload cut off: the client stopped sending'),
      );
      return;
    }
    const timer = setTimeout(
      () => cutOff(request, 'request cut off: the client did not send it in time'),
      config.requestTimeoutMs,
    );
    timer.unref();
    timers.set(request, timer);
  });
  // After parsing, the body has arrived: what follows is the service's time, not the client's.
  fastify.addHook('preValidation', async (request) => {
    clearTimeout(timers.get(request));
  });
  fastify.addHook('onResponse', async (request) => {
    clearTimeout(timers.get(request));
    // A kept-alive connection's next request starts without the upload's idle timer.
    if (isUpload(request)) request.raw.socket?.setTimeout(0);
  });
}
