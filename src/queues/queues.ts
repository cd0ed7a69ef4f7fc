import { JobsOptions } from 'bullmq';

/** The one registry of queues, job names and payloads. Job names are wire strings: never rename. */
export const QUEUES = {
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  auditCheckpoint: 'audit.checkpoint',
  evidenceIntegrity: 'evidence.integrity-check',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Payloads carry ids only; the database is the truth. */
export interface JobPayloads {
  [JOBS.auditCheckpoint]: Record<string, never>;
  [JOBS.evidenceIntegrity]: Record<string, never>;
}
export type JobOf<N extends JobName> = JobPayloads[N];

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 14 * 24 * 3600 },
};
