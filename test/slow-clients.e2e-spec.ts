import { readdirSync } from 'node:fs';
import { AddressInfo, connect, Socket } from 'node:net';
import { join } from 'node:path';
import { createTestApp, TestApp } from './helpers/app';
import { fileIncident } from './helpers/incidents';
import { Caller, signIn } from './helpers/users';
import { sleep, waitFor } from './helpers/wait';

interface Exchange {
  socket: Socket;
  /** Resolves when the server closes the connection, with what it sent and how long it took. */
  closed: Promise<{ received: string; afterMs: number }>;
}

/** A real TCP client, so bytes can be sent slowly or not at all. */
function open(port: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      const closed = new Promise<{ received: string; afterMs: number }>((done) =>
        socket.on('close', () =>
          done({ received: Buffer.concat(chunks).toString('utf8'), afterMs: Date.now() - started }),
        ),
      );
      socket.on('error', () => undefined);
      resolve({ socket, closed });
    });
  });
}

const BOUNDARY = 'slow-client-boundary';

describe('clients that stop sending are cut off (e2e)', () => {
  let t: TestApp;
  let port: number;
  let monitor: Caller;
  let incidentId: string;

  const partFiles = (): string[] => {
    try {
      return readdirSync(join(t.config.storageDir, 'tmp')).filter((name) => name.endsWith('.part'));
    } catch {
      return [];
    }
  };
  const uploadHead = (length: number): string =>
    `POST /api/v1/incidents/${incidentId}/evidence HTTP/1.1\r\n` +
    `Host: 127.0.0.1\r\nAuthorization: Bearer ${monitor.accessToken}\r\n` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n\r\n`;
  const partHead =
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndocument\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="description"\r\n\r\nSlow upload\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\n` +
    `Content-Type: text/plain\r\n\r\n`;
  const partTail = `\r\n--${BOUNDARY}--\r\n`;

  beforeAll(async () => {
    t = await createTestApp({ REQUEST_TIMEOUT: 'PT1S', UPLOAD_IDLE_TIMEOUT: 'PT1S' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    monitor = await signIn(t, 'monitor');
    incidentId = (await fileIncident(t, monitor)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a login body that stops half way is cut off after REQUEST_TIMEOUT, with no answer', async () => {
    const exchange = await open(port);
    const body = JSON.stringify({ email: 'someone@example.org', password: 'a password to type' });
    exchange.socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    const { received, afterMs } = await exchange.closed;
    expect(received).toBe('');
    expect(afterMs).toBeGreaterThanOrEqual(900);
    expect(afterMs).toBeLessThan(10_000);
    expect(t.logLines.some((line) => line.includes('request cut off'))).toBe(true);
  });

  it('a body trickled a byte at a time is cut off too: the timeout is for the whole request', async () => {
    const exchange = await open(port);
    const body = JSON.stringify({ email: 'trickle@example.org', password: 'x'.repeat(40) });
    exchange.socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`,
    );
    let closed = false;
    void exchange.closed.then(() => {
      closed = true;
    });
    for (const character of body) {
      if (closed) break;
      exchange.socket.write(character);
      await sleep(100);
    }
    const { received, afterMs } = await exchange.closed;
    expect(received).toBe('');
    expect(afterMs).toBeLessThan(body.length * 100);
  });

  it('a client that sends in time gets its answer on the same kind of connection', async () => {
    const exchange = await open(port);
    const body = JSON.stringify({ email: 'someone@example.org', password: 'a password to type' });
    exchange.socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    const { received } = await exchange.closed;
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(received).toContain('Invalid email or password');
  });

  it('a stalled upload is cut off after UPLOAD_IDLE_TIMEOUT and its partial file removed', async () => {
    const exchange = await open(port);
    const content = 'x'.repeat(200_000);
    const total = partHead.length + content.length + partTail.length;
    exchange.socket.write(uploadHead(total) + partHead + content.slice(0, 50_000));
    await waitFor(
      'the partial file',
      async () => partFiles(),
      (files) => files.length === 1,
    );
    const { received, afterMs } = await exchange.closed;
    expect(received).toBe('');
    expect(afterMs).toBeGreaterThanOrEqual(900);
    await waitFor(
      'the partial file to go',
      async () => partFiles(),
      (files) => files.length === 0,
    );
    const [{ count }] = await t.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM evidence WHERE incident_id = $1',
      [incidentId],
    );
    expect(Number(count)).toBe(0);
    expect(t.logLines.some((line) => line.includes('upload cut off'))).toBe(true);
  });

  it('a slow upload that never pauses for long completes, past REQUEST_TIMEOUT', async () => {
    const exchange = await open(port);
    const chunks = Array.from({ length: 8 }, (_, i) => `chunk ${i} `.repeat(100));
    const content = chunks.join('');
    const total = partHead.length + content.length + partTail.length;
    exchange.socket.write(uploadHead(total).replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
    exchange.socket.write(partHead);
    for (const chunk of chunks) {
      await sleep(250);
      exchange.socket.write(chunk);
    }
    exchange.socket.write(partTail);
    const { received, afterMs } = await exchange.closed;
    expect(afterMs).toBeGreaterThan(1_500);
    expect(received).toMatch(/^HTTP\/1\.1 201 /);
    expect(received).toContain('"description":"Slow upload"');
    expect(partFiles()).toEqual([]);
  });
});
