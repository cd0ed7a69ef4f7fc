import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'pino';
import { NestPinoLogger } from './common/logger';
import { AppConfig } from './config/config';
import { exitOnStartFailure, start } from './start';
import { WorkerModule } from './worker.module';

/** BullMQ processors only, no HTTP. On SIGTERM the workers finish or hand back their jobs. */
export async function startWorker(
  config: AppConfig,
  logger: Logger,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
  return app;
}

if (require.main === module) {
  start('worker').catch(exitOnStartFailure);
}
