import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { Logger } from 'pino';
import { AuthUser } from './auth-user';
import { Clock, InjectClock, InjectConfig, InjectLogger, InjectRedis } from './core.module';
import { DomainError } from './errors';
import { AppConfig } from '../config/config';

export const NO_RATE_LIMIT_KEY = 'rate-limit:skip';
/** Operations endpoints (health, metrics) that probes call often. */
export const NoRateLimit = (): MethodDecorator & ClassDecorator =>
  SetMetadata(NO_RATE_LIMIT_KEY, true);

const WINDOW_SECONDS = 60;

/** INCR and, for a new window, EXPIRE: one command, atomic, instead of a 4-command MULTI. */
const COUNT_IN_WINDOW = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

type CountingRedis = Redis & {
  countInWindow(key: string, ttlSeconds: number): Promise<number>;
};

/**
 * Fixed one-minute windows counted in Redis, so every API process shares them: per user for
 * signed-in calls, per client address for anonymous ones. Runs after the access guard.
 * If Redis is unreachable the request goes through: a limiter must not take the API down.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly redis: CountingRedis;

  constructor(
    private readonly reflector: Reflector,
    @InjectRedis() redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
    @InjectClock() private readonly clock: Clock,
  ) {
    // EVALSHA, with ioredis loading the script on NOSCRIPT; the key prefix applies to KEYS.
    redis.defineCommand('countInWindow', { numberOfKeys: 1, lua: COUNT_IN_WINDOW });
    this.redis = redis as CountingRedis;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const [key, limit] = request.user
      ? [`rl:user:${request.user.id}`, this.config.rateLimitUserPerMinute]
      : [`rl:ip:${request.ip}`, this.config.rateLimitPublicPerMinute];
    const now = Math.floor(this.clock.now() / 1000);
    const window = Math.floor(now / WINDOW_SECONDS);
    let count: number;
    try {
      count = Number(await this.redis.countInWindow(`${key}:${window}`, WINDOW_SECONDS * 2));
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'rate limiter skipped: redis unavailable',
      );
      return true;
    }
    if (count > limit) {
      throw new DomainError(
        'too_many_requests',
        'Rate limit exceeded; slow down',
        undefined,
        (window + 1) * WINDOW_SECONDS - now,
      );
    }
    return true;
  }
}
