import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import { PollingLoop } from '../common/polling-loop';
import { RemindersService } from './reminders.service';

/**
 * Runs the reminder sweep every REMINDER_SWEEP_EVERY in each worker process. A loop on the
 * database rather than a BullMQ schedule: reminders keep arriving while Redis is away (they
 * are in-app rows; e-mail and webhooks follow from the database once Redis is back).
 */
@Injectable()
export class ReminderSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    private readonly reminders: RemindersService,
    @InjectConfig() config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.loop = new PollingLoop(
      { name: 'reminder sweep', intervalMs: config.reminderSweepEverySeconds * 1000 },
      () => this.pass(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Resolves once `count` whole passes have run after this call (PollingLoop.passes). */
  passes(count = 1): Promise<void> {
    return this.loop.passes(count);
  }

  private async pass(): Promise<boolean> {
    const outcome = await this.reminders.sweep();
    if (outcome.reminders > 0) {
      this.logger.info(
        { reminders: outcome.reminders, notifications: outcome.notifications },
        'reminders sent',
      );
    }
    return outcome.more;
  }
}
