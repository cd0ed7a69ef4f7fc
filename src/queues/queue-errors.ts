import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { QUEUES } from './queues';

/**
 * A queue with no 'error' listener prints every failed reconnect to stderr. While Redis is
 * away that is a line per queue per retry; readiness already reports it, so log at debug.
 */
@Injectable()
export class QueueErrorLog implements OnModuleInit {
  constructor(
    private readonly moduleRef: ModuleRef,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('error', (error: Error) =>
        this.logger.debug({ queue: name, err: error.message }, 'queue: redis error'),
      );
    }
  }
}
