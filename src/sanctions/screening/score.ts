// TEMPORARY STUB (replaced by the scorer branch)
import { nameTokens } from './names';
export type ScreenedActorType = 'person' | 'organization' | 'company' | 'vessel' | 'state';
export interface ScreeningQuery {
  name: string;
  type: ScreenedActorType;
  imoNumber?: string;
  nationality?: string;
  birthYear?: number;
}
export interface CandidateDesignation {
  reference: string;
  kind: 'individual' | 'entity' | 'vessel';
  listType: string;
  name: string;
  familyName: string | null;
  givenName: string | null;
  originalScript: string | null;
  aliases: { name: string; quality: string | null }[];
  nationalities: string[];
  datesOfBirth: Record<string, string>[];
  imoNumbers: string[];
  companyNumbers: string[];
  listedOn: string | null;
  removedAt?: Date | null;
}
export type Band = 'strong' | 'possible';
export interface TokenMatch {
  query: string;
  candidate: string | null;
  similarity: number;
  family: boolean;
}
export interface Explanation {
  matchedName: string;
  matchedNameKind: 'name' | 'alias' | 'originalScript';
  aliasQuality: string | null;
  queryName: string;
  tokens: TokenMatch[];
  nameScore: number;
  identifiers: { kind: 'imo' | 'companyNumber'; value: string; agreed: boolean }[];
  qualifiers: {
    kind: 'nationality' | 'birthYear';
    query: string;
    candidate: string;
    agreed: boolean;
    effect: number;
  }[];
  notes: string[];
}
export interface ScoredCandidate {
  reference: string;
  score: number;
  band: Band;
  explanation: Explanation;
}
export function bandOf(score: number): Band | null {
  return score >= 0.9 ? 'strong' : score > 0.7 ? 'possible' : null;
}
export function scoreCandidate(
  query: ScreeningQuery,
  d: CandidateDesignation,
): ScoredCandidate | null {
  const q = new Set(nameTokens(query.name));
  let best = 0;
  let matched = d.name;
  for (const n of [d.name, ...d.aliases.map((a) => a.name)]) {
    const c = nameTokens(n);
    const shared = c.filter((t) => q.has(t)).length;
    const s = shared / Math.max(q.size, c.length, 1);
    if (s > best) {
      best = s;
      matched = n;
    }
  }
  if (query.imoNumber && d.imoNumbers.includes(query.imoNumber)) best = Math.max(best, 0.95);
  const score = Math.round(best * 100) / 100;
  const band = bandOf(score);
  if (!band) return null;
  return {
    reference: d.reference,
    score,
    band,
    explanation: {
      matchedName: matched,
      matchedNameKind: 'name',
      aliasQuality: null,
      queryName: query.name,
      tokens: [],
      nameScore: score,
      identifiers: [],
      qualifiers: [],
      notes: [],
    },
  };
}
export function designatedAtTheTime(
  listedOn: string | null,
  from: string,
  to: string,
): 'yes' | 'no' | 'partly' | 'unknown' {
  if (!listedOn) return 'unknown';
  if (listedOn <= from) return 'yes';
  if (listedOn > to) return 'no';
  return 'partly';
}
