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

  constructor(
    private readonly options: PollingLoopOptions,
    private readonly pass: () => Promise<boolean>,
    private readonly logger: Logger,
  ) {}

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

  private async run(): Promise<void> {
    const { name, intervalMs, maxBackoffMs = 10_000 } = this.options;
    let failures = 0;
    while (!this.stopping) {
      let more = false;
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
      }
      if (this.stopping) break;
      const delay =
        failures > 0
          ? Math.min(maxBackoffMs, intervalMs * 2 ** (failures - 1)) * (0.5 + Math.random() / 2)
          : more
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
