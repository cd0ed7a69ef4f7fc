import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { type NodemailerError } from 'nodemailer';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { Mailer } from '../common/mailer';
import { AppConfig } from '../config/config';
import { PollingLoop } from '../common/polling-loop';
import { notificationMail } from './notification-email';
import { ClaimedMail, NotificationsRepository } from './notifications.repository';

const BATCH = 50;
const POLL_MS = 1_000;
/** A claimed row is hidden from other mailers this long; a pass stops sending at half of it. */
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 8;
const MAX_RETRY_DELAY_MS = 3_600_000;

interface PassOutcome {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

/** Exponential backoff with jitter: base × 2^(attempts − 1), at most an hour, times 0.5–1. */
export const mailRetryDelayMs = (baseMs: number, attempts: number): number =>
  Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1)) * (0.5 + Math.random() / 2);

/**
 * Sends the e-mail copies of notifications (email_status 'pending') through SMTP_URL.
 *
 * A polling loop rather than a BullMQ job, like the outbox relay: the rows are the queue, so
 * mail keeps flowing while Redis is away. Each row is claimed with a lease (email_next_at
 * pushed past the pass) under FOR UPDATE SKIP LOCKED, so several workers share the work, and
 * sent outside any transaction. Delivery is at least once: a mailer that dies between the
 * SMTP server's acceptance and the 'sent' update sends that message again after the lease.
 */
@Injectable()
export class MailRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private stopping = false;
  private readonly loop: PollingLoop;

  constructor(
    private readonly notifications: NotificationsRepository,
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
    private readonly mailer: Mailer,
  ) {
    this.loop = new PollingLoop(
      { name: 'mailer', intervalMs: POLL_MS },
      async () => (await this.sendOnce()).claimed === BATCH,
      logger,
    );
  }

  onApplicationBootstrap(): void {
    if (!this.mailer.configured) return;
    this.loop.start();
  }

  /** Lets the batch in flight finish; the Mailer closes the SMTP connections after it. */
  async onModuleDestroy(): Promise<void> {
    // A pass in flight stops between two messages (SIGTERM has a grace period to respect).
    this.stopping = true;
    await this.loop.stop();
  }

  /** Whether the mailer runs: only when SMTP_URL is set. */
  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  /** Resolves once `count` whole passes have run after this call (PollingLoop.passes). */
  passes(count = 1): Promise<void> {
    return this.loop.passes(count);
  }

  private async sendOnce(): Promise<PassOutcome> {
    const outcome: PassOutcome = { claimed: 0, sent: 0, retrying: 0, failed: 0, skipped: 0 };
    if (!this.mailer.configured) return outcome;
    const started = Date.now();
    const claimed = await this.notifications.claimMail(LEASE_MS, BATCH);
    outcome.claimed = claimed.length;
    if (claimed.length === 0) return outcome;

    const inactive = claimed.filter((mail) => !mail.active).map((mail) => mail.id);
    if (inactive.length > 0) {
      await this.notifications.abandonMail(inactive);
      outcome.skipped = inactive.length;
    }

    for (const [index, mail] of claimed.entries()) {
      if (!mail.active) continue;
      if (this.stopping) {
        // Shutting down: hand the rest back at once rather than at the end of the lease.
        const rest = claimed
          .slice(index)
          .filter((item) => item.active)
          .map((item) => item.id);
        await this.notifications.releaseMail(rest);
        break;
      }
      // What is left stays claimed and is picked up again when its lease ends.
      if (Date.now() - started > LEASE_MS / 2) break;
      const { subject, text } = notificationMail(mail);
      try {
        await this.mailer.send({ to: mail.email, subject, text });
      } catch (error) {
        const gaveUp = await this.recordFailure(mail, error as NodemailerError);
        if (gaveUp) outcome.failed += 1;
        else outcome.retrying += 1;
        continue;
      }
      await this.notifications.markMailed(mail.id);
      outcome.sent += 1;
    }
    this.logger.info({ loop: 'mailer', ...outcome }, 'mailer: pass done');
    return outcome;
  }

  /** Counts the attempt and backs off, or gives up after MAX_ATTEMPTS; answers true if it gave up. */
  private async recordFailure(mail: ClaimedMail, error: NodemailerError): Promise<boolean> {
    const attempts = mail.attempts + 1;
    const gaveUp = attempts >= MAX_ATTEMPTS;
    const delayMs = Math.round(mailRetryDelayMs(this.config.mailRetryDelayMs, attempts));
    await this.notifications.recordMailFailure(mail.id, gaveUp, delayMs);
    // Codes only: the server's response text may quote the recipient's address.
    this.logger.warn(
      {
        loop: 'mailer',
        notificationId: mail.id,
        attempts,
        code: error.code,
        responseCode: error.responseCode,
        command: error.command,
        gaveUp,
      },
      gaveUp ? 'mailer: e-mail failed, giving up' : 'mailer: e-mail failed, will retry',
    );
    return gaveUp;
  }
}
