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
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    throw listenError(error, config.port, config.host);
  }
  logger.info(
    { port: config.port, role: config.appRole, startupMs: Date.now() - startedAt },
    `sanctions-tracker listening on http://${config.host}:${config.port}`,
  );
}

/** A port that cannot be had is the operator's to fix: one line saying how, not a stack. */
function listenError(error: unknown, port: number, host: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `port ${port} is already in use on ${host}: stop the other process that listens there, ` +
        `or start on another port, e.g. PORT=${port < 65535 ? port + 1 : port - 1} npm start`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `not allowed to listen on port ${port} on ${host}: ports below 1024 need privileges; ` +
        'use a higher one, e.g. PORT=3000 npm start',
    );
  }
  return error;
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
