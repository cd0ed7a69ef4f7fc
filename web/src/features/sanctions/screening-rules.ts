import type { components } from '../../api/schema';

export type IncidentScreening = components['schemas']['IncidentScreeningDto'];
export type ActorScreening = components['schemas']['ActorScreeningDto'];
export type Candidate = components['schemas']['CandidateDto'];
export type Decision = components['schemas']['DecisionDto'];
export type DecisionKind = Decision['decision'];

export const SCREENING_ANCHOR = 'screening';
export const DECISIONS: DecisionKind[] = ['confirmed', 'dismissed', 'unsure'];

/** Statuses in which candidates are decided: from submission on, while the case lives. */
const DECIDABLE = ['in_verification', 'verified', 'published'];

/**
 * Why the user may not decide, as a key of `sanctions.whyNot`: the same rules as the server's,
 * so the reason is said in the user's language; null when none of them applies (the server's
 * own sentence is shown then).
 */
export function whyNotKey(
  me: { id: string; roles: string[] },
  incident: { createdBy: string; status: string },
): 'role' | 'fourEyes' | 'state' | null {
  if (!me.roles.includes('verifier') && !me.roles.includes('admin')) return 'role';
  if (incident.createdBy === me.id) return 'fourEyes';
  if (!DECIDABLE.includes(incident.status)) return 'state';
  return null;
}

/** A designation's reference without the list's prefix: "UN:KPe.001" → "KPe.001". */
export const bareReference = (ref: string): string => ref.replace(/^UN:/, '');

/** The latest decision on one candidate of an actor (decisions arrive oldest first or not). */
export function latestDecision(decisions: Decision[], reference: string): Decision | undefined {
  return decisions
    .filter((decision) => decision.reference === reference)
    .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt))[0];
}

/** Candidates best first: the server orders them, but a tie-break by reference keeps it stable. */
export const bestFirst = (candidates: Candidate[]): Candidate[] =>
  [...candidates].sort((a, b) => b.score - a.score || a.reference.localeCompare(b.reference));

/** Screening is still running for an actor: the panel asks again a few times. */
export const anyPending = (screening: IncidentScreening | undefined): boolean =>
  Boolean(screening?.actors.some((actor) => actor.status === 'pending'));
