import { JobsOptions } from 'bullmq';
import type { DomainEventType } from '../outbox/outbox';

/** The one registry of queues, job names and payloads. Job names are wire strings: never rename. */
export const QUEUES = {
  maintenance: 'maintenance',
  domainEvents: 'domain-events',
  exports: 'exports',
  webhooks: 'webhooks',
  sanctions: 'sanctions',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  auditCheckpoint: 'audit.checkpoint',
  evidenceIntegrity: 'evidence.integrity-check',
  digest: 'notifications.digest',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Payloads carry ids only; the database is the truth. */
export interface JobPayloads {
  [JOBS.auditCheckpoint]: Record<string, never>;
  [JOBS.evidenceIntegrity]: Record<string, never>;
  /** The day (YYYY-MM-DD, UTC) of the digest: one per user per day, however often it runs. */
  [JOBS.digest]: { day?: string };
}
export type JobOf<N extends JobName> = JobPayloads[N];

/**
 * Jobs of the domain-events queue, relayed from the outbox: the job name is the event type
 * (outbox.ts), the job id the event id. Kept apart from JOBS so each processor's switch over
 * its own queue's names stays exhaustive.
 */
export const DOMAIN_EVENT_JOBS = {
  incidentCreated: 'incident.created',
  incidentUpdated: 'incident.updated',
  incidentAssigned: 'incident.assigned',
  incidentTransitioned: 'incident.transitioned',
  reminderDue: 'reminder.due',
  commentMentioned: 'comment.mentioned',
  screeningChanged: 'screening.changed',
} as const satisfies Record<string, DomainEventType>;
export type DomainEventJobName = (typeof DOMAIN_EVENT_JOBS)[keyof typeof DOMAIN_EVENT_JOBS];

/**
 * Events whose job only fans out to webhooks (no in-app notification): the relay enqueues one
 * only when an active webhook subscribes to its type, and otherwise just marks it sent.
 */
export const WEBHOOK_ONLY_EVENTS: readonly DomainEventJobName[] = [
  DOMAIN_EVENT_JOBS.incidentCreated,
  DOMAIN_EVENT_JOBS.incidentUpdated,
  DOMAIN_EVENT_JOBS.reminderDue,
];

/** Every domain-event job carries only the id of its outbox row (outbox_events). */
export interface DomainEventJob {
  eventId: string;
}

/** Jobs of the webhooks queue: one job per delivery (webhook × event), job id = delivery id. */
export const WEBHOOK_JOBS = {
  deliver: 'webhook.deliver',
} as const;
export type WebhookJobName = (typeof WEBHOOK_JOBS)[keyof typeof WEBHOOK_JOBS];

export interface WebhookJobPayloads {
  [WEBHOOK_JOBS.deliver]: { deliveryId: string };
}

/** Jobs of the exports queue; apart from JOBS for the same reason as DOMAIN_EVENT_JOBS. */
export const EXPORT_JOBS = {
  build: 'export.build',
  cleanup: 'export.cleanup',
} as const;
export type ExportJobName = (typeof EXPORT_JOBS)[keyof typeof EXPORT_JOBS];

export interface ExportJobPayloads {
  [EXPORT_JOBS.build]: { exportId: string };
  [EXPORT_JOBS.cleanup]: Record<string, never>;
}

/** Jobs of the sanctions queue: one import of a list (job id = import id), the daily fetch. */
export const SANCTIONS_JOBS = {
  import: 'sanctions.import',
  fetch: 'sanctions.fetch',
  /** Screens every actor again after a list version added or amended designations. */
  rescreen: 'sanctions.rescreen',
} as const;
export type SanctionsJobName = (typeof SANCTIONS_JOBS)[keyof typeof SANCTIONS_JOBS];

export interface SanctionsJobPayloads {
  [SANCTIONS_JOBS.import]: { importId: string };
  [SANCTIONS_JOBS.fetch]: Record<string, never>;
  [SANCTIONS_JOBS.rescreen]: { versionId: string };
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 14 * 24 * 3600 },
};

/**
 * A relayed event's job id is its event id. BullMQ ignores a second add with the same id while
 * the job is kept, so completed jobs are kept a day (no count cap) to absorb a relay that
 * enqueued and then died before marking the row sent.
 */
export const DOMAIN_EVENT_JOB_OPTIONS: JobsOptions = {
  ...DEFAULT_JOB_OPTIONS,
  removeOnComplete: { age: 24 * 3600 },
};
