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

/** A database error's message can quote a value ("invalid input syntax for type uuid: ..."). */
function safeMessage(error: Error): string {
  return error.name === 'QueryFailedError'
    ? 'database error (details withheld from the log)'
    : error.message;
}

/** The stack's frames only: its first line repeats the message, values and all. */
function framesOf(error: Error): string | undefined {
  return error.stack
    ?.split('\n')
    .filter((line) => line.startsWith('    at '))
    .join('\n');
}

export function sendError(
  logger: Logger,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const mapped = mapError(error, String(request.id));
  if (mapped.internal) {
    // Only these fields: a database error also carries the query's parameters and the row's
    // values (driverError.detail), which may hold what must never reach a log line.
    const err = error instanceof Error ? error : new Error(String(error));
    const code =
      (error as { driverError?: { code?: unknown }; code?: unknown }).driverError?.code ??
      (error as { code?: unknown }).code;
    logger.error(
      {
        requestId: request.id,
        err: { type: err.name, message: safeMessage(err), code, stack: framesOf(err) },
      },
      'unexpected error',
    );
  } else if (mapped.sqlState !== undefined) {
    // Input that slipped past validation: the client's mistake, named by its SQLSTATE only.
    logger.info(
      { requestId: request.id, sqlState: mapped.sqlState, status: mapped.body.statusCode },
      'client error: a value was refused by the database',
    );
  }
  if (mapped.retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(Math.max(1, Math.ceil(mapped.retryAfterSeconds))));
  }
  void reply.status(mapped.body.statusCode).send(mapped.body);
}
