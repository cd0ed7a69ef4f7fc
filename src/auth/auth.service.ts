import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth-user';
import { InjectConfig } from '../common/core.module';
import { DomainError, unauthorized } from '../common/errors';
import { AppConfig } from '../config/config';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../users/password';
import { User } from '../users/user.entity';
import { normaliseEmail, UsersService } from '../users/users.service';
import { UsersRepository } from '../users/users.repository';
import { PasswordResets } from '../users/password-resets.service';
import { MeDto, TokensDto } from './dto/auth.dto';
import { LoginThrottle } from './login-throttle';
import { SessionCache } from '../session-cache/session-cache';
import { Session } from '../users/session.entity';

const BAD_CREDENTIALS = 'Invalid email or password';
const BAD_REFRESH = 'Refresh token is invalid, expired or revoked';

// Strict, so a malformed id is refused here instead of failing the cast to uuid in PostgreSQL.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * The secret of the token that replaces `presented`: only a holder of the presented token can
 * compute it, and the service can compute it again, so a second refresh within REFRESH_GRACE
 * (two tabs, a retried request) is handed the same successor without storing any secret.
 */
const successorSecret = (key: Buffer, presented: string): string =>
  createHmac('sha256', key).update(presented).digest('base64url');

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Tokens and whether the session's browser cookie should persist (the controller decides). */
export type SessionTokens = TokensDto & { refreshToken: string; remember: boolean };

export const mapMe = (user: User): MeDto => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  roles: user.roles,
  active: user.active,
});

