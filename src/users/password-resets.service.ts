import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Logger } from 'pino';
import { AuditService } from '../audit/audit.service';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { DomainError, notFound } from '../common/errors';
import { Mail, Mailer } from '../common/mailer';
import { AppConfig } from '../config/config';
import { SessionCache } from '../session-cache/session-cache';
import { hashPassword } from './password';
import { passwordLink, resetPasswordMail, setPasswordMail } from './password-mail';
import { PasswordTokenPurpose } from './password-token.entity';
import { UsersRepository } from './users.repository';

/** How long a link lives: an admin's or operator's, and a forgotten password's (spec 4). */
export const SET_PASSWORD_TTL_SECONDS = 24 * 60 * 60;
export const RESET_PASSWORD_TTL_SECONDS = 30 * 60;

/** The one answer for a token that is unknown, used, expired, or not a token at all. */
export const INVALID_PASSWORD_TOKEN =
  'This password link is invalid, used or expired; ask for a new one';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

const invalidToken = (): DomainError =>
  new DomainError('bad_request', INVALID_PASSWORD_TOKEN, undefined, undefined, 'invalid_token');

export interface PasswordLink {
  link: string;
  expiresAt: string;
}

/**
 * Passwords forgotten and reset (spec 4): single-use tokens of 32 random bytes, stored as their
 * SHA-256 only, handed out as a link whose fragment carries the token.
 *
 * Mail goes out after the request has been answered (`later`): a forgotten-password request
 * does the same work before its answer whether or not the address is an account's, and an
 * SMTP server's delay or outage never shows in an answer. `settled()` resolves when that work
 * is done; shutdown waits for it.
 */
@Injectable()
export class PasswordResets implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly accounts: UsersRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
    private readonly mailer: Mailer,
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.mailer.configured && !this.config.publicOrigin) {
      this.logger.warn(
        'SMTP_URL is set but PUBLIC_URL is not: forgotten-password requests mail no link',
      );
    }
  }

  /**
   * An admin's (or, with `actorId` null, an operator's) set-password link, valid 24 h. The user's
   * sessions end and their password stops working at once; the link is mailed to them when
   * e-mail is configured. `origin` is where the link points.
   */
  async issueLink(actorId: string | null, userId: string, origin: string): Promise<PasswordLink> {
    const token = randomBytes(32).toString('base64url');
    // Whoever knew the old password (the reason for a reset, sometimes) is locked out too.
    const unusable = await hashPassword(randomBytes(32).toString('base64url'));
    const mailed = this.mailer.configured;
    const { email, expiresAt } = await this.accounts.transaction(async (tx) => {
      const user = await this.accounts.lockUser(tx, userId);
      if (!user) throw notFound('User');
      if (!user.active) {
        throw new DomainError(
          'conflict',
          'This user is deactivated: reactivate them before issuing a password link',
        );
      }
      const issued = await this.accounts.issuePasswordToken(tx, {
        userId,
        tokenHash: sha256(token),
        purpose: 'set',
        ttlSeconds: SET_PASSWORD_TTL_SECONDS,
        createdBy: actorId,
      });
      await this.accounts.setPassword(tx, userId, unusable);
      await this.accounts.revokeSessions(tx, userId, 'password_reset');
      await this.audit.append(tx, {
        actorId,
        action: 'user.password_reset_issued',
        entityType: 'user',
        entityId: userId,
        data: this.issuedData(issued, 'set', mailed),
      });
      return { email: user.email, expiresAt: issued.expiresAt };
    });
    // Name, roles and standing are read per request: the cached caller must go at once.
    this.sessions.evictUser(userId);
    const link = passwordLink(origin, token);
    if (mailed) this.later('set-password link', () => setPasswordMail(email, link, expiresAt));
    return { link, expiresAt: expiresAt.toISOString() };
  }

  /**
   * A forgotten password: after the answer, when `email` is an active account's and e-mail is
   * configured, mails it a reset link valid 30 minutes. Nothing else changes: the password and
   * the sessions stay until the link is used. `origin` must not come from the request (it is
   * the service's PUBLIC_URL), or anyone could have a victim mailed a link to their own site.
   */
  requestReset(email: string): void {
    const origin = this.config.publicOrigin;
    if (!this.mailer.configured || !origin) return;
    this.later('password reset mail', async () => {
      const token = randomBytes(32).toString('base64url');
      const issued = await this.accounts.transaction(async (tx) => {
        const account = await this.accounts.userByEmail(email, tx);
        const user = account && (await this.accounts.lockUser(tx, account.id));
        if (!user?.active) return null;
        const issued = await this.accounts.issuePasswordToken(tx, {
          userId: user.id,
          tokenHash: sha256(token),
          purpose: 'reset',
          ttlSeconds: RESET_PASSWORD_TTL_SECONDS,
          createdBy: null,
        });
        await this.audit.append(tx, {
          actorId: null,
          action: 'user.password_reset_issued',
          entityType: 'user',
          entityId: user.id,
          data: this.issuedData(issued, 'reset', true),
        });
        return { email: user.email, expiresAt: issued.expiresAt };
      });
      return (
        issued && resetPasswordMail(issued.email, passwordLink(origin, token), issued.expiresAt)
      );
    });
  }

  /**
   * Sets the password of the token's user, marks the token used and ends every session of the
   * user. Answers the user's e-mail. A token that is unknown, used or expired is one 400.
   */
  async reset(token: string, newPassword: string, ip: string): Promise<{ email: string }> {
    if (!TOKEN.test(token)) throw invalidToken();
    const tokenHash = sha256(token);
    // Cheap refusal first: a forged token costs no password hash.
    if (!(await this.accounts.livePasswordToken(tokenHash))) throw invalidToken();
    const passwordHash = await hashPassword(newPassword);
    const user = await this.accounts.transaction(async (tx) => {
      const used = await this.accounts.consumePasswordToken(tx, tokenHash);
      if (!used) throw invalidToken();
      const user = await this.accounts.lockUser(tx, used.userId);
      // Deactivated since the link was issued: the link is as dead as the account.
      if (!user?.active) throw invalidToken();
      await this.accounts.setPassword(tx, user.id, passwordHash);
      await this.accounts.revokeSessions(tx, user.id, 'password_reset');
      await this.audit.append(tx, {
        actorId: user.id,
        action: 'user.password_reset',
        entityType: 'user',
        entityId: user.id,
        data: { tokenId: used.id, purpose: used.purpose, ip },
      });
      return user;
    });
    this.sessions.evictUser(user.id);
    return { email: user.email };
  }

  /** Resolves when the mail work started so far (and any it started in turn) has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.settled();
  }

  /** The audit data of an issued token: never the token, nor anything it could be told from. */
  private issuedData(
    issued: { id: string; expiresAt: Date },
    purpose: PasswordTokenPurpose,
    mailed: boolean,
  ): Record<string, unknown> {
    return { tokenId: issued.id, purpose, expiresAt: issued.expiresAt.toISOString(), mailed };
  }

  /** Prepares a mail (or decides there is none) and sends it, after the current request. */
  private later(what: string, prepare: () => Promise<Mail | null> | Mail | null): void {
    const task = new Promise<void>((resolve) => setImmediate(resolve))
      .then(prepare)
      .then((mail) => (mail ? this.mailer.send(mail) : undefined))
      .catch((error: { code?: string; responseCode?: number; command?: string }) => {
        // Codes only: a message could quote the address, and the mail carries the token.
        this.logger.warn(
          { what, code: error.code, responseCode: error.responseCode, command: error.command },
          'password mail failed',
        );
      });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }
}
