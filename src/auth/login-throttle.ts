import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { InjectConfig, InjectRedis } from '../common/core.module';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/config';

/**
 * What is counted: sign-in attempts (and every other check of a password), requests for a
 * forgotten password's mail, and presented password tokens. Each has counters of its own with
 * the same limits and window (LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_IP,
 * LOGIN_FAILURE_WINDOW), so asking for reset mails cannot lock an account out of signing in.
 */
export type Attempt = 'login' | 'password-forgot' | 'password-reset';

const KEY_PREFIX: Record<Attempt, string> = {
  login: 'login-fail',
  'password-forgot': 'password-forgot',
  'password-reset': 'password-reset',
};

const TOO_MANY: Record<Attempt, string> = {
  login: 'Too many failed sign-in attempts; try again later',
  'password-forgot': 'Too many password reset requests; try again later',
  'password-reset': 'Too many password reset attempts; try again later',
};

/**
 * Login attempt counters per account and per client address, kept in Redis so every API
 * process shares them; only failed attempts stay counted. A fixed window starts at the first.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private accountKey(email: string, kind: Attempt): string {
    // The e-mail is hashed so the Redis keyspace holds no addresses.
    const account = createHash('sha256').update(email).digest('hex');
    return `${KEY_PREFIX[kind]}:account:${account}`;
  }

  private ipKey(ip: string, kind: Attempt): string {
    return `${KEY_PREFIX[kind]}:ip:${ip}`;
  }

  /**
   * Counts this attempt before the password is checked, so parallel guesses cannot all pass
   * a read-only check: the attempt beyond the limit is refused, whatever its password.
   * A successful login then takes its own attempt back off the account counter.
   */
  async attempt(email: string, ip: string, kind: Attempt = 'login'): Promise<void> {
    const account = this.accountKey(email, kind);
    const address = this.ipKey(ip, kind);
    const windowMs = this.config.loginFailureWindowSeconds * 1000;
    // NX: the window starts at the first attempt and is not extended by later ones.
    const results = (await this.guard(
      this.redis
        .multi()
        .incr(account)
        .pexpire(account, windowMs, 'NX')
        .pttl(account)
        .incr(address)
        .pexpire(address, windowMs, 'NX')
        .pttl(address)
        .exec(),
    )) as [unknown, number][];
    const [perAccount, , accountTtl, perIp, , ipTtl] = results.map(([, value]) => Number(value));
    if (perAccount > this.config.loginMaxFailuresPerAccount) throw this.tooMany(kind, accountTtl);
    if (perIp > this.config.loginMaxFailuresPerIp) throw this.tooMany(kind, ipTtl);
  }

  /** Counts an attempt that names no account (a presented token) against its address only. */
  async attemptFromAddress(ip: string, kind: Attempt): Promise<void> {
    const address = this.ipKey(ip, kind);
    const windowMs = this.config.loginFailureWindowSeconds * 1000;
    const results = (await this.guard(
      this.redis.multi().incr(address).pexpire(address, windowMs, 'NX').pttl(address).exec(),
    )) as [unknown, number][];
    const [perIp, , ipTtl] = results.map(([, value]) => Number(value));
    if (perIp > this.config.loginMaxFailuresPerIp) throw this.tooMany(kind, ipTtl);
  }

  /** After a successful login: the account starts afresh, the address gets its attempt back. */
  async reset(email: string, ip: string): Promise<void> {
    try {
      await this.redis.del(this.accountKey(email, 'login'));
      // Decrement only a live counter: DECR on an expired key would leave -1 without a TTL.
      await this.redis.eval(
        "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0",
        1,
        this.ipKey(ip, 'login'),
      );
    } catch {
      // The password was right; counters that could not be reset expire with their window.
    }
  }

  /** After a password reset: failed sign-ins with the forgotten password no longer count. */
  async clearAccount(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email, 'login')).catch(() => undefined);
  }

  /** Without its counters, sign-in fails closed: 503 rather than unthrottled guessing. */
  private async guard<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch {
      throw new DomainError('unavailable', 'Sign-in is temporarily unavailable; try again shortly');
    }
  }

  private tooMany(kind: Attempt, ttlMs: number): DomainError {
    const seconds = ttlMs > 0 ? Math.ceil(ttlMs / 1000) : this.config.loginFailureWindowSeconds;
    return new DomainError('too_many_requests', TOO_MANY[kind], undefined, seconds);
  }
}
