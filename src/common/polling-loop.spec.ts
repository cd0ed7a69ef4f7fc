import pino from 'pino';
import { PollingLoop } from './polling-loop';

const silent = pino({ level: 'silent' });

describe('PollingLoop', () => {
  it('runs the next pass at once while work is waiting, then pauses', async () => {
    const starts: number[] = [];
    let remaining = 3;
    const loop = new PollingLoop(
      { name: 'test', intervalMs: 60_000 },
      () => {
        starts.push(Date.now());
        remaining -= 1;
        return Promise.resolve(remaining > 0);
      },
      silent,
    );
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Three passes back to back, then the one-minute pause: stop() cuts it short.
    expect(starts).toHaveLength(3);
    await loop.stop();
    expect(starts).toHaveLength(3);
  });

  it('retries a failing pass with growing pauses, and recovers', async () => {
    const starts: number[] = [];
    const loop = new PollingLoop(
      { name: 'test', intervalMs: 20, maxBackoffMs: 1_000 },
      () => {
        starts.push(Date.now());
        if (starts.length <= 4) return Promise.reject(new Error('database away'));
        return Promise.resolve(false);
      },
      silent,
    );
    loop.start();
    const deadline = Date.now() + 5_000;
    while (starts.length < 6 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await loop.stop();
    expect(starts.length).toBeGreaterThanOrEqual(6);
    // Backoff after the n-th failure is 20 ms × 2^(n-1), halved at most by the jitter.
    const gaps = starts.slice(1, 5).map((at, index) => at - starts[index]);
    expect(gaps[3]).toBeGreaterThanOrEqual((20 * 2 ** 3) / 2 - 5);
  });

  it('lets the pass in flight finish before stop() resolves', async () => {
    let finished = false;
    const loop = new PollingLoop(
      { name: 'test', intervalMs: 10 },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished = true;
        return false;
      },
      silent,
    );
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await loop.stop();
    expect(finished).toBe(true);
  });

  it('passes(n) resolves after n passes that started after the call, waking the loop', async () => {
    let started = 0;
    let release: (() => void) | null = null;
    const loop = new PollingLoop(
      { name: 'test', intervalMs: 60_000 },
      async () => {
        started += 1;
        if (started === 1) await new Promise<void>((resolve) => (release = resolve));
        return false;
      },
      silent,
    );
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toBe(1);
    // The first pass is in flight: it read before the call, so it does not count.
    const two = loop.passes(2);
    let resolved = false;
    void two.then(() => (resolved = true));
    release!();
    await two;
    expect(resolved).toBe(true);
    expect(started).toBe(3);
    await loop.stop();
  });
});
