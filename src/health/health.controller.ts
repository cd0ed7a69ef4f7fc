import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Check, LivenessDto, ReadinessDto } from './dto/health.dto';
import Redis from 'ioredis';
import { access, constants, mkdir } from 'node:fs/promises';
import { InjectConfig, InjectRedis } from '../common/core.module';
import { Public } from '../common/decorators';
import { NoRateLimit } from '../common/rate-limit.guard';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/config';
import { Transactions } from '../database/transactions';
import { Metrics } from './metrics';

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

async function probe(check: () => Promise<unknown>): Promise<Check> {
  try {
    await within(check(), 2000);
    return 'up';
  } catch {
    return 'down';
  }
}

@ApiTags('operations')
@Public()
@NoRateLimit()
@Controller()
export class HealthController {
  constructor(
    private readonly database: Transactions,
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return {
      status: 'ok',
      environment: this.config.nodeEnv === 'production' ? 'production' : 'development',
    };
  }

  @Get('health/ready')
  @ApiOkResponse({ type: ReadinessDto })
  @ApiErrors(503)
  async ready(): Promise<ReadinessDto> {
    const checks = {
      database: await probe(() => this.database.ping()),
      redis: await probe(() => this.redis.ping()),
      storage: await probe(async () => {
        await mkdir(this.config.storageDir, { recursive: true });
        await access(this.config.storageDir, constants.W_OK);
      }),
    };
    const down = Object.entries(checks).filter(([, state]) => state === 'down');
    if (down.length > 0) {
      throw new DomainError(
        'unavailable',
        `Not ready: ${down.map(([name]) => name).join(', ')} down`,
        checks,
      );
    }
    return { status: 'ok', checks };
  }

  @ApiExcludeEndpoint()
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
