import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { InjectConfig, InjectRedis } from '../common/core.module';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/config';

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

  private keys(email: string, ip: string): { account: string; ip: string } {
    // The e-mail is hashed so the Redis keyspace holds no addresses.
    const account = createHash('sha256').update(email).digest('hex');
    return { account: `login-fail:account:${account}`, ip: `login-fail:ip:${ip}` };
  }

  /**
   * Counts this attempt before the password is checked, so parallel guesses cannot all pass
   * a read-only check: the attempt beyond the limit is refused, whatever its password.
   * A successful login then takes its own attempt back off the account counter.
   */
  async attempt(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const windowMs = this.config.loginFailureWindowSeconds * 1000;
    // NX: the window starts at the first attempt and is not extended by later ones.
    const results = (await this.guard(
      this.redis
        .multi()
        .incr(keys.account)
        .pexpire(keys.account, windowMs, 'NX')
        .pttl(keys.account)
        .incr(keys.ip)
        .pexpire(keys.ip, windowMs, 'NX')
        .pttl(keys.ip)
        .exec(),
    )) as [unknown, number][];
    const [account, , accountTtl, perIp, , ipTtl] = results.map(([, value]) => Number(value));
    if (account > this.config.loginMaxFailuresPerAccount) throw this.tooMany(accountTtl);
    if (perIp > this.config.loginMaxFailuresPerIp) throw this.tooMany(ipTtl);
  }

  /** After a successful login: the account starts afresh, the address gets its attempt back. */
  async reset(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    try {
      await this.redis.del(keys.account);
      // Decrement only a live counter: DECR on an expired key would leave -1 without a TTL.
      await this.redis.eval(
        "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0",
        1,
        keys.ip,
      );
    } catch {
      // The password was right; counters that could not be reset expire with their window.
    }
  }

  /** Without its counters, sign-in fails closed: 503 rather than unthrottled guessing. */
  private async guard<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch {
      throw new DomainError('unavailable', 'Sign-in is temporarily unavailable; try again shortly');
    }
  }

  private tooMany(ttlMs: number): DomainError {
    const seconds = ttlMs > 0 ? Math.ceil(ttlMs / 1000) : this.config.loginFailureWindowSeconds;
    return new DomainError(
      'too_many_requests',
      'Too many failed sign-in attempts; try again later',
      undefined,
      seconds,
    );
  }
}
