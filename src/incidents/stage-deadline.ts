import { IncidentStatus } from '../workflow/workflow';

/** The stage deadlines of spec 9, in seconds (INTAKE_STALE_AFTER and the others). */
export interface StageDeadlines {
  intake: number;
  inVerification: number;
  verified: number;
}

/** Where an incident stands against its current stage's deadline. */
export interface StageDeadline {
  dueAt: string | null;
  overdue: boolean;
  escalated: boolean;
}

/** Seconds an incident may stay in a status before it is due; null for the ones without. */
export function deadlineOf(status: IncidentStatus, deadlines: StageDeadlines): number | null {
  switch (status) {
    case 'intake':
      return deadlines.intake;
    case 'in_verification':
      return deadlines.inVerification;
    case 'verified':
      return deadlines.verified;
    case 'published':
    case 'rejected':
    case 'retracted':
    case 'withdrawn':
      return null;
  }
}

/**
 * When the current stage's deadline falls, and whether it (a reminder) or twice it (an
 * escalation to admins) has passed: the same rule the reminder sweep applies (spec 9).
 */
export function stageDeadline(
  incident: { status: IncidentStatus; stageEnteredAt: Date },
  deadlines: StageDeadlines,
  now = Date.now(),
): StageDeadline {
  const seconds = deadlineOf(incident.status, deadlines);
  if (seconds === null) return { dueAt: null, overdue: false, escalated: false };
  const entered = incident.stageEnteredAt.getTime();
  const due = entered + seconds * 1000;
  return {
    dueAt: new Date(due).toISOString(),
    overdue: now >= due,
    escalated: now >= entered + 2 * seconds * 1000,
  };
}

/**
 * SQL over `incidents` `alias`: its stage's deadline has passed (the list's `overdue=true`).
 * Seconds are inlined as numbers: they come from the configuration, never from a request.
 */
export function overdueSql(alias: string, deadlines: StageDeadlines): string {
  const past = (status: IncidentStatus, seconds: number): string =>
    `(${alias}.status = '${status}' AND ${alias}.stage_entered_at <= now() - make_interval(secs => ${Number(seconds)}))`;
  return `(${past('intake', deadlines.intake)} OR ${past('in_verification', deadlines.inVerification)} OR ${past('verified', deadlines.verified)})`;
}

export function deadlinesOf(config: {
  intakeStaleAfterSeconds: number;
  verificationDueAfterSeconds: number;
  publicationDueAfterSeconds: number;
}): StageDeadlines {
  return {
    intake: config.intakeStaleAfterSeconds,
    inVerification: config.verificationDueAfterSeconds,
    verified: config.publicationDueAfterSeconds,
  };
}
