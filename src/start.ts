import { AppRole, ConfigError, loadConfig } from './config/config';
import { createLogger } from './common/logger';
import { createApp } from './configure-app';
import { prepareDependencies, StartupError } from './database/startup';
import { startWorker } from './worker';

/** The start-up path of both entry points; APP_ROLE (or the entry point) picks what runs. */
export async function start(role?: AppRole): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig(role ? { ...process.env, APP_ROLE: role } : process.env);
  const logger = createLogger(config.logLevel);
  for (const name of config.derivedSecrets) {
    logger.warn(`${name} is not set; using a development value. Set it before any real use.`);
  }
  await prepareDependencies(config, logger);
  if (config.appRole === 'worker') {
    await startWorker(config, logger);
    logger.info(
      { role: 'worker', startupMs: Date.now() - startedAt },
      'sanctions-tracker worker started',
    );
    return;
  }
  const app = await createApp(config, logger);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { port: config.port, role: config.appRole, startupMs: Date.now() - startedAt },
    `sanctions-tracker listening on http://${config.host}:${config.port}`,
  );
}

export function exitOnStartFailure(error: unknown): never {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`sanctions-tracker: ${error.message}\n`);
  } else {
    process.stderr.write(
      `sanctions-tracker: failed to start: ${(error as Error)?.stack ?? String(error)}\n`,
    );
  }
  process.exit(1);
}
