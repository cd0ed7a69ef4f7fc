import { Writable } from 'node:stream';
import { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { sendError } from './all-exceptions.filter';
import { createLogger } from './logger';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

function reply(): { sent: { status?: number; body?: unknown }; reply: FastifyReply } {
  const sent: { status?: number; body?: unknown } = {};
  const fake = {
    header: () => fake,
    status: (status: number) => {
      sent.status = status;
      return fake;
    },
    send: (body: unknown) => {
      sent.body = body;
      return fake;
    },
  };
  return { sent, reply: fake as unknown as FastifyReply };
}

const request = { id: 'req-1' } as unknown as FastifyRequest;

function queryError(code: string, message: string): QueryFailedError {
  const driverError = Object.assign(new Error(message), {
    code,
    detail: 'Key (name)=(Kim) exists',
  });
  return new QueryFailedError('INSERT INTO sources ...', ['Informant Kim'], driverError);
}

describe('sendError', () => {
  it('logs an unexpected database error without its message, values or the stack’s first line', () => {
    const { lines, logger } = capture();
    const { sent, reply: fake } = reply();
    sendError(logger, queryError('23505', 'duplicate key value: Informant Kim'), request, fake);
    expect(sent.status).toBe(500);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as { msg: string; err: { message: string; stack: string } };
    expect(line.msg).toBe('unexpected error');
    expect(line.err.message).toBe('database error (details withheld from the log)');
    expect(line.err.stack).toMatch(/^ {4}at /);
    expect(lines[0]).not.toContain('Kim');
  });

  it('logs input the database refused as a client error, with its SQLSTATE and no stack', () => {
    const { lines, logger } = capture();
    const { sent, reply: fake } = reply();
    sendError(
      logger,
      queryError('22021', 'invalid byte sequence: 0x00 in "Informant Kim"'),
      request,
      fake,
    );
    expect(sent).toEqual({
      status: 400,
      body: expect.objectContaining({
        statusCode: 400,
        message: 'A value is not valid for this field',
      }),
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      msg: 'client error: a value was refused by the database',
      sqlState: '22021',
      requestId: 'req-1',
    });
    expect(lines[0]).not.toMatch(/Kim|stack|unexpected/);
  });

  it('logs nothing for an ordinary client error', () => {
    const { lines, logger } = capture();
    const { sent, reply: fake } = reply();
    sendError(logger, Object.assign(new Error('bad'), { statusCode: 404 }), request, fake);
    expect(sent.status).toBe(404);
    expect(lines).toEqual([]);
  });
});
