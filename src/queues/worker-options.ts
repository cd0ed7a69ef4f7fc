import { WorkerOptions } from 'bullmq';
import { ConfigError, parseDurationSeconds } from '../config/config';

const DEFAULT_LOCK = 'PT30S';

/**
 * Options of every BullMQ processor. A job whose worker died (killed, out of memory, machine
 * lost) keeps its lock for WORKER_LOCK_DURATION, then the next stalled check hands it to another
 * worker. Processor decorators are evaluated when their file is imported, before Nest's config
 * provider exists, so this reads the variable itself; loadConfig() validates the same variable
 * at start and stops with one clear line when it is wrong.
 */
export function workerOptions(options: Partial<WorkerOptions> = {}): Partial<WorkerOptions> {
  let lockMs: number;
  try {
    lockMs =
      parseDurationSeconds(
        'WORKER_LOCK_DURATION',
        process.env.WORKER_LOCK_DURATION || DEFAULT_LOCK,
      ) * 1000;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    lockMs = parseDurationSeconds('WORKER_LOCK_DURATION', DEFAULT_LOCK) * 1000;
  }
  return { lockDuration: lockMs, stalledInterval: lockMs, ...options };
}
