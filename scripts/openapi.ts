import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { API_PREFIX, createAdapter, PUBLIC_PATHS } from '../src/configure-app';
import { buildOpenApi } from '../src/openapi-contract';

/** Writes openapi.json from the routes and DTOs alone, without connecting to anything. */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
  const logger = createLogger('silent');
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    createAdapter(config),
    { preview: true, logger: false },
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: PUBLIC_PATHS });
  const target = join(__dirname, '..', '..', 'openapi.json');
  writeFileSync(target, `${JSON.stringify(buildOpenApi(app), null, 2)}\n`);
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
}

void main();
