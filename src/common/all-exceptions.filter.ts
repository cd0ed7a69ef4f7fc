import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { mapError } from './error-body';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(this.logger, error, request, reply);
  }
}

export function sendError(
  logger: Logger,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const mapped = mapError(error, String(request.id));
  if (mapped.internal) {
    const err = error instanceof Error ? error : new Error(String(error));
    logger.error({ requestId: request.id, err }, 'unexpected error');
  }
  if (mapped.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(Math.max(1, Math.ceil(mapped.retryAfterSeconds))));
  }
  void reply.status(mapped.body.statusCode).send(mapped.body);
}
