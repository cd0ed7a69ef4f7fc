import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { InjectConfig, InjectRedis } from '../common/core.module';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/config';

/**
 * Failed-login counters per account and per client address, kept in Redis so every API
 * process shares them. A fixed window starts at the first failure.
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

  async assertAllowed(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const [[, account], [, accountTtl], [, perIp], [, ipTtl]] = (await this.redis
      .multi()
      .get(keys.account)
      .pttl(keys.account)
      .get(keys.ip)
      .pttl(keys.ip)
      .exec()) as [unknown, string | number | null][];
    const blocked = (count: unknown, max: number): boolean => Number(count ?? 0) >= max;
    if (blocked(account, this.config.loginMaxFailuresPerAccount)) {
      throw this.tooMany(Number(accountTtl));
    }
    if (blocked(perIp, this.config.loginMaxFailuresPerIp)) throw this.tooMany(Number(ipTtl));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const windowMs = this.config.loginFailureWindowSeconds * 1000;
    // NX: the window starts at the first failure and is not extended by later ones.
    await this.redis
      .multi()
      .incr(keys.account)
      .pexpire(keys.account, windowMs, 'NX')
      .incr(keys.ip)
      .pexpire(keys.ip, windowMs, 'NX')
      .exec();
  }

  async reset(email: string, ip: string): Promise<void> {
    await this.redis.del(this.keys(email, ip).account);
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