@Injectable()
export class AuthService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly accounts: UsersRepository,
    private readonly sessions: SessionCache,
    private readonly resets: PasswordResets,
  ) {
    this.graceKey = createHmac('sha256', config.jwtSecret).update('refresh-successor').digest();
  }

  private readonly graceKey: Buffer;

  async login(
    email: string,
    password: string,
    ip: string,
    remember = false,
  ): Promise<SessionTokens> {
    const normalised = normaliseEmail(email);
    await this.throttle.attempt(normalised, ip);
    const user = await this.accounts.userByEmail(normalised);
    let valid = false;
    if (user) valid = (await verifyPassword(user.passwordHash, password)) && user.active;
    else await burnPasswordCheck(password);
    if (!user || !valid) {
      await this.audit.record({
        actorId: null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        data: { ip, reason: !user ? 'unknown_email' : user.active ? 'wrong_password' : 'inactive' },
      });
      throw unauthorized(BAD_CREDENTIALS);
    }
    await this.throttle.reset(normalised, ip);
    return this.accounts.transaction(async (manager) => {
      const session = await this.accounts.openSession(manager, user.id, ip, remember);
      const tokens = await this.issue(manager, user, session);
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'auth.login_succeeded',
        entityType: 'user',
        entityId: user.id,
        data: { ip, sessionId: session.id, remember },
      });
      return tokens;
    });
  }

  async refresh(presented: string): Promise<SessionTokens> {
    const [id, secret] = presented.split('.');
    if (!id || !secret || !UUID.test(id)) throw unauthorized(BAD_REFRESH);
    const token = await this.accounts.refreshToken(id);
    if (!token || !sameHash(token.tokenHash, sha256(secret))) throw unauthorized(BAD_REFRESH);

    let revokedUserId: string | undefined;
    const outcome = await this.accounts.transaction(async (manager) => {
      // Conditional: of two requests presenting the same token, exactly one consumes it; the
      // other waits for its commit, then finds it consumed.
      const consumed = await this.accounts.consumeRefreshToken(manager, id);
      const session = await this.accounts.session(manager, token.sessionId);
      if (!consumed) {
        const now = await this.accounts.refreshToken(id, manager);
        if (!now?.consumedAt) return 'expired' as const;
        const successor = await this.accounts.successorWithin(
          manager,
          id,
          this.config.refreshGraceSeconds,
        );
        if (successor && !session.revokedAt) {
          const user = await this.accounts.activeUser(session.userId, manager);
          if (!user) return 'revoked' as const;
          return this.tokensFor(
            user,
            session,
            successor,
            successorSecret(this.graceKey, presented),
          );
        }
        revokedUserId = session.userId;
        return this.revokeFamilyForReuse(manager, session);
      }
      if (session.revokedAt) return 'revoked' as const;
      const user = await this.accounts.activeUser(session.userId, manager);
      if (!user) return 'revoked' as const;
      const tokens = await this.issue(manager, user, session, {
        secret: successorSecret(this.graceKey, presented),
        replacing: id,
      });
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'auth.refreshed',
        entityType: 'session',
        entityId: session.id,
      });
      return tokens;
    });
    if (revokedUserId) this.sessions.evictUser(revokedUserId);
    if (typeof outcome === 'string') throw unauthorized(BAD_REFRESH);
    return outcome;
  }

  /** The signed-in caller's user row; the access guard has checked it exists and is active. */
  private async callerUser(caller: AuthUser): Promise<User> {
    const user = await this.accounts.user(caller.id);
    if (!user) throw unauthorized();
    return user;
  }

  async logout(caller: AuthUser, presented: string): Promise<void> {
    const [id, secret] = presented.split('.');
    const token =
      id && secret && UUID.test(id) ? await this.accounts.refreshTokenWithSession(id) : null;
    if (
      !token ||
      !sameHash(token.tokenHash, sha256(secret)) ||
      token.session?.userId !== caller.id
    ) {
      throw unauthorized(BAD_REFRESH);
    }
    await this.accounts.transaction(async (manager) => {
      await this.accounts.revokeSession(manager, token.sessionId, 'logout');
      await this.audit.append(manager, {
        actorId: caller.id,
        action: 'auth.logout',
        entityType: 'session',
        entityId: token.sessionId,
      });
    });
    this.sessions.evictUser(caller.id);
  }

  async me(caller: AuthUser): Promise<MeDto> {
    return mapMe(await this.callerUser(caller));
  }

  /** Changes the password, ends every session, and hands the caller tokens of a new one. */
  async changePassword(
    caller: AuthUser,
    current: string,
    next: string,
    ip: string,
  ): Promise<SessionTokens> {
    const user = await this.callerUser(caller);
    // A stolen access token must not become an unthrottled password oracle: this check counts
    // against the same per-account and per-address limits as signing in (spec 4).
    await this.throttle.attempt(user.email, ip);
    if (!(await verifyPassword(user.passwordHash, current))) {
      await this.audit.record({
        actorId: user.id,
        action: 'auth.password_change_failed',
        entityType: 'user',
        entityId: user.id,
        data: { ip, reason: 'wrong_password' },
      });
      throw new DomainError('unprocessable', 'Current password is wrong');
    }
    await this.throttle.reset(user.email, ip);
    if (current === next) {
      throw new DomainError('unprocessable', 'New password must differ from the current one');
    }
    const passwordHash = await hashPassword(next);
    const tokens = await this.accounts.transaction(async (manager) => {
      await this.accounts.setPassword(manager, user.id, passwordHash);
      // Every session ends, this one included; the caller carries on in a fresh session, so
      // no token issued before the change (not even this request's) is accepted again.
      const { remember } = await this.accounts.session(manager, caller.sessionId);
      await this.users.revokeSessions(manager, user.id, 'password_changed');
      const session = await this.accounts.openSession(manager, user.id, ip, remember);
      const tokens = await this.issue(manager, { ...user, passwordHash }, session);
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: user.id,
        data: { sessionId: session.id },
      });
      return tokens;
    });
    this.sessions.evictUser(user.id);
    return tokens;
  }

  /**
   * A forgotten password (spec 4). Every address does the same work before the answer: one
   * attempt on its counters (429 past the login limits), then the mail, if any, is left for
   * after the answer.
   */
  async forgotPassword(email: string, ip: string): Promise<void> {
    const normalised = normaliseEmail(email);
    await this.throttle.attempt(normalised, ip, 'password-forgot');
    this.resets.requestReset(normalised);
  }

  /** Uses a set-password token; counted per address, like sign-in. */
  async resetPassword(token: string, newPassword: string, ip: string): Promise<void> {
    await this.throttle.attemptFromAddress(ip, 'password-reset');
    const { email } = await this.resets.reset(token, newPassword, ip);
    // Failed sign-ins with the forgotten password no longer hold the account back.
    await this.throttle.clearAccount(email);
  }

  /**
   * A new refresh token for the session, and an access token. When it replaces a presented
   * token, its secret is derived from that one (successorSecret), and the old row names it.
   */
  private async issue(
    manager: EntityManager,
    user: User,
    session: Session,
    rotation?: { secret: string; replacing: string },
  ): Promise<SessionTokens> {
    const secret = rotation?.secret ?? randomBytes(32).toString('base64url');
    const refresh = await this.accounts.saveRefreshToken(
      manager,
      session.id,
      sha256(secret),
      new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    );
    if (rotation) await this.accounts.markReplaced(manager, rotation.replacing, refresh.id);
    return this.tokensFor(user, session, refresh.id, secret);
  }

  private async tokensFor(
    user: User,
    session: Session,
    refreshId: string,
    secret: string,
  ): Promise<SessionTokens> {
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, sid: session.id, roles: user.roles },
      {
        algorithm: 'HS256',
        audience: this.config.jwtAudience,
        expiresIn: this.config.accessTokenTtlSeconds,
        secret: this.config.jwtSecret,
      },
    );
    return {
      accessToken,
      refreshToken: `${refreshId}.${secret}`,
      expiresIn: this.config.accessTokenTtlSeconds,
      user: mapMe(user),
      remember: session.remember,
    };
  }

  private async revokeFamilyForReuse(manager: EntityManager, session: Session): Promise<'reused'> {
    await this.accounts.revokeSession(manager, session.id, 'refresh_reuse');
    await this.audit.append(manager, {
      actorId: session.userId,
      action: 'auth.refresh_reuse_detected',
      entityType: 'session',
      entityId: session.id,
    });
    return 'reused';
  }
}
