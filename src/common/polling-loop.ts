import { Logger } from 'pino';

export interface PollingLoopOptions {
  /** Names the loop in log lines. */
  name: string;
  /** Pause between passes that found nothing more to do. */
  intervalMs: number;
  /** Upper bound of the pause after failed passes (exponential, with jitter). */
  maxBackoffMs?: number;
}

/**
 * A loop in the process that polls the database: the outbox relay, the reminder sweep and the
 * mailer. They are what must keep working while Redis is away, so they cannot be driven by
 * BullMQ themselves. `pass` answers true when more work is waiting (the next pass runs at
 * once); a pass that throws is retried with exponential backoff and jitter.
 */
export class PollingLoop {
  private running: Promise<void> | null = null;
  private stopping = false;
  private wakeUp: (() => void) | null = null;
  private completed = 0;
  private waiters: { after: number; resolve: () => void }[] = [];

  constructor(
    private readonly options: PollingLoopOptions,
    private readonly pass: () => Promise<boolean>,
    private readonly logger: Logger,
  ) {}

  get isRunning(): boolean {
    return this.running !== null && !this.stopping;
  }

  start(): void {
    this.stopping = false;
    this.running ??= this.run();
  }

  /** Lets the pass in flight finish, then resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
    this.running = null;
  }

  /** Runs the next pass now instead of after the pause. */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Resolves once `count` passes have started and ended after this call (succeeded or
   * failed): the positive signal that the loop looked again, for shutdown and for tests that
   * assert something did not happen.
   */
  passes(count = 1): Promise<void> {
    if (!this.running) return Promise.reject(new Error(`${this.options.name} is not running`));
    // The pass in flight may have read before this call: it does not count.
    const after = this.completed + count + (this.inPass ? 1 : 0);
    return new Promise((resolve) => {
      this.waiters.push({ after, resolve });
      this.wake();
    });
  }

  private inPass = false;

  private passDone(): void {
    this.completed += 1;
    const ready = this.waiters.filter((waiter) => waiter.after <= this.completed);
    this.waiters = this.waiters.filter((waiter) => waiter.after > this.completed);
    for (const waiter of ready) waiter.resolve();
  }

  private async run(): Promise<void> {
    const { name, intervalMs, maxBackoffMs = 10_000 } = this.options;
    let failures = 0;
    while (!this.stopping) {
      let more = false;
      this.inPass = true;
      try {
        more = await this.pass();
        if (failures > 0) this.logger.info({ loop: name }, `${name}: working again`);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn(
          { loop: name, err: (error as Error).message, failures },
          `${name}: pass failed, will retry`,
        );
      } finally {
        this.inPass = false;
        this.passDone();
      }
      if (this.stopping) break;
      const delay =
        failures > 0
          ? Math.min(maxBackoffMs, intervalMs * 2 ** (failures - 1)) * (0.5 + Math.random() / 2)
          : more || this.waiters.length > 0
            ? 0
            : intervalMs;
      if (delay > 0) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
