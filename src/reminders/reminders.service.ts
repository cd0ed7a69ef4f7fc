import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InjectConfig } from '../common/core.module';
import { AppConfig } from '../config/config';
import { Transactions } from '../database/transactions';
import { IncidentStatus } from '../workflow/workflow';
import { ReminderType } from './reminder.entity';
import { Recipients, RemindersRepository, SweepRule } from './reminders.repository';

/** Incidents a digest names; the rest are counted ("and N more"). */
const DIGEST_ITEMS = 20;

/** Incidents reminded per statement; a larger backlog takes several passes. */
export const SWEEP_BATCH = 5_000;

interface StageDeadline {
  status: IncidentStatus;
  reminder: ReminderType;
  escalation: ReminderType;
  deadlineSeconds: (config: AppConfig) => number;
  /** Who is reminded before it escalates (to the admins). */
  recipients: Exclude<Recipients, 'admins'>;
  /** What the recipient should do, ending the notification's body. */
  ask: string;
  /** The stage in words, for the title. */
  waiting: string;
}

/** Spec 9: each stage's deadline, who is reminded, and the escalation to admins at twice it. */
export const STAGE_DEADLINES: readonly StageDeadline[] = [
  {
    status: 'intake',
    reminder: 'reminder.intake_stale',
    escalation: 'escalation.intake_stale',
    deadlineSeconds: (config) => config.intakeStaleAfterSeconds,
    recipients: 'creator',
    ask: 'Complete it and submit it for verification.',
    waiting: 'still in intake',
  },
  {
    status: 'in_verification',
    reminder: 'reminder.verification_due',
    escalation: 'escalation.verification_due',
    deadlineSeconds: (config) => config.verificationDueAfterSeconds,
    recipients: 'verifiers',
    ask: 'Review its evidence, then verify or reject it.',
    waiting: 'verification is due',
  },
  {
    status: 'verified',
    reminder: 'reminder.publication_due',
    escalation: 'escalation.publication_due',
    deadlineSeconds: (config) => config.publicationDueAfterSeconds,
    recipients: 'writers',
    ask: 'Write its public summary and publish it.',
    waiting: 'publication is due',
  },
];

export interface SweepOutcome {
  reminders: number;
  notifications: number;
  /** A batch was full: more incidents may be due right now. */
  more: boolean;
}

/** Reminders, escalations and the daily digest: set-based SQL, so 10,000 due cost one pass. */
@Injectable()
export class RemindersService {
  private readonly rules: SweepRule[];

  constructor(
    private readonly reminders: RemindersRepository,
    private readonly transactions: Transactions,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.rules = STAGE_DEADLINES.flatMap((stage) => {
      const after = stage.deadlineSeconds(config);
      const statusInWords = inWords(stage.status);
      return [
        {
          type: stage.reminder,
          status: stage.status,
          afterSeconds: after,
          recipients: stage.recipients,
          title: stage.waiting,
          statusInWords,
          ask: stage.ask,
        },
        {
          type: stage.escalation,
          status: stage.status,
          afterSeconds: 2 * after,
          recipients: 'admins',
          title: `overdue, ${stage.waiting}`,
          statusInWords,
          ask: `${stage.ask} It has passed twice its deadline.`,
        },
      ];
    });
  }

  /**
   * One pass over every reminder type, a transaction each, so the first type's reminders are
   * visible before the last type is done. A type whose sweep another worker holds is skipped;
   * the unique (incident, type, stage entry) of reminders would stop a double send anyway,
   * the lock only saves the work.
   */
  async sweep(): Promise<SweepOutcome> {
    const total: SweepOutcome = { reminders: 0, notifications: 0, more: false };
    for (const [index, rule] of this.rules.entries()) {
      const outcome = await this.transactions.run(async (tx) =>
        (await this.reminders.tryLockSweep(tx, index)) ? this.sweepRule(tx, rule) : null,
      );
      if (!outcome) continue;
      total.reminders += outcome.reminders;
      total.notifications += outcome.notifications;
      total.more ||= outcome.more;
    }
    return total;
  }

  private async sweepRule(tx: EntityManager, rule: SweepRule): Promise<SweepOutcome> {
    const result = await this.reminders.remind(tx, rule, SWEEP_BATCH);
    // Data-modifying CTEs run to completion whether or not the final SELECT reads them.
    const more = result.candidates >= SWEEP_BATCH;
    // A full batch has looked only as far as its last incident; otherwise up to the cutoff.
    const sweptUntil = more && result.last ? result.last : result.cutoff;
    await this.reminders.recordSweep(tx, rule.type, sweptUntil);
    return { reminders: result.reminders, notifications: result.notifications, more };
  }

  /**
   * The daily digest: each active user with something waiting gets one notification naming it,
   * by reference and title, what is overdue first (spec 9). Keyed by the day, so a second run
   * that day (a retry, a second worker) adds nothing.
   */
  digest(day: string = new Date().toISOString().slice(0, 10)): Promise<number> {
    return this.reminders.digest(
      day,
      {
        intake: this.config.intakeStaleAfterSeconds,
        inVerification: this.config.verificationDueAfterSeconds,
        verified: this.config.publicationDueAfterSeconds,
      },
      DIGEST_ITEMS,
    );
  }
}

const inWords = (status: IncidentStatus): string =>
  status === 'intake'
    ? 'in intake'
    : status === 'in_verification'
      ? 'waiting for verification'
      : 'verified and unpublished';
