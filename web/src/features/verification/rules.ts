import type { components } from '../../api/schema';

type Evidence = components['schemas']['EvidenceDto'];
type Source = components['schemas']['SourceDto'] | components['schemas']['RedactedSourceDto'];
type Incident = components['schemas']['IncidentDto'];

export interface Reviewer {
  id: string;
  roles: readonly string[];
}

export type ReviewBlock = 'role' | 'state' | 'status' | 'creator' | 'uploader';

/**
 * Why the caller may not review this item, in the order the API checks (SPEC 8), or null when
 * they may: verifiers and admins, while in verification, a pending item, never their own
 * incident's nor their own upload (four eyes).
 */
export function reviewBlock(me: Reviewer, incident: Incident, item: Evidence): ReviewBlock | null {
  if (!me.roles.includes('verifier') && !me.roles.includes('admin')) return 'role';
  if (incident.status !== 'in_verification') return 'state';
  if (item.status !== 'pending') return 'status';
  if (incident.createdBy === me.id) return 'creator';
  if (item.createdBy === me.id) return 'uploader';
  return null;
}

export interface CorroborationGroup {
  group: string;
  sources: Source[];
  evidence: Evidence[];
}

export interface DecisionFacts {
  pending: number;
  approved: number;
  /** Approved evidence by its source's independence group, in the order first met. */
  groups: CorroborationGroup[];
  /** Approved evidence with no source: it counts for no group. */
  unsourced: Evidence[];
}

/** What the verify preconditions are judged on, the way the server counts them. */
export function decisionFacts(
  evidence: readonly Evidence[],
  sources: readonly Source[],
): DecisionFacts {
  const sourceById = new Map(sources.map((source) => [source.id, source]));
  const groups = new Map<string, CorroborationGroup>();
  const unsourced: Evidence[] = [];
  for (const item of evidence) {
    if (item.status !== 'approved') continue;
    const source = item.sourceId ? sourceById.get(item.sourceId) : undefined;
    if (!source) {
      unsourced.push(item);
      continue;
    }
    let group = groups.get(source.independenceGroup);
    if (!group) {
      group = { group: source.independenceGroup, sources: [], evidence: [] };
      groups.set(source.independenceGroup, group);
    }
    if (!group.sources.includes(source)) group.sources.push(source);
    group.evidence.push(item);
  }
  return {
    pending: evidence.filter((item) => item.status === 'pending').length,
    approved: evidence.filter((item) => item.status === 'approved').length,
    groups: [...groups.values()],
    unsourced,
  };
}

export type Confidence = 'confirmed' | 'likely' | 'possible';

/** Whether "verify" may be sent with this confidence: the API's preconditions, before it says 422. */
export function canVerify(facts: DecisionFacts, confidence: Confidence | null): boolean {
  return (
    facts.pending === 0 &&
    facts.approved > 0 &&
    confidence !== null &&
    (confidence !== 'confirmed' || facts.groups.length >= 2)
  );
}
